#include "run/link.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace threadlab {

namespace {

// Keys the page itself reads before the app starts (web/page.js: the guarded reload that
// makes it cross-origin isolated); the link ignores them.
constexpr std::string_view kPageKeys[] = {"tl-reload", "tl-dip"};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded, as URLSearchParams reads it: '+' is a space, and a
// '%' without two hex digits after it stays as it is.
std::string Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
               HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// scheme://host[:port], the shape of MessageEvent.origin.
bool IsOrigin(std::string_view text) {
  size_t rest = 0;
  if (text.substr(0, 7) == "http://") rest = 7;
  else if (text.substr(0, 8) == "https://") rest = 8;
  else return false;
  if (text.size() > 256 || rest == text.size()) return false;
  size_t port_digits = 0;
  bool in_port = false;
  for (const char c : text.substr(rest)) {
    if (in_port) {
      if (c < '0' || c > '9' || ++port_digits > 5) return false;
    } else if (c == ':') {
      in_port = true;
    } else if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) {
      return false;
    }
  }
  return !in_port || port_digits > 0;
}

// Shortest text that reads back as the same double.
std::string NumberText(double value) {
  char text[40];
  for (const int digits : {6, 15, 17}) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

// "&speed=1&schedule=0x3.1": the schedule only when given and short enough for a link.
std::string SpeedAndSchedule(double speed, const Schedule* schedule) {
  std::string query = "&speed=" + NumberText(speed);
  const std::string steps = schedule ? ScheduleText(*schedule) : "";
  if (!steps.empty() && steps.size() <= kMaxLinkScheduleLength) query += "&schedule=" + steps;
  return query;
}

class LinkReader {
 public:
  explicit LinkReader(Link& link) : m_link(link) {}

  void Problem(std::string text) {
    if (m_link.problems.size() < kMaxLinkProblemsShown) m_link.problems.push_back(std::move(text));
    ++m_link.problem_count;
  }

  // The lesson comes first, whatever its place in the query, so values can be checked.
  // Returns whether the link asks to autorun.
  bool Read(const std::vector<std::pair<std::string, std::string>>& pairs) {
    // A level names its lesson and values itself: it comes before lesson=, which it overrides.
    for (const auto& [key, value] : pairs)
      if (key == "level") {
        ReadLevel(value);
        break;
      }
    for (const auto& [key, value] : pairs)
      if (key == "lesson" && !m_link.level) {
        ReadLesson(value);
        break;
      }
    std::vector<std::string> seen;
    bool values_without_lesson = false;
    for (const auto& [key, value] : pairs) {
      if (key.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
        Problem("'" + Shown(key) + "' holds a NUL character");
        continue;
      }
      if (IsPageKey(key)) continue;
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        Problem("'" + Shown(key) + "' is given twice (used the first)");
        continue;
      }
      seen.push_back(key);
      if (key == "lesson" || key == "level") continue;
      if (key == "speed") ReadSpeed(value);
      else if (key == "autorun") ReadAutorun(value);
      else if (key == "view") ReadView(value);
      else if (key == "predict") ReadPredict(value);
      else if (key == "parent") ReadParent(value);
      else if (key == "build") ReadBuild(value);
      else if (key == "schedule" && m_link.lesson) ReadSchedule(value);
      else if (m_link.level) Problem("a level plays at its own values: '" + Shown(key) + "' ignored");
      else if (m_link.lesson) ReadValue(key, value);
      else values_without_lesson = true;
    }
    if (values_without_lesson && !m_lesson_unknown)
      Problem("values without a lesson=... are ignored");
    return m_autorun_asked;
  }

 private:
  static bool IsPageKey(std::string_view key) {
    for (const std::string_view page_key : kPageKeys)
      if (key == page_key) return true;
    return false;
  }

  void ReadLesson(const std::string& id) {
    if (id.find('\0') != std::string::npos) return;  // reported with the other NULs
    m_link.lesson = FindLesson(id);
    if (!m_link.lesson) {
      m_lesson_unknown = true;
      Problem("unknown lesson '" + Shown(id) + "'");
      return;
    }
    m_link.values = DefaultValues(*m_link.lesson);
  }

  void ReadLevel(const std::string& id) {
    if (id.find('\0') != std::string::npos) return;  // reported with the other NULs
    m_link.level = FindLevel(id);
    if (!m_link.level) {
      m_lesson_unknown = true;
      Problem("unknown level '" + Shown(id) + "'");
      return;
    }
    m_link.lesson = m_link.level->lesson;
    m_link.values = LevelValues(*m_link.level);
  }

  void ReadValue(const std::string& name, const std::string& text) {
    if (auto error = ParsePlainParam(*m_link.lesson, name, text, m_link.values)) Problem(*error);
  }

  void ReadSpeed(const std::string& text) {
    double speed = 0;
    if (auto error = ParseSpeed(text, speed))
      Problem(*error);
    else
      m_link.speed = speed;
  }

  void ReadSchedule(const std::string& text) {
    if (text.size() > kMaxLinkScheduleLength) {
      Problem("the schedule is longer than " + std::to_string(kMaxLinkScheduleLength) +
              " characters: ignored");
      return;
    }
    m_link.schedule = ParseSchedule(text);
    if (!m_link.schedule)
      Problem("schedule must be thread numbers like 0x3.1.2x2, got '" + Shown(text) + "'");
  }

  void ReadAutorun(const std::string& text) {
    if (text == "1") m_autorun_asked = true;
    else if (text != "0") Problem("autorun must be 1 or 0, got '" + Shown(text) + "'");
  }

  void ReadPredict(const std::string& text) {
    if (text == "1") m_link.predict = true;
    else if (text != "0") Problem("predict must be 1 or 0, got '" + Shown(text) + "'");
  }

  void ReadView(const std::string& text) {
    if (text == "compact") m_link.view = LinkView::compact;
    else if (text != "full") Problem("view must be compact or full, got '" + Shown(text) + "'");
  }

  // ?build=threads|fibers: which of the two web builds web/page.js loads; the page has read
  // it already, the link only says when it cannot be either.
  void ReadBuild(const std::string& text) {
    if (text != "threads" && text != "fibers")
      Problem("build must be threads or fibers, got '" + Shown(text) + "'");
  }

  void ReadParent(const std::string& text) {
    if (IsOrigin(text)) m_link.parent = text;
    else Problem("parent must be an origin like https://example.org, got '" + Shown(text) + "'");
  }

  Link& m_link;
  bool m_lesson_unknown = false;
  bool m_autorun_asked = false;
};

}  // namespace

