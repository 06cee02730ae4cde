// The compact view (?view=compact): one lesson in a course page's frame of about 800x500,
// readable at 600x400. DrawApp (layout_full.cpp) lays it out like the full view without the
// lesson list and the prose; its top bar, here, names the lesson and offers the way out to
// the full playground with the same state. A level (?level=ID) shows its brief, goal, Play
// and Hint under it.
#include <algorithm>

#include "app.h"

namespace threadlab {

void DrawCompactTopBar(App& app) {
  ImGui::PushFont(app.fonts.bold);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(TintVec(Tint::accent), "%s", app.session.lesson().title);
  ImGui::PopFont();
  if (!app.share.page_url.empty()) {  // right-aligned: Share, Embed, Full playground
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
  DrawRunControls(app.session, app.status_view, app.step_view, app.message);
  if (app.session.level())
    DrawLevelPanel(app.session, app.level_view, app.progress, app.step_view, app.share,
                   app.message);
}

}  // namespace threadlab
