// The compact view (?view=compact): one lesson in a course page's frame of about 800x500,
// readable at 600x400. The lesson's code with its editable values, Run/Stop, the outcome
// and the log beside it, the timeline below; no lesson list and no prose, and a way out to
// the full playground with the same state.
#include <algorithm>
#include <cmath>

#include "app.h"

namespace threadlab {

namespace {

// The lesson's title, and on the right Share, Embed and the way to the full playground.
void DrawCompactTitle(App& app) {
  ImGui::PushFont(app.fonts.bold);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(TintVec(Tint::accent), "%s", app.session.lesson().title);
  ImGui::PopFont();
  if (app.share.page_url.empty()) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  float buttons = style.ItemSpacing.x * 2;
  for (const char* label : {"Share", "Embed", "Full playground"})
    buttons += ImGui::CalcTextSize(label).x + style.FramePadding.x * 2;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(),
                           ImGui::GetWindowContentRegionMax().x - buttons));
  DrawShareButtons(app.share, app.session);
  ImGui::SameLine();
  DrawOpenFullButton(app.share, app.session);
}

}  // namespace

void DrawCompactApp(App& app) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 6));
  ImGui::Begin("ThreadLab compact", nullptr, flags);
  ImGui::PopStyleVar();
  DrawCompactTitle(app);
  DrawRunControls(app.session, app.message);

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float upper = std::floor(avail.y * 0.55f);
  ImGui::BeginChild("code", ImVec2(std::floor(avail.x * 0.58f), upper), true,
                    ImGuiWindowFlags_HorizontalScrollbar);
  DrawCode(app.session, app.fonts);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  const float state_height = std::floor(upper * 0.4f);
  ImGui::BeginChild("state", ImVec2(0, state_height), true);
  DrawState(app.session, app.fonts);
  ImGui::EndChild();
  ImGui::BeginChild("log panel", ImVec2(0, upper - state_height - ImGui::GetStyle().ItemSpacing.y));
  DrawLog(app.session.snapshot(), app.log_view);
  ImGui::EndChild();
  ImGui::EndGroup();
  ImGui::BeginChild("timeline", ImVec2(0, 0), true);
  DrawTimelinePanel(app);
  ImGui::EndChild();
  ImGui::End();
}

}  // namespace threadlab
