// Choosing a lesson, its teaching text, and its source with the parameters editable in place.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "views.h"

namespace threadlab {

// ---- Lesson list ----------------------------------------------------------------------

namespace {
// "12.  " before a lesson's title in the list.
std::string ListNumber(size_t number) { return std::to_string(number) + ".  "; }
}  // namespace

float LessonListWidth() {
  float widest = 0;
  for (const Lesson* lesson : Lessons())
    widest = std::max(widest, ImGui::CalcTextSize(lesson->title).x);
  return widest + ImGui::CalcTextSize(ListNumber(Lessons().size()).c_str()).x +
         ImGui::GetStyle().WindowPadding.x * 2 + ImGui::GetStyle().ScrollbarSize;
}

void DrawLessonList(Session& session) {
  size_t number = 1;
  for (const Lesson* lesson : Lessons()) {
    const std::string label = ListNumber(number++) + lesson->title;
    if (ImGui::Selectable(label.c_str(), lesson == &session.lesson())) session.Select(*lesson);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson->id);
  }
}

// ---- Teaching text --------------------------------------------------------------------

void DrawLessonText(const Lesson& lesson, const ParamValues& values) {
  std::string_view text = lesson.text;
  while (!text.empty()) {  // one wrapped block per paragraph, naming the values in use
    const size_t end = text.find("\n\n");
    const std::string paragraph = FillSlots(lesson, text.substr(0, end), values);
    ImGui::TextWrapped("%s", paragraph.c_str());
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 2);
  }
}

// ---- Values ---------------------------------------------------------------------------
namespace {
// Numbers keep a thousandth of a lesson second: the clock's resolution, and fine enough for
// the smallest default (0.002 s per message).
constexpr double kNumberResolution = 0.001;
}  // namespace

double FitValue(const Param& param, double value, std::string* note) {
  double fitted = value;
  std::string rule;
  if (param.kind == ParamKind::integer) {
    fitted = std::round(value);
    rule = "is a whole number";
  } else if (param.kind == ParamKind::number) {
    // Divided back from a whole number of thousandths, so 0.1 stays the 0.1 typed.
    fitted = std::round(value / kNumberResolution) / (1 / kNumberResolution);
    rule = "keeps thousandths of a second";
  }
  if (fitted < param.min || fitted > param.max) {
    fitted = std::clamp(fitted, param.min, param.max);
    rule = "goes from " + FormatParam(param, param.min) + " to " + FormatParam(param, param.max);
  }
  if (note) {
    char typed[32];
    std::snprintf(typed, sizeof typed, "%g", value);
    *note = fitted == value ? std::string()
                            : std::string(param.name) + " " + rule + ": " + typed + " became " +
                                  FormatParam(param, fitted);
  }
  return fitted;
}

// ---- Code view ------------------------------------------------------------------------
namespace {

enum class TokenKind { text, keyword, comment, string, number, param };
struct Token {
  TokenKind kind;
  std::string_view text;
};

bool IsKeyword(std::string_view word) {
  static const char* const kKeywords[] = {
      "auto", "bool", "break", "class", "const", "continue", "double", "else", "false",
      "for", "if", "int", "long", "namespace", "nullptr", "private", "public", "return",
      "static", "struct", "this", "true", "try", "catch", "using", "void", "while", "std"};
  for (const char* keyword : kKeywords)
    if (word == keyword) return true;
  return false;
}

bool IsWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Cuts one line of the shown source into tokens; `{name}` of a known parameter is a param
// token holding the name. `in_comment` carries a /* comment */ over line ends.
std::vector<Token> Tokenize(std::string_view line, const Lesson& lesson, bool& in_comment) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto push = [&](TokenKind kind, size_t end) {
    tokens.push_back(Token{kind, line.substr(i, end - i)});
    i = end;
  };
  while (i < line.size()) {
    const std::string_view rest = line.substr(i);
    if (in_comment) {
      const size_t close = rest.find("*/");
      in_comment = close == std::string_view::npos;
      push(TokenKind::comment, in_comment ? line.size() : i + close + 2);
    } else if (rest.substr(0, 2) == "//") {
      push(TokenKind::comment, line.size());
    } else if (rest.substr(0, 2) == "/*") {
      const size_t close = rest.find("*/", 2);
      in_comment = close == std::string_view::npos;
      push(TokenKind::comment, in_comment ? line.size() : i + close + 2);
    } else if (rest[0] == '"') {
      size_t end = 1;
      while (end < rest.size() && rest[end] != '"') end += rest[end] == '\\' ? 2 : 1;
      push(TokenKind::string, i + std::min(end + 1, rest.size()));
    } else if (rest[0] == '{' && rest.find('}') != std::string_view::npos &&
               FindParam(lesson, rest.substr(1, rest.find('}') - 1))) {
      tokens.push_back(Token{TokenKind::param, rest.substr(1, rest.find('}') - 1)});
      i += rest.find('}') + 1;
    } else if (std::isdigit(static_cast<unsigned char>(rest[0]))) {
      size_t end = 0;
      while (end < rest.size() && (IsWord(rest[end]) || rest[end] == '.')) ++end;
      push(TokenKind::number, i + end);
    } else if (IsWord(rest[0])) {
      size_t end = 0;
      while (end < rest.size() && IsWord(rest[end])) ++end;
      push(IsKeyword(rest.substr(0, end)) ? TokenKind::keyword : TokenKind::text, i + end);
    } else {
      size_t end = 1;  // punctuation and spaces, up to the next token that may differ
      while (end < rest.size() && !IsWord(rest[end]) && rest[end] != '"' && rest[end] != '{' &&
             rest[end] != '/')
        ++end;
      push(TokenKind::text, i + end);
    }
  }
  return tokens;
}

