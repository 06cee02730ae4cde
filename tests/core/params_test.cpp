// Parameters: typed, ranged, and every error names the problem.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lesson.h"
#include "lessons/lesson_files.h"

namespace threadlab {
namespace {

const Lesson& Race() { return *FindLesson("race-condition"); }

TEST(Registry, ListsEveryLessonFileOnceInTheFilesOrder) {
  std::vector<std::string> registry, files;
  for (const Lesson* lesson : Lessons()) registry.push_back(lesson->id);
  for (const LessonFile& file : kLessonFiles) files.push_back(file.lesson->id);
  EXPECT_EQ(registry, files) << "core/lessons/registry.cpp lists the lesson files "
                                "(core/lessons/NN_id.cpp) once each, in their numbers' order";
}

TEST(Registry, KeepsTheSeedsSectionsInTheSeedsOrder) {
  // DESIGN.md's contract: the seed's lessons in its order; a lesson beyond the seed may
  // stand between them.
  const std::vector<std::string> seed = {
      "thread", "daemon", "multiple-threads", "thread-pool", "race-condition", "lock",
      "deadlock", "rlock", "semaphore", "timer", "barrier", "producer-consumer-lock",
      "producer-consumer-queue"};
  std::vector<std::string> listed;
  for (const Lesson* lesson : Lessons())
    if (std::find(seed.begin(), seed.end(), lesson->id) != seed.end()) listed.push_back(lesson->id);
  EXPECT_EQ(listed, seed);
}

// A `{word}` that is no parameter would be drawn as plain text: a typo.
void ExpectEverySlotIsAParameter(const Lesson& lesson, const std::string& code, const char* language) {
  for (size_t open = code.find('{'); open != std::string::npos; open = code.find('{', open + 1)) {
    const size_t close = code.find('}', open);
    const std::string word = code.substr(open + 1, close - open - 1);
    const bool is_identifier = !word.empty() && word.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
    if (is_identifier) {
      EXPECT_NE(FindParam(lesson, word), nullptr) << lesson.id << "'s " << language << " shows {" << word << "}";
    }
  }
}

TEST(Registry, EveryParameterHasItsSlotInBothLanguagesAndEverySlotIsAParameter) {
  for (const Lesson* lesson : Lessons()) {
    for (const Param& param : lesson->params) {
      const std::string slot = "{" + std::string(param.name) + "}";
      EXPECT_NE(std::string(lesson->code.source).find(slot), std::string::npos) << lesson->id << " " << slot;
      EXPECT_NE(std::string(lesson->code.python).find(slot), std::string::npos) << lesson->id << " " << slot;
      EXPECT_LE(param.min, param.default_value) << lesson->id << " " << param.name;
      EXPECT_LE(param.default_value, param.max) << lesson->id << " " << param.name;
    }
    ExpectEverySlotIsAParameter(*lesson, lesson->code.source, "C++");
    ExpectEverySlotIsAParameter(*lesson, lesson->code.python, "Python");
    EXPECT_NE(std::string(lesson->code.source).find("int main()"), std::string::npos) << lesson->id;
    EXPECT_GT(std::string(lesson->python_note).size(), 20u) << lesson->id;
  }
}

#ifdef THREADLAB_SOURCE_DIR
// The shown C++ is the lesson's own code: line n of it is line first_line + n of the file,
// with Value<T>("name") where the shown text has {name}.
TEST(Registry, LessonTextsNameTheValuesInUse) {
  const Lesson& semaphore = *FindLesson("semaphore");
  ParamValues values = DefaultValues(semaphore);
  values.Set("permits", 2);
  values.Set("threads", 5);
  const std::string text = FillSlots(semaphore, semaphore.text, values);
  EXPECT_NE(text.find("Here 5 threads share 2 permits: at most 2 are inside"), std::string::npos) << text;
  for (const Lesson* lesson : Lessons()) {  // every {name} in a text is one of its values
    const std::string filled = FillSlots(*lesson, lesson->text, DefaultValues(*lesson));
    EXPECT_EQ(filled.find('{'), std::string::npos) << lesson->id << ": " << filled;
  }
}

TEST(Registry, TheShownSourceIsCutFromTheLessonsFileAtItsLines) {
  for (const Lesson* lesson : Lessons()) {
    std::ifstream file(std::string(THREADLAB_SOURCE_DIR) + "/" + lesson->code.source_map.file);
    ASSERT_TRUE(file) << lesson->code.source_map.file;
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) lines.push_back(line);
    std::istringstream shown(lesson->code.source);
    int number = lesson->code.source_map.first_line;
    for (std::string line; std::getline(shown, line); ++number) {
      ASSERT_LE(number, static_cast<int>(lines.size())) << lesson->id;
      std::string real = lines[number - 1];
      for (const char* type : {"int", "double", "bool"})
        for (const Param& param : lesson->params) {
          const std::string call = std::string("Value<") + type + ">(\"" + param.name + "\")";
          for (size_t at = real.find(call); at != std::string::npos; at = real.find(call))
            real.replace(at, call.size(), "{" + std::string(param.name) + "}");
          const std::string keyword = "WhileOrIf(\"" + std::string(param.name) + "\", ";
          if (const size_t at = real.find(keyword); at != std::string::npos && real.back() == ')')
            real = real.substr(0, at) + "{" + param.name + "} (" +
                   real.substr(at + keyword.size());
        }
      EXPECT_EQ(line, real) << lesson->id << " line " << number;
    }
  }
}
#endif

TEST(Params, AcceptsValuesInRangeOfTheRightKind) {
  ParamValues values;
  EXPECT_EQ(ParseParam(Race(), "workers", "5", values), std::nullopt);
  EXPECT_EQ(values.Integer("workers"), 5);
  EXPECT_EQ(ParseParam(Race(), "sleep", "0.25", values), std::nullopt);
  EXPECT_DOUBLE_EQ(values.Number("sleep"), 0.25);
  EXPECT_EQ(ParseParam(*FindLesson("thread"), "daemon", "true", values), std::nullopt);
  EXPECT_TRUE(values.Flag("daemon"));
  EXPECT_EQ(ParseParam(Race(), "sleep", "2e-1", values), std::nullopt);
  EXPECT_DOUBLE_EQ(values.Number("sleep"), 0.2);
  EXPECT_EQ(ParseParam(*FindLesson("timer"), "cancel_after", "-1", values), std::nullopt);
  EXPECT_EQ(ParseParam(Race(), "sleep", ".5", values), std::nullopt);
}

TEST(Params, BooleansTakePythonsSpellingToo) {
  ParamValues values;
  EXPECT_EQ(ParseParam(*FindLesson("thread"), "join", "True", values), std::nullopt);
  EXPECT_TRUE(values.Flag("join"));
  EXPECT_EQ(ParseParam(*FindLesson("thread"), "join", "False", values), std::nullopt);
  EXPECT_FALSE(values.Flag("join"));
  EXPECT_TRUE(ParseParam(*FindLesson("thread"), "join", "TRUE", values));
}

TEST(Params, RefusesNumbersThatAreNotWrittenPlainly) {
  ParamValues values;
  for (const char* text : {"0x10", " 5", "5 ", "", "+5", "inf", "nan", "1e999", "1e", "-", "."}) {
    const auto error = ParseParam(Race(), "workers", text, values);
    ASSERT_TRUE(error) << "'" << text << "' was taken";
    EXPECT_EQ(*error, "workers must be an integer, got '" + std::string(text) + "'");
  }
  EXPECT_FALSE(values.all().count("workers"));
  double speed = 1;
  EXPECT_TRUE(ParseSpeed("0x10", speed));
  EXPECT_TRUE(ParseSpeed(" 2", speed));
  EXPECT_EQ(speed, 1);
}

TEST(Params, ShownValuesAreWrittenInEachLanguagesSpelling) {
  const Param& join = *FindParam(*FindLesson("thread"), "join");
  EXPECT_EQ(FormatParam(join, 1), "true");
  EXPECT_EQ(FormatParam(join, 0, Language::python), "False");
  ParamValues values = DefaultValues(*FindLesson("thread"));
  values.Set("join", 1);
  const std::string python = FillSlots(*FindLesson("thread"), FindLesson("thread")->code.python, values, Language::python);
  EXPECT_NE(python.find("    if True:\n        x.join()"), std::string::npos) << python;
}

TEST(Params, RejectsAnUnknownNameAndListsTheKnownOnes) {
  ParamValues values;
  const auto error = ParseParam(Race(), "wrokers", "2", values);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("unknown parameter 'wrokers'"), std::string::npos) << *error;
  EXPECT_NE(error->find("workers, updates, sleep"), std::string::npos) << *error;
}

TEST(Params, RejectsTheWrongKind) {
  ParamValues values;
  auto error = ParseParam(Race(), "workers", "two", values);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "workers must be an integer, got 'two'");
  error = ParseParam(Race(), "workers", "2.5", values);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "workers must be an integer, got 2.5");
  error = ParseParam(*FindLesson("thread"), "join", "maybe", values);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "join must be true or false, got 'maybe'");
  EXPECT_TRUE(ParseParam(Race(), "sleep", "", values));
}

TEST(Params, RejectsOutOfRangeAndSaysTheRange) {
  ParamValues values;
  const auto error = ParseParam(Race(), "workers", "100", values);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "workers must be between 1 and 32, got 100");
  EXPECT_TRUE(ParseParam(Race(), "workers", "0", values));
  EXPECT_TRUE(ParseParam(Race(), "sleep", "-1", values));
  EXPECT_FALSE(values.all().count("workers")) << "a rejected value must not be kept";
}

TEST(Params, StartLessonRefusesValuesThatWereNotChecked) {
  ParamValues values;
  values.Set("workers", 1000);
  EXPECT_THROW(StartLesson(Race(), values), std::invalid_argument);
}

}  // namespace
}  // namespace threadlab
