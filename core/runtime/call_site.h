// Where lesson code calls the runtime, so that step mode can mark the line each thread
// stands on. A lesson-facing call takes a defaulted CallSite, which the compiler fills with
// the caller's file and line: nothing is built per step, a pointer and an int are copied.
// (__builtin_FILE/__builtin_LINE rather than std::source_location: Emscripten 3.1.6's
// libc++ has no <source_location>; gcc and clang both have the builtins.)
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

namespace threadlab {

struct CallSite {
  const char* file;  // as the compiler was given it; points to a literal
  int line;          // from 1; 0 when unknown

  constexpr CallSite(const char* file = __builtin_FILE(), int line = __builtin_LINE())
      : file(file), line(line) {}
  // A step the runtime takes by itself (a thread's end, the shutdown at exit).
  static constexpr CallSite None() { return CallSite(nullptr, 0); }
};

namespace format_check {

// Whether a printf conversion ('d' with length "ll") takes an argument of type T, once
// passed through "...".
template <class T>
constexpr bool Takes(std::string_view length, char conversion) {
  using U = std::remove_cv_t<T>;
  switch (conversion) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'c':
      if constexpr (!std::is_integral_v<U>) {
        return false;
      } else {
        if (length.empty()) return sizeof(U) <= sizeof(int);  // promoted to int
        if (length == "l") return sizeof(U) == sizeof(long);
        if (length == "ll") return sizeof(U) == sizeof(long long);
        if (length == "z") return sizeof(U) == sizeof(std::size_t);
        return false;
      }
    case 'f': case 'g': case 'e': case 'F': case 'G': case 'E':
      return length.empty() && std::is_floating_point_v<U> && sizeof(U) <= sizeof(double);
    case 's':
      return length.empty() && (std::is_same_v<U, const char*> || std::is_same_v<U, char*>);
    case 'p':
      return length.empty() && std::is_pointer_v<U>;
    default:
      return false;
  }
}

template <class... Args>
constexpr bool Fits(std::string_view format) {
  constexpr bool (*takes[])(std::string_view, char) = {&Takes<Args>..., nullptr};
  std::size_t arg = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (++i < format.size() && format[i] == '%') continue;
    while (i < format.size() && std::string_view("-+ #0").find(format[i]) != std::string_view::npos) ++i;
    while (i < format.size() && ((format[i] >= '0' && format[i] <= '9') || format[i] == '.')) ++i;
    const std::size_t length = i;
    while (i < format.size() && std::string_view("hlzjtL").find(format[i]) != std::string_view::npos) ++i;
    if (i >= format.size() || arg >= sizeof...(Args)) return false;
    if (!takes[arg++](format.substr(length, i - length), format[i])) return false;
  }
  return arg == sizeof...(Args);
}

// Not constexpr: reaching it makes the Log call fail to compile, and its name says why.
void LogFormatDoesNotFitItsArguments();

}  // namespace format_check

// Log's format: where it was written, and checked at compile time against the arguments
// (printf's own check cannot see through Log to its caller).
template <class... Args>
struct LogFormat {
  const char* text;
  CallSite at;

  consteval LogFormat(const char* text, CallSite at = {}) : text(text), at(at) {
    if (!format_check::Fits<Args...>(text)) format_check::LogFormatDoesNotFitItsArguments();
  }
};

}  // namespace threadlab
