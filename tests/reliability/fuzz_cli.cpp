// Generated inputs for the CLI's argument and parameter parsing (at least 10^5 of each):
//   1. whole command lines through the CLI's own main() (cli/main.cpp, built into this test
//      with main renamed): it never crashes or hangs, and answers 0 or 2 (bad usage) only;
//      a `run` line always ends with a refused option, so nothing runs; an error message,
//      whatever the input, stays under kLongestError bytes (a quoted input is cut short);
//   2. ParseParam: every accepted value is finite, within its parameter's range, whole for
//      integers and 0 or 1 for flags;
//   3. ParseSpeed: every accepted speed is from kMinSpeed to kMaxSpeed.
// The inputs mix the real vocabulary (commands, ids, options, parameter names) with the
// values that break parsers: huge, tiny, NaN, infinities, hex, blanks, signs, exponents,
// high bytes, long strings. A fixed seed: a failure reruns the same.
//
//   fuzz_cli [INPUTS]        (default 100000 of each kind)
//
// Ends with "N passed, N failed".
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "lesson.h"

int CliMain(int argc, char** argv);  // cli/main.cpp: all of the CLI but its exit

using namespace threadlab;

namespace {

std::mt19937 g_random(1126);

// The usage text (about 400 bytes) with the longest message before it fits with room to spare.
constexpr size_t kLongestError = 1000;

size_t Pick(size_t count) { return g_random() % count; }

const std::vector<std::string> kTrickyValues = {
    "", " ", "0", "1", "-1", "2", "3", "32", "33", "48", "49", "64", "100", "1000", "1001",
    "0.5", "1.5", "-0", "+5", " 5", "5 ", "05", "5.", ".5", "1e3", "1e-3", "1e309", "-1e309",
    "1e-400", "nan", "NaN", "-nan", "inf", "-inf", "infinity", "0x10", "0x1p3", "1,5", "1_000",
    "9999999999999999999999", "-9223372036854775809", "2147483648", "true", "false", "TRUE",
    "yes", "no", "on", "off", "y", "=", "==", "--set", "--speed", "\t1", "1\n", "\xff\xfe",
    "\xc3\xa9", "%s%n%s", "'; rm -rf /", "\x1b[31m"};

std::string RandomText() {
  std::string text;
  const size_t length = Pick(4) == 0 ? 1 + Pick(20000) : Pick(12);
  for (size_t i = 0; i < length; ++i) text += static_cast<char>(1 + Pick(255));  // no NUL in argv
  return text;
}

// A value: a tricky one, a random number in some notation, or random bytes.
std::string RandomValue() {
  switch (Pick(4)) {
    case 0: return kTrickyValues[Pick(kTrickyValues.size())];
    case 1: return std::to_string(static_cast<int>(g_random()) % 200);
    case 2: {
      std::ostringstream number;
      number << std::ldexp(static_cast<double>(g_random()) / g_random.max() - 0.25, Pick(40) - 20);
      return number.str();
    }
    default: return RandomText();
  }
}

std::string RandomName(const Lesson& lesson) {
  if (Pick(4) == 0 || lesson.params.empty()) return Pick(2) ? RandomText() : RandomValue();
  std::string name = lesson.params[Pick(lesson.params.size())].name;
  if (Pick(8) == 0) name += RandomValue();  // near misses: "workers5", "sleep "
  return name;
}

std::vector<std::string> RandomCommandLine() {
  const char* commands[] = {"run", "show", "list", "help", "--help", "-h", "", "Run", "runs"};
  std::vector<std::string> args = {"threadlab", Pick(10) ? commands[Pick(9)] : RandomText()};
  const Lesson& lesson = *Lessons()[Pick(Lessons().size())];
  if (Pick(10)) args.push_back(Pick(8) ? lesson.id : RandomValue());
  const char* options[] = {"--set", "--speed", "--format", "--trace", "--bogus", "-s", "--set=", "--"};
  for (size_t i = Pick(6); i > 0; --i) {
    args.push_back(Pick(8) ? options[Pick(4)] : options[Pick(8)]);
    switch (Pick(6)) {
      case 0: break;  // a missing value, or the next option taken as one
      case 1: args.push_back(RandomValue()); break;
      default: args.push_back(RandomName(lesson) + (Pick(10) ? "=" : "") + RandomValue());
    }
  }
  // Whatever came before, this ends in a refused option: a `run` line never runs a lesson.
  if (args[1] == "run") args.insert(args.end(), {"--set", "="});
  return args;
}

int g_failures = 0;
void Fail(const std::string& what, const std::vector<std::string>& input) {
  if (++g_failures > 20) return;
  std::printf("FAIL %s; input:", what.c_str());
  for (const std::string& arg : input) std::printf(" '%.60s'%s", arg.c_str(), arg.size() > 60 ? "..." : "");
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const int inputs = argc > 1 ? std::atoi(argv[1]) : 100000;

  // ---- 1. Whole command lines through the CLI's main ------------------------------------
  std::ostringstream out, err;
  std::streambuf* const real_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* const real_err = std::cerr.rdbuf(err.rdbuf());
  size_t longest_error = 0;
  int accepted_lines = 0;
  for (int i = 0; i < inputs; ++i) {
    std::vector<std::string> args = RandomCommandLine();
    std::vector<char*> argv_of;
    for (std::string& arg : args) argv_of.push_back(arg.data());
    argv_of.push_back(nullptr);
    out.str({});
    err.str({});
    const int status = CliMain(static_cast<int>(args.size()), argv_of.data());
    longest_error = std::max(longest_error, err.str().size());
    accepted_lines += status == 0;
    if (status != 0 && status != 2) Fail("exit status " + std::to_string(status), args);
    else if (args[1] == "run" && status != 2) Fail("a run line was not refused", args);
    else if (status == 2 && err.str().rfind("threadlab: ", 0) != 0) Fail("status 2 without a message", args);
    else if (err.str().size() > kLongestError)
      Fail("an error message of " + std::to_string(err.str().size()) + " bytes", args);
  }
  std::cout.rdbuf(real_out);
  std::cerr.rdbuf(real_err);
  std::printf("%d command lines: %d accepted, the longest error message %zu bytes\n", inputs,
              accepted_lines, longest_error);

  // ---- 2. ParseParam: what it accepts is in range ---------------------------------------
  int accepted_values = 0;
  for (int i = 0; i < inputs; ++i) {
    const Lesson& lesson = *Lessons()[Pick(Lessons().size())];
    const std::string name = RandomName(lesson), text = RandomValue();
    ParamValues values;
    if (ParseParam(lesson, name, text, values)) continue;  // refused, with a message
    ++accepted_values;
    const Param* param = FindParam(lesson, name);
    const double value = param ? values.Number(param->name) : NAN;
    const bool good = param && std::isfinite(value) && value >= param->min && value <= param->max &&
                      (param->kind != ParamKind::integer || value == std::floor(value)) &&
                      (param->kind != ParamKind::boolean || value == 0 || value == 1);
    if (!good) Fail(std::string(lesson.id) + ": accepted " + std::to_string(value), {name, text});
  }
  std::printf("%d parameter values: %d accepted, each within its range\n", inputs, accepted_values);

  // ---- 3. ParseSpeed ---------------------------------------------------------------------
  int accepted_speeds = 0;
  for (int i = 0; i < inputs; ++i) {
    const std::string text = RandomValue();
    double speed = -1;
    if (ParseSpeed(text, speed)) continue;
    ++accepted_speeds;
    if (!(speed >= kMinSpeed && speed <= kMaxSpeed)) Fail("accepted speed " + std::to_string(speed), {text});
  }
  std::printf("%d speeds: %d accepted, each from %g to %g\n", inputs, accepted_speeds, kMinSpeed, kMaxSpeed);

  const bool good = g_failures == 0 && accepted_lines > 0 && accepted_values > 0 && accepted_speeds > 0;
  std::printf("%s %d generated inputs of each kind%s\n", good ? "ok  " : "FAIL", inputs,
              good ? "" : " (failures above, or nothing was ever accepted)");
  std::printf("%d passed, %d failed\n", good ? 1 : 0, good ? 0 : 1);
  return good ? 0 : 1;
}
