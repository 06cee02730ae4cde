#include "lesson.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace threadlab {

const char* ParamKindName(ParamKind kind) {
  switch (kind) {
    case ParamKind::integer: return "an integer";
    case ParamKind::number: return "a number";
    case ParamKind::boolean: return "true or false";
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

std::string FormatParam(const Param& param, double value) {
  if (param.kind == ParamKind::boolean) return value != 0 ? "true" : "false";
  if (param.kind == ParamKind::integer) return std::to_string(static_cast<long long>(value));
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
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
    return "unknown parameter '" + std::string(name) + "' for lesson '" + lesson.id +
           "' (its parameters: " + KnownNames(lesson) + ")";
  const std::string name_text = param->name;
  if (!std::isfinite(value)) return name_text + " must be " + ParamKindName(param->kind);
  char shown[32];
  std::snprintf(shown, sizeof shown, "%g", value);
  if (param->kind == ParamKind::integer && value != std::floor(value))
    return name_text + " must be an integer, got " + shown;
  if (param->kind == ParamKind::boolean && value != 0 && value != 1)
    return name_text + " must be true or false, got " + shown;
  if (value < param->min || value > param->max)
    return name_text + " must be between " + FormatParam(*param, param->min) + " and " +
           FormatParam(*param, param->max) + ", got " + shown;
  return std::nullopt;
}

std::optional<std::string> ParseParam(const Lesson& lesson, std::string_view name,
                                      std::string_view text, ParamValues& into) {
  const Param* param = FindParam(lesson, name);
  if (!param) return CheckParam(lesson, name, 0);
  double value = 0;
  bool parsed = false;
  if (param->kind == ParamKind::boolean) {
    if (text == "true" || text == "1" || text == "yes" || text == "on") value = 1, parsed = true;
    if (text == "false" || text == "0" || text == "no" || text == "off") value = 0, parsed = true;
  } else if (!text.empty()) {
    // strtod wants a terminated string; from_chars for double is missing in libc++ 14.
    const std::string copy(text);
    char* end = nullptr;
    value = std::strtod(copy.c_str(), &end);
    parsed = end == copy.c_str() + copy.size() && std::isfinite(value);
  }
  if (!parsed)
    return std::string(param->name) + " must be " + ParamKindName(param->kind) + ", got '" +
           std::string(text) + "'";
  if (auto error = CheckParam(lesson, name, value)) return error;
  into.Set(param->name, value);
  return std::nullopt;
}

namespace {
std::string SpeedRange() {
  char range[64];
  std::snprintf(range, sizeof range, "speed must be a number from %g to %g", kMinSpeed, kMaxSpeed);
  return range;
}
}  // namespace

std::optional<std::string> CheckSpeed(double speed) {
  if (speed >= kMinSpeed && speed <= kMaxSpeed) return std::nullopt;  // false for NaN too
  char shown[32];
  std::snprintf(shown, sizeof shown, "%g", speed);
  return SpeedRange() + ", got " + shown;
}

std::optional<std::string> ParseSpeed(std::string_view text, double& speed) {
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size())
    return SpeedRange() + ", got '" + copy + "'";
  if (auto error = CheckSpeed(value)) return error;
  speed = value;
  return std::nullopt;
}

std::shared_ptr<Program> StartLesson(const Lesson& lesson, const ParamValues& values,
                                     RunOptions options) {
  for (const auto& [name, value] : values.all())
    if (auto error = CheckParam(lesson, name, value)) throw std::invalid_argument(*error);
  ParamValues complete = DefaultValues(lesson);
  for (const auto& [name, value] : values.all()) complete.Set(name, value);
  Program::Epilogue epilogue;
  if (lesson.outcome)
    epilogue = [outcome = lesson.outcome, complete](const RunSnapshot& run) {
      return outcome(run, complete);
    };
  return Program::Start([run = lesson.run, complete] { run(complete); }, options, epilogue);
}

}  // namespace threadlab