// What -/+ add: one for whole numbers; for seconds, the order of the default (0.1 for 0.1,
// 1 for 4, 10 for 30), so a few presses make a difference that shows.
double ParamStep(const Param& param) {
  if (param.kind != ParamKind::number) return 1;
  const double scale = std::abs(param.default_value) > 0 ? std::abs(param.default_value) : 1;
  return std::max(kNumberResolution, std::pow(10.0, std::floor(std::log10(scale))));
}

// How much a pixel of dragging adds: about ten pixels per whole step, a tenth of a step for
// seconds; never below what the value keeps, or slow drags would be rounded away.
float DragSpeed(const Param& param) {
  if (param.kind == ParamKind::integer)
    return static_cast<float>(std::max(0.1, (param.max - param.min) / 300));
  return static_cast<float>(std::max(kNumberResolution, ParamStep(param) / 10));
}

void ParamTooltip(const Param& param) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::Text("%s: %s", param.name, param.help);
  ImGui::TextDisabled("%s, from %s to %s; default %s.", ParamKindName(param).c_str(),
                      FormatParam(param, param.min).c_str(), FormatParam(param, param.max).c_str(),
                      FormatParam(param, param.default_value).c_str());
  ImGui::TextDisabled(param.kind == ParamKind::boolean
                          ? "Click to switch it."
                          : "Click to type a value (Enter keeps it), or drag sideways.");
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// One parameter as an editable field. A click types, a drag changes it; what is typed is
// fitted to the parameter (FitValue) and view.note says when that changed it, so the field
// always shows what runs. (A drag stays in range and is rounded quietly.) The field's spot
// goes to `view`.
void DrawParamField(const Param& param, ParamValues& values, CodeView& view) {
  const double value = values.Number(param.name);
  auto done = [&] {
    view.spots.push_back(FieldSpot{param.name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                   ImGui::IsItemVisible()});
    ParamTooltip(param);
  };
  if (param.kind == ParamKind::boolean) {
    bool flag = value != 0;
    // The label is the value as the code reads it: true, or the keyword (while).
    if (ImGui::Checkbox((FormatParam(param, value) + "###value").c_str(), &flag))
      values.Set(param.name, flag ? 1 : 0);
    return done();
  }
  const bool integer = param.kind == ParamKind::integer;
  const std::string widest = std::max(FormatParam(param, param.max), FormatParam(param, param.min),
                                      [](const std::string& a, const std::string& b) {
                                        return a.size() < b.size();
                                      });
  ImGui::SetNextItemWidth(ImGui::CalcTextSize((widest + "0").c_str()).x +
                          ImGui::GetStyle().FramePadding.x * 2);
  double number = value;
  // Whole numbers round as they are dragged (ImGui keeps the remainder); seconds are
  // rounded by FitValue, to a finer step than the field's "%g" could say.
  const ImGuiSliderFlags flags = integer ? 0 : ImGuiSliderFlags_NoRoundToFormat;
  if (ImGui::DragScalar("##value", ImGuiDataType_Double, &number, DragSpeed(param), &param.min,
                        &param.max, integer ? "%.0f" : "%g", flags))
    values.Set(param.name,
               FitValue(param, number, ImGui::GetIO().WantTextInput ? &view.note : nullptr));
  done();
}

