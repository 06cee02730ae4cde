// Share and Embed buttons, and their popups.
#include "view_share.h"

#include <algorithm>
#include <functional>

#include "imgui.h"
#include "run/link.h"

namespace threadlab {

namespace {

// Text for an HTML attribute value in double quotes.
std::string AttributeText(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '<': out += "&lt;"; break;
      default: out += c;
    }
  }
  return out;
}

// A popup with the text (selectable), a Copy button and what became of the last copy.
void SharePopup(const char* id, const char* hint, ShareView& view, float lines) {
  if (!ImGui::BeginPopup(id)) return;
  ImGui::TextUnformatted(hint);
  // As wide as the window allows: a link does not wrap (it scrolls sideways).
  const float width = std::min(ImGui::GetFontSize() * 50, ImGui::GetMainViewport()->WorkSize.x -
                                                              ImGui::GetStyle().WindowPadding.x * 4);
  ImGui::InputTextMultiline("##text", view.shown.data(), view.shown.size() + 1,
                            ImVec2(width, ImGui::GetTextLineHeight() * lines + 8),
                            ImGuiInputTextFlags_ReadOnly);
  if (ImGui::Button("Copy")) view.copy(view.shown);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", view.notice.c_str());
  ImGui::EndPopup();
}

// Shows `text` in the popup and copies it at once.
void OpenSharePopup(ShareView& view, const char* popup, std::string text) {
  view.shown = std::move(text);
  view.notice = "Copying…";
  view.copy(view.shown);
  ImGui::OpenPopup(popup);
}

// A button that shows a link in Share's popup and copies it; the link is made on a click.
void LinkButton(ShareView& view, const char* label, const char* tooltip, const char* hint,
                const std::function<std::string()>& link) {
  if (view.page_url.empty()) return;
  if (ImGui::SmallButton(label)) OpenSharePopup(view, "share", link());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s\n(its schedule: the link opens that very run in Replay)", tooltip);
  SharePopup("share", hint, view, 2);
}

}  // namespace

std::string ShareLink(const ShareView& view, Session& session, bool compact) {
  // The run shown goes with it when it is of these very values: the link replays it.
  const Schedule* schedule = session.run_lesson() == &session.lesson() &&
                                     session.run_values().all() == session.values().all() &&
                                     !session.snapshot().schedule.empty()
                                 ? &session.snapshot().schedule
                                 : nullptr;
  const std::string query =
      session.level() ? FormatLevelLink(*session.level(), session.speed(), schedule)
                      : FormatLink(session.lesson(), session.values(), session.speed(), schedule);
  return view.page_url + "?" + query + (compact ? "&view=compact" : "");
}

std::string ReplayLink(const ShareView& view, const Lesson& lesson, const ParamValues& values,
                       double speed, const Schedule& schedule) {
  return view.page_url + "?" + FormatLink(lesson, values, speed, &schedule);
}

std::string EmbedSnippet(const ShareView& view, Session& session) {
  return "<iframe src=\"" + AttributeText(ShareLink(view, session, true)) + "\"\n  title=\"ThreadLab: " +
         AttributeText(session.lesson().title) +
         "\" width=\"800\" height=\"500\" style=\"border: 0\"\n"
         "  allow=\"cross-origin-isolated; clipboard-write\"></iframe>";
}

void DrawShareLinkButton(ShareView& view, Session& session, const char* label) {
  LinkButton(view, label, "Copy a link to this lesson, its values and speed, and the run shown",
             "A link to this lesson with these values and speed (and the run shown):",
             [&] { return ShareLink(view, session, false); });
}

void DrawCopyLinkButton(ShareView& view, const char* label, const std::string& link) {
  LinkButton(view, label, "Copy a link to this run", "A link that replays this run:",
             [&] { return link; });
}

void DrawShareButtons(ShareView& view, Session& session) {
  if (view.page_url.empty()) return;
  DrawShareLinkButton(view, session, "Share");
  ImGui::SameLine();
  if (ImGui::SmallButton("Embed")) OpenSharePopup(view, "embed", EmbedSnippet(view, session));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the HTML that puts this lesson in a course page");
  SharePopup("embed", "Paste this into the HTML of a course page:", view, 4);
}

void DrawOpenFullButton(ShareView& view, Session& session) {
  if (view.page_url.empty()) return;
  if (ImGui::SmallButton("Full playground"))
    view.open_tab(ShareLink(view, session, false));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open every lesson in a new tab, with these values");
}

}  // namespace threadlab
