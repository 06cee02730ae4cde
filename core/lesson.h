// A lesson describes itself (id, title, teaching text, typed parameters, the source shown
// to the learner) and runs as a program's main. The registry lists the lessons in the
// seed's order; the CLI, the UI and the JS API only iterate it.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/program.h"

namespace threadlab {

enum class ParamKind { integer, number, boolean };

struct Param {
  const char* name;
  ParamKind kind;
  double default_value;
  double min;
  double max;
  const char* help;
  // A boolean that the code shows as one of two words, {false, true}: {"if", "while"} puts
  // the keyword the learner picks where the slot stands. Null: true and false.
  std::array<const char*, 2> words = {nullptr, nullptr};
};

// What a parameter takes, for messages: "an integer", "true or false", "while or if".
std::string ParamKindName(const Param& param);

// The values a run uses, by parameter name; always complete and in range once validated.
class ParamValues {
 public:
  void Set(const std::string& name, double value) { m_values[name] = value; }
  double Number(const std::string& name) const;
  int Integer(const std::string& name) const { return static_cast<int>(Number(name)); }
  bool Flag(const std::string& name) const { return Number(name) != 0; }
  const std::map<std::string, double>& all() const { return m_values; }

 private:
  std::map<std::string, double> m_values;
};

// Where the shown C++ stands in the real file, so that a line of the shown text maps to the
// line a thread of the run is on: shown line n (from 0) is file line first_line + n.
struct SourceMap {
  const char* file;  // "core/lessons/05_race_condition.cpp"
  int first_line;    // from 1
};

// What the learner reads of a lesson, made at build time (lessons/extract_sources.py):
// `{name}` stands where a parameter's value goes, in both languages. The playground draws
// an editable field there; `threadlab show` fills in the values.
struct LessonCode {
  const char* source;  // cut from the lesson's own file: the code that runs
  const char* python;  // the same program in Python, in the tutorial's style
  SourceMap source_map;
};

// A challenge on a lesson (run/levels.h): the learner is the scheduler and must make the
// lesson, at these values, meet the goal. Written in the lesson's file, after the lesson.
struct LevelValue {
  const char* name;
  double value;
};
struct Level {
  const char* id;       // "lose-an-update"
  const char* chapter;  // its chapter's id in the campaign (run/levels.h)
  const char* title;
  const char* brief;    // one paragraph in plain words: the story, and what to do
  std::vector<LevelValue> values = {};  // the level's sizes; other parameters keep their defaults
  Goal goal;
  // The fix: these values on top of `values`, with which no interleaving meets the goal.
  // Empty for a "prove it" level, whose goal no interleaving meets as it stands: the
  // learner wins it by exploring every interleaving.
  std::vector<LevelValue> fixed = {};
  // How many threads a good fix still lets work at once (sleep, the lessons' stand-in for
  // work, side by side): a fix that safely serialises them all is over-synchronised
  // (run/check.h). 0: the level does not ask.
  int parallel = 0;
};

// A lesson file names its own code with ShownCode(__FILE__) (generated lessons/shown.h): the
// text cut from that very file and its Python twin, python/<the same name>.py.
struct Lesson {
  const char* id;       // "race-condition"; its file is lessons/NN_race_condition.cpp
  const char* title;    // the seed's section: "Race Conditions"
  const char* text;     // what the lesson teaches, a few short paragraphs
  std::vector<Param> params;
  LessonCode code;      // what the learner reads, in C++ and in Python
  const char* python_note;  // what changed from the Python program to the C++, in short
  int (*run)();  // the lesson's main; it reads its parameters with Value<T>("name")
  // What the finished run showed, read from what it recorded (log, trace, status).
  Outcome (*outcome)(const RunSnapshot& run, const ParamValues& params);
  // How the playground plays it, so that its story takes a few seconds to watch: the speed
  // it opens at (a 0.1 s race at 0.05x, a 30 s timer at 10x), and for a lesson without
  // sleeps, over in a millisecond, a pause before each step (RunOptions::step_pause).
  double pace = 1;
  double step_pause = 0;
  std::vector<Level> levels = {};  // its challenges, in the order the campaign plays them
};

// A parameter of the running lesson, for lesson code: Value<int>("workers"). In the shown
// source each call reads as the `{workers}` slot. T is int, double or bool.
double CurrentValue(const char* name);
template <class T>
T Value(const char* name) {
  return static_cast<T>(CurrentValue(name));
}

// `while (condition) body` or `if (condition) body`, as the boolean parameter `name` says
// (true: while), for a lesson whose point is that choice. The shown source reads
// `{name} (condition)`, the keyword as a field the learner edits; write the call on a line
// of its own.
#define WhileOrIf(name, condition)                                         \
  for (bool threadlab_again_ = true; threadlab_again_ && (condition);      \
       threadlab_again_ = ::threadlab::Value<bool>(name))

// The lessons, in the seed's order.
const std::vector<const Lesson*>& Lessons();
const Lesson* FindLesson(std::string_view id);
const Param* FindParam(const Lesson& lesson, std::string_view name);

// The defaults of every parameter.
ParamValues DefaultValues(const Lesson& lesson);
// Parses one value given as text ("3", "0.5", "true", "True"), checking its kind and range.
// Numbers are written plainly: "-1.5", "2e3"; not "0x10", " 5" nor "".
// Returns an error message that names the problem, or nothing when the value is good.
std::optional<std::string> ParseParam(const Lesson& lesson, std::string_view name,
                                      std::string_view text, ParamValues& into);
// Same for a value already a number (UI, JS API).
std::optional<std::string> CheckParam(const Lesson& lesson, std::string_view name, double value);
// Every value of a set, with CheckParam: the first problem, or nothing.
std::optional<std::string> CheckValues(const Lesson& lesson, const ParamValues& values);
// Formats a value as the source shows it: "2", "0.1", "true" (in Python: "True").
enum class Language { cpp, python };
std::string FormatParam(const Param& param, double value, Language language = Language::cpp);
// A lesson's code (or text) with every `{name}` slot filled with its value: the code as it
// runs, and the teaching text naming the values in use where it quotes them.
std::string FillSlots(const Lesson& lesson, std::string_view code, const ParamValues& values,
                      Language language = Language::cpp);

// Text from outside (an argument, a link, the JS API) quoted in a message: at most
// `max_chars` bytes, control characters as '?', and a count of what was cut
// ("…(5000 characters)"), so that no input can make a message long.
std::string Shown(std::string_view text, size_t max_chars = 32);

// "speed must be a number from 0.01 to 1000": how every front end refuses a speed.
std::string SpeedRange();
// Checks a speed; returns an error message that names the problem, or nothing.
std::optional<std::string> CheckSpeed(double speed);
// Same for a speed given as text ("20"), which is parsed into `speed`.
std::optional<std::string> ParseSpeed(std::string_view text, double& speed);

// Runs the lesson as a program's main, with these (validated) values.
std::shared_ptr<Program> StartLesson(const Lesson& lesson, const ParamValues& values,
                                     RunOptions options = {});

}  // namespace threadlab