// -/+ beside a field: a tap changes the value where there is no keyboard (phones).
void StepButtons(const Param& param, ParamValues& values) {
  const double value = values.Number(param.name);
  const double step = ParamStep(param);
  ImGui::PushButtonRepeat(true);
  ImGui::SameLine(0, 2);
  ImGui::BeginDisabled(value <= param.min);
  if (ImGui::SmallButton("-")) values.Set(param.name, FitValue(param, value - step, nullptr));
  ImGui::EndDisabled();
  ImGui::SameLine(0, 2);
  ImGui::BeginDisabled(value >= param.max);
  if (ImGui::SmallButton("+")) values.Set(param.name, FitValue(param, value + step, nullptr));
  ImGui::EndDisabled();
  ImGui::PopButtonRepeat();
}

ImU32 TokenColor(TokenKind kind) {
  switch (kind) {
    case TokenKind::keyword: return TintColor(Tint::code_keyword);
    case TokenKind::comment: return TintColor(Tint::code_comment);
    case TokenKind::string: return TintColor(Tint::code_string);
    case TokenKind::number: return TintColor(Tint::code_number);
    default: return ImGui::GetColorU32(ImGuiCol_Text);
  }
}

// Step mode: the threads standing on each shown line (by line, from 0), in thread order.
std::vector<std::vector<int>> ThreadsByLine(const Session& session, const Lesson& lesson,
                                            size_t lines) {
  std::vector<std::vector<int>> standing(lines);
  if (!session.step_mode() || session.run_lesson() != &lesson) return standing;
  const RunSnapshot& run = session.snapshot();
  for (size_t i = 0; i < run.next.size(); ++i) {
    if (!run.next[i].at_gate) continue;
    const int line = ShownLine(lesson, run.next[i].at);
    if (line >= 0 && static_cast<size_t>(line) < lines) standing[line].push_back(static_cast<int>(i));
  }
  return standing;
}

// A band behind a line (drawn before the line's text, so the text stays on top): in the first
// thread's colour where threads stand, else in the hint's where a hint points.
void DrawLineBand(const std::vector<int>& threads, bool hinted) {
  if (threads.empty() && !hinted) return;
  const ImU32 color = threads.empty() ? TintColor(Tint::warn) : ThreadColor(threads.front());
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float height = ImGui::GetTextLineHeight();
  const float right = at.x + std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(at, ImVec2(right, at.y + height), (color & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 48));
  draw->AddRectFilled(ImVec2(at.x - 4, at.y), ImVec2(at.x - 1, at.y + height), color);
}

// After the line's text: one tag a thread, side by side, each in its colour with its name.
void DrawLineMarkers(const Session& session, const std::vector<int>& threads, int line,
                     CodeView& view) {
  if (threads.empty()) return;
  const RunSnapshot& run = session.snapshot();
  const std::vector<std::string> names = ThreadLabels(run);
  const float font = ImGui::GetFontSize();
  const float height = ImGui::GetTextLineHeight();
  float x = ImGui::GetItemRectMax().x + font;
  const float y = ImGui::GetItemRectMin().y;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const int thread : threads) {
    const std::string& name = names[thread];
    const ImVec2 min(x, y), max(x + ImGui::CalcTextSize(name.c_str()).x + font * 0.8f, y + height);
    draw->AddRectFilled(min, max, ThreadColor(thread), height * 0.3f);
    draw->AddText(ImVec2(min.x + font * 0.4f, y), TintColor(Tint::on_thread_color), name.c_str());
    if (ImGui::IsMouseHoveringRect(min, max))
      ImGui::SetTooltip("%s stands here: its next step is \"%s\"", name.c_str(),
                        run.next[thread].text.c_str());
    view.markers.push_back(MarkerSpot{thread, line, min, max});
    x = max.x + font * 0.3f;
  }
}

}  // namespace

