// A value as a person types it: the CLI's --set NAME=VALUE and --speed X, a link's values and
// the JS API's values given as text. The input's first byte picks the lesson; the rest is
// NAME=VALUE, split at its first '=' as the CLI splits it (no '=': the whole is a speed).
// Whatever is accepted is finite and within its parameter's range, whole for an integer,
// 0 or 1 for a switch, and a speed from kMinSpeed to kMaxSpeed; a refusal is one short line.
#include <cmath>
#include <string>

#include "fuzz.h"
#include "run/link.h"

using namespace threadlab;
using namespace threadlab::fuzzing;

namespace {

void CheckAccepted(const Lesson& lesson, const std::string& name, const ParamValues& values,
                   std::string_view input) {
  const Param* param = FindParam(lesson, name);
  Require(param != nullptr, "only a parameter of the lesson is set", input);
  const double value = values.Number(name);
  Require(std::isfinite(value) && value >= param->min && value <= param->max, "within range", input);
  if (param->kind == ParamKind::integer) Require(value == std::floor(value), "an integer is whole", input);
  if (param->kind == ParamKind::boolean) Require(value == 0 || value == 1, "a switch is 0 or 1", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, size_t size) {
  if (size == 0) return 0;
  const Lesson& lesson = *Lessons()[data[0] % Lessons().size()];
  const std::string_view input = Text(data + 1, size - 1);
  const size_t equals = input.find('=');
  if (equals == std::string_view::npos) {
    double speed = 0;
    if (auto error = ParseSpeed(input, speed)) Require(Short(*error), "a short refusal", input);
    else Require(speed >= kMinSpeed && speed <= kMaxSpeed, "a speed in range", input);
    return 0;
  }
  const std::string name(input.substr(0, equals));
  const std::string_view text = input.substr(equals + 1);
  ParamValues set, plain;
  if (auto error = ParseParam(lesson, name, text, set)) Require(Short(*error), "a short refusal", input);
  else CheckAccepted(lesson, name, set, input);
  if (auto error = ParsePlainParam(lesson, name, text, plain)) Require(Short(*error), "a short refusal", input);
  else CheckAccepted(lesson, name, plain, input);
  return 0;
}
