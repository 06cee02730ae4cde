// What the fuzz targets share: Require, which stops the run on a broken promise (libFuzzer
// then keeps the input that broke it, crash-*, to become a test in tests/core), and a shown
// form of an input for its message.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lesson.h"

namespace threadlab::fuzzing {

inline void Require(bool holds, const std::string& promise, std::string_view input) {
  if (holds) return;
  std::fprintf(stderr, "broken promise: %s\n  input: '%s'\n", promise.c_str(), Shown(input, 200).c_str());
  std::abort();
}

inline std::string_view Text(const unsigned char* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An error message for a person: one line, a few hundred characters at most, whatever the input
// (what it quotes of the input is cut short by Shown).
constexpr size_t kLongestMessage = 600;
inline bool Short(const std::string& message) {
  return message.size() <= kLongestMessage && message.find('\n') == std::string::npos;
}

}  // namespace threadlab::fuzzing
