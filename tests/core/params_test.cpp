// Parameters: typed, ranged, and every error names the problem.
#include <gtest/gtest.h>

#include "lesson.h"

namespace threadlab {
namespace {

const Lesson& Race() { return *FindLesson("race-condition"); }

TEST(Registry, ListsTheThirteenLessonsInTheSeedsOrder) {
  std::vector<std::string> ids;
  for (const Lesson* lesson : Lessons()) ids.push_back(lesson->id);
  EXPECT_EQ(ids, (std::vector<std::string>{
                     "thread", "daemon", "multiple-threads", "thread-pool", "race-condition",
                     "lock", "deadlock", "rlock", "semaphore", "timer", "barrier",
                     "producer-consumer-lock", "producer-consumer-queue"}));
}

TEST(Registry, EveryParameterStandsInTheShownSourceAndEveryPlaceholderIsAParameter) {
  for (const Lesson* lesson : Lessons()) {
    const std::string source = lesson->source;
    for (const Param& param : lesson->params) {
      if (std::string(param.name) == "seed" && source.find("{seed}") == std::string::npos) continue;
      EXPECT_NE(source.find("{" + std::string(param.name) + "}"), std::string::npos)
          << lesson->id << " does not show " << param.name;
      EXPECT_LE(param.min, param.default_value) << lesson->id << " " << param.name;
      EXPECT_LE(param.default_value, param.max) << lesson->id << " " << param.name;
    }
    // A `{word}` that is no parameter would be drawn as plain text: a typo.
    for (size_t open = source.find('{'); open != std::string::npos; open = source.find('{', open + 1)) {
      const size_t close = source.find('}', open);
      const std::string word = source.substr(open + 1, close - open - 1);
      const bool is_identifier = !word.empty() && word.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
      if (is_identifier && word != "name") {
        EXPECT_NE(FindParam(*lesson, word), nullptr) << lesson->id << " shows {" << word << "}";
      }
    }
  }
}

TEST(Params, AcceptsValuesInRangeOfTheRightKind) {
  ParamValues values;
  EXPECT_EQ(ParseParam(Race(), "workers", "5", values), std::nullopt);
  EXPECT_EQ(values.Integer("workers"), 5);
  EXPECT_EQ(ParseParam(Race(), "sleep", "0.25", values), std::nullopt);
  EXPECT_DOUBLE_EQ(values.Number("sleep"), 0.25);
  EXPECT_EQ(ParseParam(*FindLesson("thread"), "daemon", "true", values), std::nullopt);
  EXPECT_TRUE(values.Flag("daemon"));
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
  EXPECT_TRUE(ParseParam(Race(), "sleep", "nan", values));
  EXPECT_TRUE(ParseParam(Race(), "sleep", "1e999", values));
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