void DrawValuesRow(Session& session, CodeView& view) {
  const Lesson& lesson = session.lesson();
  view.spots.clear();
  if (lesson.params.empty()) return;
  PushValueFieldStyle();
  ImGui::BeginDisabled(session.running());  // the values shown are the values running
  ImGui::PushID("row");
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("Values");
  const float spacing = ImGui::GetFontSize();
  for (const Param& param : lesson.params) {
    // Wrap like text when the next value does not fit; measured on the widest it can show.
    const float width = ImGui::CalcTextSize(param.name).x + ImGui::GetFontSize() * 7.5f;
    ImGui::SameLine(0, spacing);
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    ImGui::PushID(param.name);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(param.name);
    ImGui::SameLine(0, 4);
    DrawParamField(param, session.values(), view);
    if (param.kind != ParamKind::boolean) StepButtons(param, session.values());
    ImGui::PopID();
  }
  ImGui::PopID();
  ImGui::SameLine(0, spacing);
  if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize("Reset").x + spacing) ImGui::NewLine();
  ImGui::BeginDisabled(session.ValuesAreDefaults());
  if (ImGui::SmallButton("Reset")) {
    session.ResetValues();
    view.note.clear();
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Back to the lesson's values");
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  PopValueFieldStyle();
  if (!view.note.empty()) WrappedText(TintColor(Tint::warn), view.note.c_str());
}

void DrawCode(Session& session, const Fonts& fonts, CodeView& view) {
  const Lesson& lesson = session.lesson();
  // A learner who comes from the Python tutorial reads the same lesson in Python.
  if (ImGui::BeginTabBar("language")) {
    if (ImGui::BeginTabItem("C++")) {
      view.language = Language::cpp;
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Python")) {
      view.language = Language::python;
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  if (view.language == Language::python && lesson.python_note)
    HintText(lesson.python_note);
  ImGui::PushFont(fonts.code);
  // Fields as tall as a line of text, so the code does not jump where a value stands.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetFontSize() * 0.2f, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                      ImVec2(0, ImGui::GetFontSize() * 0.18f));
  PushValueFieldStyle();
  ImGui::BeginDisabled(session.running());  // the values shown are the values running
  bool in_comment = false;
  int occurrence = 0;  // a value shown twice is two fields: each needs its own ID
  std::string_view source = view.language == Language::python ? lesson.code.python : lesson.code.source;
  // The threads' markers go on the C++ lines: the Python program is not what runs.
  const auto standing = ThreadsByLine(
      session, lesson,
      view.language == Language::cpp ? std::count(source.begin(), source.end(), '\n') : 0);
  view.markers.clear();
  if (view.hinted_line < 0) view.scrolled_to_hint = -1;
  const Schedule& schedule = session.snapshot().schedule;
  const int last_mover = session.step_mode() && !schedule.empty() ? schedule.back() : -1;
  for (int number = 0; !source.empty(); ++number) {
    const size_t end = source.find('\n');
    const std::string_view line = source.substr(0, end);
    source = end == std::string_view::npos ? std::string_view() : source.substr(end + 1);
    static const std::vector<int> kNobody;
    const std::vector<int>& threads =
        static_cast<size_t>(number) < standing.size() ? standing[number] : kNobody;
    const bool hinted = number == view.hinted_line && view.language == Language::cpp;
    DrawLineBand(threads, hinted);
    bool first = true;
    for (const Token& token : Tokenize(line, lesson, in_comment)) {
      if (!first) ImGui::SameLine(0, 0);
      first = false;
      if (token.kind == TokenKind::param) {
        ImGui::PushID(occurrence++);
        DrawParamField(*FindParam(lesson, token.text), session.values(), view);
        ImGui::PopID();
        continue;
      }
      ImGui::PushStyleColor(ImGuiCol_Text, TokenColor(token.kind));
      if (token.kind == TokenKind::comment || token.kind == TokenKind::string) {
        // A value named in a comment or a string reads as text: "hello, 30 s later".
        const std::string text = FillSlots(lesson, token.text, session.values());
        ImGui::TextUnformatted(text.c_str());
      } else {
        ImGui::TextUnformatted(token.text.data(), token.text.data() + token.text.size());
      }
      ImGui::PopStyleColor();
    }
    if (first) ImGui::TextUnformatted("");
    DrawLineMarkers(session, threads, number, view);
    if (hinted && view.hinted_line != view.scrolled_to_hint) {  // the hint's line, in sight once
      view.scrolled_to_hint = view.hinted_line;
      if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
    }
    // The thread that moved last stands on a new line: keep that line in sight.
    if (std::find(threads.begin(), threads.end(), last_mover) != threads.end() &&
        (view.followed.thread != last_mover || view.followed.line != number)) {
      view.followed = MarkerSpot{last_mover, number, {}, {}};
      if (!ImGui::IsItemVisible()) ImGui::SetScrollHereY(0.5f);
    }
  }
  ImGui::EndDisabled();
  PopValueFieldStyle();
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
}

}  // namespace threadlab
