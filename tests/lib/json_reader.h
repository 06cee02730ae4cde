// JSON read back, for tests that check what a writer wrote: strict (any text that is not
// one whole JSON value throws, naming where), and small, since tests only look things up.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace threadlab::testing {

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> items;                              // an array's
  std::vector<std::pair<std::string, JsonValue>> members;    // an object's, in order

  // Throws std::runtime_error when the text is not one JSON value.
  static JsonValue Parse(std::string_view text);

  bool Has(std::string_view key) const;
  // The member or item; throws std::out_of_range naming what is missing.
  const JsonValue& operator[](std::string_view key) const;
  const JsonValue& operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  const JsonValue& operator[](size_t index) const;
  const JsonValue& operator[](int index) const { return (*this)[static_cast<size_t>(index)]; }
  size_t size() const { return kind == Kind::array ? items.size() : members.size(); }
  bool is_null() const { return kind == Kind::null; }
};

}  // namespace threadlab::testing
