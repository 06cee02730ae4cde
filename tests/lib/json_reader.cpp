#include "json_reader.h"

#include <cstdlib>
#include <stdexcept>

namespace threadlab::testing {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : m_text(text) {}

  JsonValue Document() {
    JsonValue value = Value();
    SkipSpace();
    if (m_at != m_text.size()) Fail("text after the value");
    return value;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw std::runtime_error("JSON: " + what + " at byte " + std::to_string(m_at) + " of '" +
                             std::string(m_text.substr(0, 200)) + "'");
  }
  void SkipSpace() {
    while (m_at < m_text.size() && std::string_view(" \t\r\n").find(m_text[m_at]) != std::string_view::npos)
      ++m_at;
  }
  bool Take(char c) {
    SkipSpace();
    if (m_at < m_text.size() && m_text[m_at] == c) {
      ++m_at;
      return true;
    }
    return false;
  }
  void Expect(char c) {
    if (!Take(c)) Fail(std::string("expected '") + c + "'");
  }
  bool TakeWord(std::string_view word) {
    if (m_text.substr(m_at, word.size()) != word) return false;
    m_at += word.size();
    return true;
  }

  JsonValue Value() {
    SkipSpace();
    if (m_at >= m_text.size()) Fail("no value");
    JsonValue value;
    const char c = m_text[m_at];
    if (c == '{') {
      value.kind = JsonValue::Kind::object;
      ++m_at;
      if (Take('}')) return value;
      do {
        SkipSpace();
        std::string key = String();
        Expect(':');
        value.members.emplace_back(std::move(key), Value());
      } while (Take(','));
      Expect('}');
    } else if (c == '[') {
      value.kind = JsonValue::Kind::array;
      ++m_at;
      if (Take(']')) return value;
      do value.items.push_back(Value());
      while (Take(','));
      Expect(']');
    } else if (c == '"') {
      value.kind = JsonValue::Kind::string;
      value.string = String();
    } else if (TakeWord("true") || TakeWord("false")) {
      value.kind = JsonValue::Kind::boolean;
      value.boolean = c == 't';
    } else if (TakeWord("null")) {
      value.kind = JsonValue::Kind::null;
    } else {
      value.kind = JsonValue::Kind::number;
      value.number = Number();
    }
    return value;
  }

  // JSON's number grammar; strtod alone would take "0x10", "inf" and " 5".
  double Number() {
    const size_t start = m_at;
    auto digits = [&] {
      const size_t from = m_at;
      while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9') ++m_at;
      return m_at > from;
    };
    if (m_at < m_text.size() && m_text[m_at] == '-') ++m_at;
    if (!digits()) Fail("not a value");
    if (m_at < m_text.size() && m_text[m_at] == '.' && (++m_at, !digits())) Fail("no digits after '.'");
    if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
      ++m_at;
      if (m_at < m_text.size() && (m_text[m_at] == '+' || m_text[m_at] == '-')) ++m_at;
      if (!digits()) Fail("no digits in the exponent");
    }
    return std::strtod(std::string(m_text.substr(start, m_at - start)).c_str(), nullptr);
  }

  std::string String() {
    if (m_at >= m_text.size() || m_text[m_at] != '"') Fail("expected a string");
    ++m_at;
    std::string out;
    while (true) {
      if (m_at >= m_text.size()) Fail("unterminated string");
      const char c = m_text[m_at++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) Fail("raw control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_at >= m_text.size()) Fail("unterminated escape");
      const char e = m_text[m_at++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (m_at + 4 > m_text.size()) Fail("short \\u escape");
          const unsigned code = std::stoul(std::string(m_text.substr(m_at, 4)), nullptr, 16);
          m_at += 4;
          if (code < 0x80) {  // the writer escapes control characters only: no UTF-8 to make
            out += static_cast<char>(code);
          } else {
            Fail("\\u escape above U+007F (not expected from our writer)");
          }
          break;
        }
        default: Fail(std::string("unknown escape \\") + e);
      }
    }
  }

  std::string_view m_text;
  size_t m_at = 0;
};

}  // namespace

JsonValue JsonValue::Parse(std::string_view text) { return Reader(text).Document(); }

bool JsonValue::Has(std::string_view key) const {
  for (const auto& member : members)
    if (member.first == key) return true;
  return false;
}

const JsonValue& JsonValue::operator[](std::string_view key) const {
  for (const auto& member : members)
    if (member.first == key) return member.second;
  throw std::out_of_range("JSON: no member '" + std::string(key) + "'");
}

const JsonValue& JsonValue::operator[](size_t index) const {
  if (index >= items.size())
    throw std::out_of_range("JSON: no item " + std::to_string(index) + " of " + std::to_string(items.size()));
  return items[index];
}

}  // namespace threadlab::testing
