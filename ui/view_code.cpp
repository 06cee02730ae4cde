// Choosing a lesson, its teaching text, and its source with the parameters editable in place.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "views.h"

namespace threadlab {

// ---- Lesson list ----------------------------------------------------------------------

float LessonListWidth() {
  float widest = 0;
  for (const Lesson* lesson : Lessons())
    widest = std::max(widest, ImGui::CalcTextSize(lesson->title).x);
  return widest + ImGui::CalcTextSize("13.  ").x + ImGui::GetStyle().WindowPadding.x * 2 +
         ImGui::GetStyle().ScrollbarSize;
}

void DrawLessonList(Session& session) {
  int number = 1;
  for (const Lesson* lesson : Lessons()) {
    const std::string label = std::to_string(number++) + ".  " + lesson->title;
    if (ImGui::Selectable(label.c_str(), lesson == &session.lesson())) session.Select(*lesson);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", lesson->id);
  }
}

void DrawLessonCombo(Session& session, float width) {
  ImGui::SetNextItemWidth(width);
  if (!ImGui::BeginCombo("##lesson", session.lesson().title, ImGuiComboFlags_HeightLargest))
    return;
  int number = 1;
  for (const Lesson* lesson : Lessons()) {
    const std::string label = std::to_string(number++) + ".  " + lesson->title;
    if (ImGui::Selectable(label.c_str(), lesson == &session.lesson())) session.Select(*lesson);
  }
  ImGui::EndCombo();
}

// ---- Teaching text --------------------------------------------------------------------

void DrawLessonText(const Lesson& lesson, const Fonts& fonts) {
  // Folds away once read, to give the code the room (small windows).
  ImGui::PushFont(fonts.bold);
  const bool open = ImGui::CollapsingHeader(lesson.title, ImGuiTreeNodeFlags_DefaultOpen);
  ImGui::PopFont();
  if (!open) return;
  std::string_view text = lesson.text;
  while (!text.empty()) {  // one wrapped block per paragraph
    const size_t end = text.find("\n\n");
    const std::string paragraph(text.substr(0, end));
    ImGui::TextWrapped("%s", paragraph.c_str());
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 2);
  }
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

std::string EscapePercent(const std::string& text) {
  std::string escaped;
  for (char c : text) escaped += c == '%' ? std::string("%%") : std::string(1, c);
  return escaped;
}

// The step a number parameter moves by: fine for small ranges, coarser for long ones.
double NumberStep(const Param& param) { return param.max - param.min > 20 ? 0.1 : 0.01; }

void ParamTooltip(const Param& param) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::Text("%s: %s", param.name, param.help);
  ImGui::TextDisabled("%s, from %s to %s; default %s.", ParamKindName(param.kind),
                      FormatParam(param, param.min).c_str(), FormatParam(param, param.max).c_str(),
                      FormatParam(param, param.default_value).c_str());
  if (param.kind != ParamKind::boolean)
    ImGui::TextDisabled("Drag it, or Ctrl+click (double-click) to type a value.");
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// One parameter as an editable field, drawn where its value stands in the code. The value
// is clamped to the parameter's range, so what the field shows is always what runs.
void DrawParamField(const Param& param, ParamValues& values) {
  ImGui::PushID(param.name);
  const double value = values.Number(param.name);
  const std::string widest = FormatParam(param, param.max).size() >
                                     FormatParam(param, param.min).size()
                                 ? FormatParam(param, param.max)
                                 : FormatParam(param, param.min);
  const float text_width = ImGui::CalcTextSize((widest + "0").c_str()).x;
  if (param.kind == ParamKind::boolean) {
    bool flag = value != 0;
    if (ImGui::Checkbox(flag ? "true" : "false", &flag)) values.Set(param.name, flag ? 1 : 0);
  } else if (param.kind == ParamKind::integer && param.max - param.min <= 100) {
    int number = static_cast<int>(value);
    ImGui::SetNextItemWidth(text_width + ImGui::GetFontSize() * 4);
    if (ImGui::SliderInt("##value", &number, static_cast<int>(param.min),
                         static_cast<int>(param.max), "%d", ImGuiSliderFlags_AlwaysClamp))
      values.Set(param.name, number);
  } else {
    double number = value;
    const double min = param.min, max = param.max;
    const bool integer = param.kind == ParamKind::integer;
    const float speed = static_cast<float>(integer ? std::max(1.0, (max - min) / 300)
                                                   : NumberStep(param));
    ImGui::SetNextItemWidth(text_width + ImGui::GetFontSize() * 1.5f);
    const std::string shown = EscapePercent(FormatParam(param, value));
    if (ImGui::DragScalar("##value", ImGuiDataType_Double, &number, speed, &min, &max,
                          shown.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
      const double step = integer ? 1 : NumberStep(param);
      number = std::clamp(std::round(number / step) * step, min, max);
      values.Set(param.name, number);
    }
  }
  ParamTooltip(param);
  ImGui::PopID();
}

// `text` with each {name} of a parameter replaced by its value.
std::string WithValues(std::string_view text, const Lesson& lesson, const ParamValues& values) {
  std::string out;
  while (!text.empty()) {
    const size_t open = text.find('{'), close = text.find('}', open);
    const Param* param = open != std::string_view::npos && close != std::string_view::npos
                             ? FindParam(lesson, text.substr(open + 1, close - open - 1))
                             : nullptr;
    if (!param) {
      out += text;
      break;
    }
    out += std::string(text.substr(0, open)) + FormatParam(*param, values.Number(param->name));
    text = text.substr(close + 1);
  }
  return out;
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

}  // namespace

void DrawCode(Session& session, const Fonts& fonts) {
  const Lesson& lesson = session.lesson();
  ImGui::PushFont(fonts.code);
  // Fields as tall as a line of text, so the code does not jump where a value stands.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetFontSize() * 0.2f, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                      ImVec2(0, ImGui::GetFontSize() * 0.18f));
  // Editable values stand out from the code around them.
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(45, 70, 115, 255));
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, IM_COL32(60, 95, 155, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, TintColor(Tint::accent));
  ImGui::BeginDisabled(session.running());  // the values shown are the values running
  bool in_comment = false;
  std::string_view source = lesson.source;
  while (!source.empty()) {
    const size_t end = source.find('\n');
    const std::string_view line = source.substr(0, end);
    source = end == std::string_view::npos ? std::string_view() : source.substr(end + 1);
    bool first = true;
    for (const Token& token : Tokenize(line, lesson, in_comment)) {
      if (!first) ImGui::SameLine(0, 0);
      first = false;
      if (token.kind == TokenKind::param) {
        DrawParamField(*FindParam(lesson, token.text), session.values());
        continue;
      }
      ImGui::PushStyleColor(ImGuiCol_Text, TokenColor(token.kind));
      if (token.kind == TokenKind::comment) {  // a value named in a comment reads as text
        const std::string text = WithValues(token.text, lesson, session.values());
        ImGui::TextUnformatted(text.c_str());
      } else {
        ImGui::TextUnformatted(token.text.data(), token.text.data() + token.text.size());
      }
      ImGui::PopStyleColor();
    }
    if (first) ImGui::TextUnformatted("");
  }
  ImGui::EndDisabled();
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar(3);
  ImGui::PopFont();
}

}  // namespace threadlab
