#include "lesson.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace threadlab {

std::string ParamKindName(const Param& param) {
  switch (param.kind) {
    case ParamKind::integer: return "an integer";
    case ParamKind::number: return "a number";
    case ParamKind::boolean:
      if (param.words[0]) return std::string(param.words[1]) + " or " + param.words[0];
      return "true or false";
  }
  return "?";
}

double ParamValues::Number(const std::string& name) const {
  const auto found = m_values.find(name);
  if (found == m_values.end()) throw std::out_of_range("no parameter named " + name);
  return found->second;
}

const Lesson* FindLesson(std::string_view id) {
  for (const Lesson* lesson : Lessons())
    if (id == lesson->id) return lesson;
  return nullptr;
}

const Param* FindParam(const Lesson& lesson, std::string_view name) {
  for (const Param& param : lesson.params)
    if (name == param.name) return &param;
  return nullptr;
}

ParamValues DefaultValues(const Lesson& lesson) {
  ParamValues values;
  for (const Param& param : lesson.params) values.Set(param.name, param.default_value);
  return values;
}

std::string FormatParam(const Param& param, double value, Language language) {
  if (param.kind == ParamKind::boolean) {
    if (param.words[0]) return param.words[value != 0];
    if (language == Language::python) return value != 0 ? "True" : "False";
    return value != 0 ? "true" : "false";
  }
  if (param.kind == ParamKind::integer) return std::to_string(static_cast<long long>(value));
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string FillSlots(const Lesson& lesson, std::string_view code, const ParamValues& values,
                      Language language) {
  std::string text(code);
  for (const Param& param : lesson.params) {
    const std::string slot = "{" + std::string(param.name) + "}";
    const std::string shown = FormatParam(param, values.Number(param.name), language);
    for (size_t at = text.find(slot); at != std::string::npos; at = text.find(slot, at + shown.size()))
      text.replace(at, slot.size(), shown);
  }
  return text;
}

namespace {
std::string KnownNames(const Lesson& lesson) {
  std::string names;
  for (const Param& param : lesson.params) names += (names.empty() ? "" : ", ") + std::string(param.name);
  return names.empty() ? "none" : names;
}
}  // namespace

std::optional<std::string> CheckParam(const Lesson& lesson, std::string_view name, double value) {
  const Param* param = FindParam(lesson, name);
  if (!param)
    return "unknown parameter '" + Shown(name) + "' for lesson '" + lesson.id +
           "' (its parameters: " + KnownNames(lesson) + ")";
  const std::string name_text = param->name;
  if (!std::isfinite(value)) return name_text + " must be " + ParamKindName(*param);
  char shown[32];
  std::snprintf(shown, sizeof shown, "%g", value);
  if (param->kind == ParamKind::integer && value != std::floor(value))
    return name_text + " must be an integer, got " + shown;
  if (param->kind == ParamKind::boolean && value != 0 && value != 1)
    return name_text + " must be " + ParamKindName(*param) + ", got " + shown;
  if (value < param->min || value > param->max)
    return name_text + " must be between " + FormatParam(*param, param->min) + " and " +
           FormatParam(*param, param->max) + ", got " + shown;
  return std::nullopt;
}

namespace {
// A number written plainly: [-]digits[.digits][e[+-]digits]. strtod alone would also take
// "0x10", " 5", "inf" and "1e999" (which overflows to infinity).
bool ParsePlainNumber(std::string_view text, double& value) {
  size_t at = 0;
  auto digits = [&] {
    const size_t from = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    return at > from;
  };
  if (at < text.size() && text[at] == '-') ++at;
  bool some = digits();
  if (at < text.size() && text[at] == '.') {
    ++at;
    some = digits() || some;
  }
  if (!some) return false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
    if (!digits()) return false;
  }
  if (at != text.size()) return false;
  // strtod wants a terminated string; from_chars for double is missing in libc++ 14.
  value = std::strtod(std::string(text).c_str(), nullptr);
  return std::isfinite(value);
}
}  // namespace

