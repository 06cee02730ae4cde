// A lesson describes itself (id, title, teaching text, typed parameters, the source shown
// to the learner) and runs as a program's main. The registry lists the lessons in the
// seed's order; the CLI, the UI and the JS API only iterate it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/program.h"

namespace threadlab {

enum class ParamKind { integer, number, boolean };
const char* ParamKindName(ParamKind kind);

struct Param {
  const char* name;
  ParamKind kind;
  double default_value;
  double min;
  double max;
  const char* help;
};

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

struct Lesson {
  const char* id;       // "race-condition"
  const char* title;    // the seed's section: "Race Conditions"
  const char* text;     // what the lesson teaches, a few short paragraphs
  std::vector<Param> params;
  // The C++ shown to the learner. `{name}` stands where a parameter's value goes: the UI
  // draws an editable field there, and the value shown is the value the run uses.
  const char* source;
  void (*run)(const ParamValues& params);
  // Optional: what the finished run showed, read from what it recorded, for what only the
  // end of the run can tell (did the daemon thread's last line come?).
  std::string (*outcome)(const RunSnapshot& run, const ParamValues& params) = nullptr;
};

// The lessons, in the seed's order.
const std::vector<const Lesson*>& Lessons();
const Lesson* FindLesson(std::string_view id);
const Param* FindParam(const Lesson& lesson, std::string_view name);

// The defaults of every parameter.
ParamValues DefaultValues(const Lesson& lesson);
// Parses one value given as text ("3", "0.5", "true"), checking its kind and range.
// Returns an error message that names the problem, or nothing when the value is good.
std::optional<std::string> ParseParam(const Lesson& lesson, std::string_view name,
                                      std::string_view text, ParamValues& into);
// Same for a value already a number (UI, JS API).
std::optional<std::string> CheckParam(const Lesson& lesson, std::string_view name, double value);
// Formats a value as the source shows it: "2", "0.1", "true".
std::string FormatParam(const Param& param, double value);

// Checks a speed; returns an error message that names the problem, or nothing.
std::optional<std::string> CheckSpeed(double speed);
// Same for a speed given as text ("20"), which is parsed into `speed`.
std::optional<std::string> ParseSpeed(std::string_view text, double& speed);

// Runs the lesson as a program's main, with these (validated) values.
std::shared_ptr<Program> StartLesson(const Lesson& lesson, const ParamValues& values,
                                     RunOptions options = {});

}  // namespace threadlab
