// The project's one JSON writer: the CLI's jsonl, the Chrome trace, an outcome's fields, the
// bench's lines and the page's JS API (ui/app_json.cpp) all write through it, so that
// escaping and the form of a number are decided in one place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace threadlab {

// `text` as a JSON string: quotes, backslashes and control characters escaped; every other
// byte as it is, so UTF-8 passes through whole.
std::string JsonString(std::string_view text);
// The shortest text that reads back as the same double ("0.1", not "0.10000000000000001");
// null for NaN and the infinities, which JSON has no word for.
std::string JsonNumber(double value);

// Builds one JSON text in order: a key before each value of an object; the commas are its
// business. An End closes the innermost object or array.
//
//   JsonWriter json;
//   json.BeginObject().Key("run").Integer(1).Key("status").Text("finished").End();
//   json.text()  // {"run":1,"status":"finished"}
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  // line_per_item: each item on a line of its own (a long list a person may read or diff).
  JsonWriter& BeginArray(bool line_per_item = false);
  JsonWriter& End();
  JsonWriter& Key(std::string_view key);

  JsonWriter& Text(std::string_view text);
  JsonWriter& TextOrNull(const char* text);  // null for a null pointer: "no lesson yet"
  JsonWriter& Number(double value);
  JsonWriter& Integer(long long value);
  JsonWriter& Fixed(double value, int decimals);  // "%.6f": a column of times that line up
  JsonWriter& Flag(bool value);
  JsonWriter& Null();
  JsonWriter& Raw(std::string_view json);  // a value already written as JSON

  const std::string& text() const { return m_text; }

 private:
  struct Open {
    char close;  // '}' or ']'
    bool line_per_item;
    bool empty;
  };
  JsonWriter& Value(std::string_view json);
  void BeforeValue();

  std::string m_text;
  std::vector<Open> m_open;
  bool m_after_key = false;
};

}  // namespace threadlab