std::optional<std::string> ParsePlainParam(const Lesson& lesson, std::string_view name,
                                           std::string_view text, ParamValues& into) {
  if (!FindParam(lesson, name)) return "unknown parameter '" + Shown(name) + "'";
  return ParseParam(lesson, name, text, into);
}

std::string Link::Notice() const {
  if (problem_count == 0) return "";
  std::string notice = "link: ";
  for (size_t i = 0; i < problems.size(); ++i) notice += (i ? "; " : "") + problems[i];
  if (problem_count > problems.size())
    notice += "; and " + std::to_string(problem_count - problems.size()) + " more";
  if (lesson) notice += problem_count > 1 ? " (kept the defaults)" : " (kept the default)";
  return notice;
}

Link ParseLink(std::string_view query) {
  Link link;
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  LinkReader reader(link);
  if (query.size() > kMaxLinkLength) {
    reader.Problem("the link is longer than " + std::to_string(kMaxLinkLength) +
                   " characters: ignored");
    return link;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    pairs.emplace_back(Decode(part.substr(0, eq)),
                       eq == std::string_view::npos ? "" : Decode(part.substr(eq + 1)));
  }
  const bool autorun_asked = reader.Read(pairs);
  link.autorun = autorun_asked && link.lesson && link.problem_count == 0;
  return link;
}

std::string FormatLink(const Lesson& lesson, const ParamValues& values, double speed,
                       const Schedule* schedule) {
  std::string query = "lesson=" + std::string(lesson.id);
  for (const Param& param : lesson.params) {
    const double value = values.Number(param.name);
    query += "&" + std::string(param.name) + "=" +
             (param.kind == ParamKind::number ? NumberText(value) : FormatParam(param, value));
  }
  return query + SpeedAndSchedule(speed, schedule);
}

std::string FormatLevelLink(const PlacedLevel& level, double speed, const Schedule* schedule) {
  return "level=" + std::string(level.level->id) + SpeedAndSchedule(speed, schedule);
}

}  // namespace threadlab
