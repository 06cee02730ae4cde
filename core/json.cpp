#include "json.h"

#include <cstdio>
#include <cstdlib>

namespace threadlab {

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  out.reserve(text.size() + 2);
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonNumber(double value) {
  if (value != value || value - value != 0) return "null";  // NaN, or an infinity
  // 17 significant digits always read back the same double; most values need fewer, and
  // the first precision that reads back is the shortest form (%g drops trailing zeros).
  char text[32];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  m_text += '{';
  m_open.push_back({'}', false, true});
  return *this;
}

JsonWriter& JsonWriter::BeginArray(bool line_per_item) {
  BeforeValue();
  m_text += line_per_item ? "[\n" : "[";
  m_open.push_back({']', line_per_item, true});
  return *this;
}

JsonWriter& JsonWriter::End() {
  if (m_open.back().line_per_item) m_text += '\n';
  m_text += m_open.back().close;
  m_open.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  m_text += JsonString(key);
  m_text += ':';
  m_after_key = true;
  return *this;
}

JsonWriter& JsonWriter::Text(std::string_view text) { return Value(JsonString(text)); }
JsonWriter& JsonWriter::TextOrNull(const char* text) { return text ? Text(text) : Null(); }
JsonWriter& JsonWriter::Number(double value) { return Value(JsonNumber(value)); }
JsonWriter& JsonWriter::Integer(long long value) { return Value(std::to_string(value)); }
JsonWriter& JsonWriter::Flag(bool value) { return Value(value ? "true" : "false"); }
JsonWriter& JsonWriter::Null() { return Value("null"); }
JsonWriter& JsonWriter::Raw(std::string_view json) { return Value(json); }

JsonWriter& JsonWriter::Fixed(double value, int decimals) {
  if (value != value || value - value != 0) return Null();
  char text[400];  // %f of the largest double has 309 digits before the point
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return Value(text);
}

JsonWriter& JsonWriter::Value(std::string_view json) {
  BeforeValue();
  m_text += json;
  return *this;
}

// A comma before every item but an object's or array's first, unless the key just written
// already stands before this value.
void JsonWriter::BeforeValue() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (m_open.empty()) return;
  Open& open = m_open.back();
  if (!open.empty) m_text += open.line_per_item ? ",\n" : ",";
  open.empty = false;
}

}  // namespace threadlab
