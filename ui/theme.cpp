// Colours and style. Every colour the views use is named here once.
#include "views.h"

namespace threadlab {

ImU32 StateColor(ThreadState state) {
  switch (state) {
    case ThreadState::running: return IM_COL32(76, 175, 80, 255);           // green
    case ThreadState::sleeping: return IM_COL32(90, 150, 220, 255);         // blue
    case ThreadState::waiting_lock: return IM_COL32(229, 57, 53, 255);      // red: must pop out
    case ThreadState::holding_lock: return IM_COL32(255, 167, 38, 255);     // orange
    case ThreadState::waiting_barrier: return IM_COL32(171, 71, 188, 255);  // purple
    case ThreadState::blocked_queue: return IM_COL32(230, 200, 40, 255);    // yellow
    case ThreadState::waiting: return IM_COL32(120, 134, 160, 255);         // slate
    case ThreadState::finished: return IM_COL32(70, 74, 82, 255);           // dark grey
    case ThreadState::killed: return IM_COL32(120, 60, 60, 255);            // dull red
  }
  return IM_COL32(255, 0, 255, 255);
}

// Step mode marks each thread with one of these, in the code and beside its lane: bright
// and apart from each other, so two markers side by side read as two threads.
ImU32 ThreadColor(int thread) {
  static const ImU32 kColors[] = {
      IM_COL32(240, 240, 240, 255),  // Main: white
      IM_COL32(255, 99, 132, 255),   // pink
      IM_COL32(54, 200, 235, 255),   // cyan
      IM_COL32(255, 206, 86, 255),   // gold
      IM_COL32(153, 102, 255, 255),  // violet
      IM_COL32(120, 220, 120, 255),  // green
      IM_COL32(255, 140, 60, 255),   // orange
      IM_COL32(90, 130, 255, 255),   // blue
  };
  constexpr int kCount = sizeof kColors / sizeof kColors[0];
  return kColors[((thread % kCount) + kCount) % kCount];
}

ImU32 TintColor(Tint tint) {
  switch (tint) {
    case Tint::text: return ImGui::GetColorU32(ImGuiCol_Text);
    case Tint::accent: return IM_COL32(100, 170, 255, 255);
    case Tint::good: return IM_COL32(110, 200, 120, 255);
    case Tint::bad: return IM_COL32(255, 95, 90, 255);
    case Tint::warn: return IM_COL32(255, 180, 70, 255);
    case Tint::dim: return IM_COL32(150, 155, 165, 255);
    case Tint::code_keyword: return IM_COL32(110, 160, 240, 255);
    case Tint::code_comment: return IM_COL32(120, 160, 110, 255);
    case Tint::code_string: return IM_COL32(215, 155, 110, 255);
    case Tint::code_number: return IM_COL32(180, 210, 150, 255);
    case Tint::on_thread_color: return IM_COL32(20, 20, 24, 255);
  }
  return IM_COL32_WHITE;
}

ImVec4 TintVec(Tint tint) { return ImGui::ColorConvertU32ToFloat4(TintColor(tint)); }

void ApplyTheme(float content_scale) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowPadding = ImVec2(10, 8);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ScrollbarSize = 14;
  style.WindowRounding = 0;
  style.ChildRounding = 4;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.TabRounding = 3;
  style.WindowBorderSize = 0;
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1);
  colors[ImGuiCol_ChildBg] = ImVec4(0.14f, 0.15f, 0.17f, 1);
  colors[ImGuiCol_PopupBg] = ImVec4(0.09f, 0.10f, 0.12f, 0.97f);
  colors[ImGuiCol_Border] = ImVec4(0.26f, 0.28f, 0.32f, 1);
  colors[ImGuiCol_FrameBg] = ImVec4(0.20f, 0.24f, 0.32f, 1);
  colors[ImGuiCol_Header] = ImVec4(0.22f, 0.36f, 0.58f, 0.70f);
  colors[ImGuiCol_TextDisabled] = TintVec(Tint::dim);
  style.ScaleAllSizes(content_scale);
  ImGui::GetStyle() = style;
}

void PushValueFieldStyle() {
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(45, 70, 115, 255));
  ImGui::PushStyleColor(ImGuiCol_FrameBgHovered, IM_COL32(60, 95, 155, 255));
  ImGui::PushStyleColor(ImGuiCol_Border, TintColor(Tint::accent));
}

void PopValueFieldStyle() {
  ImGui::PopStyleColor(3);
  ImGui::PopStyleVar();
}

void WrappedText(ImU32 color, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void HintText(const char* text) { WrappedText(ImGui::GetColorU32(ImGuiCol_TextDisabled), text); }

void SameLineIfRoom(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
}

float ButtonWidth(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

void HelpMarker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace threadlab
