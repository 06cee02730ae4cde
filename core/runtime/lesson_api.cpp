// What lesson code calls besides the primitives: Log, Sleep, Printf (runtime/program.h).
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <string>

#include "runtime/program_internal.h"

namespace threadlab {

namespace {
std::string FormatV(const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  const int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string text(size > 0 ? size : 0, '\0');
  std::vsnprintf(text.data(), text.size() + 1, format, args);
  return text;
}
}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] What lesson code calls
// ---------------------------------------------------------------------------------------

void LogAt(CallSite at, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  Program& program = Program::Current();
  auto guard = program.Lock();
  program.Step(guard, at, EventKind::log);
  program.LogLine(guard, std::move(text));
}

void Sleep(double seconds, CallSite at) {
  Program& program = Program::Current();
  auto guard = program.Lock();
  static const std::function<bool()> kNever = [] { return false; };
  program.Block(guard, at, EventKind::sleep_begin, kNoObject, kNever, std::max(0.0, seconds));
  program.Record(guard, EventKind::sleep_end);
}

std::string Printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return text;
}

}  // namespace threadlab