std::optional<std::string> ParseParam(const Lesson& lesson, std::string_view name,
                                      std::string_view text, ParamValues& into) {
  const Param* param = FindParam(lesson, name);
  if (!param) return CheckParam(lesson, name, 0);
  double value = 0;
  bool parsed = false;
  if (param->kind == ParamKind::boolean) {
    // Python's spellings too: a learner from the tutorial types True.
    for (const char* yes : {"true", "True", "1", "yes", "on"})
      if (text == yes) value = 1, parsed = true;
    for (const char* no : {"false", "False", "0", "no", "off"})
      if (text == no) value = 0, parsed = true;
    for (int word = 0; word < 2; ++word)
      if (param->words[word] && text == param->words[word]) value = word, parsed = true;
  } else {
    parsed = ParsePlainNumber(text, value);
  }
  if (!parsed)
    return std::string(param->name) + " must be " + ParamKindName(*param) + ", got '" +
           Shown(text) + "'";
  if (auto error = CheckParam(lesson, name, value)) return error;
  into.Set(param->name, value);
  return std::nullopt;
}

std::string Shown(std::string_view text, size_t max_chars) {
  std::string out;
  size_t end = std::min(text.size(), max_chars);
  // Never cut a UTF-8 sequence in two.
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  for (const char c : text.substr(0, end))
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c;
  if (end < text.size()) out += "…(" + std::to_string(text.size()) + " characters)";
  return out;
}

std::string SpeedRange() {
  char range[64];
  std::snprintf(range, sizeof range, "speed must be a number from %g to %g", kMinSpeed, kMaxSpeed);
  return range;
}

std::optional<std::string> CheckSpeed(double speed) {
  if (speed >= kMinSpeed && speed <= kMaxSpeed) return std::nullopt;  // false for NaN too
  char shown[32];
  std::snprintf(shown, sizeof shown, "%g", speed);
  return SpeedRange() + ", got " + shown;
}

std::optional<std::string> ParseSpeed(std::string_view text, double& speed) {
  double value = 0;
  if (!ParsePlainNumber(text, value)) return SpeedRange() + ", got '" + Shown(text) + "'";
  if (auto error = CheckSpeed(value)) return error;
  speed = value;
  return std::nullopt;
}

// ---- The values of the runs going on ------------------------------------------------------
// Lesson code reads its parameters with Value<T>("name") from any of its threads, so each
// run's values are kept by program. An entry is dropped once its program is gone (a program
// lives until every thread of its run has ended, so no lookup can miss).
namespace {
struct RunValues {
  std::weak_ptr<Program> program;
  ParamValues values;
};
// Never destroyed: the threads of a run being stopped may still read their values, between
// two steps, while the process exits and runs the static destructors.
std::mutex& g_runs_mutex = *new std::mutex;
std::map<const Program*, RunValues>& g_runs = *new std::map<const Program*, RunValues>;

void KeepValues(const ParamValues& values) {
  Program& program = Program::Current();
  std::lock_guard<std::mutex> lock(g_runs_mutex);
  for (auto it = g_runs.begin(); it != g_runs.end();)
    it = it->second.program.expired() ? g_runs.erase(it) : std::next(it);
  g_runs[&program] = {program.shared_from_this(), values};
}
}  // namespace

std::optional<std::string> CheckValues(const Lesson& lesson, const ParamValues& values) {
  for (const auto& [name, value] : values.all())
    if (auto error = CheckParam(lesson, name, value)) return error;
  return std::nullopt;
}

double CurrentValue(const char* name) {
  const Program* program = &Program::Current();
  std::lock_guard<std::mutex> lock(g_runs_mutex);
  return g_runs.at(program).values.Number(name);
}

std::shared_ptr<Program> StartLesson(const Lesson& lesson, const ParamValues& values,
                                     RunOptions options) {
  if (auto error = CheckValues(lesson, values)) throw std::invalid_argument(*error);
  ParamValues complete = DefaultValues(lesson);
  for (const auto& [name, value] : values.all()) complete.Set(name, value);
  Program::Epilogue epilogue = [outcome = lesson.outcome, complete](const RunSnapshot& run) {
    return outcome(run, complete);
  };
  return Program::Start(
      [run = lesson.run, complete] {
        KeepValues(complete);
        run();
      },
      options, epilogue);
}

}  // namespace threadlab
