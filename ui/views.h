// The views: small functions over data, drawn every frame (immediate mode). Each reads the
// session's snapshot or timeline and keeps its own small view state; none owns a run.
#pragma once

#include "imgui.h"
#include "run/session.h"

namespace threadlab {

struct Fonts {
  ImFont* text = nullptr;
  ImFont* bold = nullptr;
  ImFont* code = nullptr;
};

// ---- theme.cpp ------------------------------------------------------------------------
// One colour per thread state, read by the timeline's lanes, its legend and its tooltips.
ImU32 StateColor(ThreadState state);
// Colours that more than one view uses.
enum class Tint {
  accent, good, bad, warn, dim,
  code_keyword, code_comment, code_string, code_number,
};
ImU32 TintColor(Tint tint);
ImVec4 TintVec(Tint tint);
void ApplyTheme(float content_scale);
// "(?)" that shows `text` when hovered (imgui's HelpMarker).
void HelpMarker(const char* text);
// Coloured text that wraps at the panel's edge instead of being cut off.
void WrappedText(ImU32 color, const char* text);
// A dim hint, wrapped.
void HintText(const char* text);

// ---- view_code.cpp: choosing a lesson, and the lesson itself ---------------------------
void DrawLessonList(Session& session);
float LessonListWidth();  // wide enough for the longest title
void DrawLessonCombo(Session& session, float width);
void DrawLessonText(const Lesson& lesson, const Fonts& fonts);
// The lesson's source with each parameter as an editable field where its value stands.
void DrawCode(Session& session, const Fonts& fonts);

// ---- view_panels.cpp: run controls, log and state --------------------------------------
// Run/Stop, speed, the running indicator. `message` shows an error from the last start.
void DrawRunControls(Session& session, std::string& message);
struct LogView {
  size_t shown_lines = 0;  // to notice new lines and follow them
};
void DrawLog(const RunSnapshot& run, LogView& view);
void DrawState(const Session& session, const Fonts& fonts);

// ---- view_timeline.cpp ----------------------------------------------------------------
struct TimelineView {
  double begin = 0, end = 1;  // lesson seconds at the left and right edges
  bool fit = true;            // follow the whole run; zooming or panning turns it off
};
void DrawTimeline(const Timeline& timeline, const RunSnapshot& run, bool live,
                  TimelineView& view);
void DrawLegend();

}  // namespace threadlab
