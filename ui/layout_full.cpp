// The full layout: the lesson list (or a combo where it does not fit), the lesson over its
// code, state over log beside it, the timeline below; a window held upright (a phone) stacks
// them instead. The compact view (?view=compact, layout_compact.cpp) is this layout with its
// own top bar, without the list and the prose.
#include <algorithm>
#include <cmath>

#include "app.h"

namespace threadlab {

namespace {

// Shares of the window, each the share a panel takes of what is left to it.
constexpr float kChooserWidth = 0.3f;         // most of the width the lesson chooser takes
constexpr float kLessonWidth = 0.57f;         // the lesson beside state and log
constexpr float kStateHeight = 0.4f;          // state over the log
constexpr float kUprightAspect = 1.3f;        // height/width beyond which a window is upright
constexpr float kUprightLessonHeight = 0.62f; // upright: the lesson over state and log
constexpr float kUprightStateWidth = 0.45f;   // upright: state beside the log
// The splitter above the timeline: its thickness (in item spacings) and how far it goes.
constexpr float kSplitterThickness = 1.2f;
constexpr float kMinSplit = 0.25f, kMaxSplit = 0.8f;
// The room the run controls need beside the lesson combo, in font heights: with less, the
// combo takes a line of its own.
constexpr float kRunControlsWidth = 16;

// A bar between the upper panels and the timeline, dragged to share the height.
void Splitter(float& split, float total_height) {
  const float thickness = ImGui::GetStyle().ItemSpacing.y * kSplitterThickness;
  ImGui::InvisibleButton("split", ImVec2(-1, thickness));
  if (ImGui::IsItemActive()) split += ImGui::GetIO().MouseDelta.y / total_height;
  split = std::clamp(split, kMinSplit, kMaxSplit);
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    const float y = (min.y + max.y) * 0.5f;
    ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, y), ImVec2(max.x, y),
                                        ImGui::GetColorU32(ImGuiCol_SeparatorActive), 2);
  }
}

// Where the list does not fit: the lessons, then the challenges, folded into a combo.
void DrawChooserCombo(App& app, float width) {
  Session& session = app.session;
  ImGui::SetNextItemWidth(width);
  const char* shown = session.level() ? session.level()->level->title : session.lesson().title;
  if (ImGui::BeginCombo("##lesson", shown, ImGuiComboFlags_HeightLargest)) {
    DrawLessonList(session);
    ImGui::Separator();
    ImGui::TextDisabled("Challenges");
    DrawChallengeList(session, app.progress, app.level_view, app.step_view);
    ImGui::EndCombo();
  }
}

void DrawTopBar(App& app, bool narrow, float combo_width) {
  ImGui::PushFont(app.fonts.bold);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(TintVec(Tint::accent), "ThreadLab");
  ImGui::PopFont();
  ImGui::SameLine(0, ImGui::GetFontSize());
  // No room for the list: the lessons fold into a combo, on a line of its own when even the
  // combo leaves no room (a phone).
  const bool own_line = ImGui::GetContentRegionAvail().x <
                        combo_width + ImGui::GetFontSize() * kRunControlsWidth;
  if (narrow && !own_line) {
    DrawChooserCombo(app, combo_width);
    ImGui::SameLine();
  }
  DrawRunControls(app.session, app.status_view, app.step_view, app.message);
  if (narrow && own_line) DrawChooserCombo(app, -1);
}

// Lessons or Challenges: which the list beside the lesson shows.
void DrawChooser(App& app) {
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (ImGui::Selectable("Lessons", !app.challenges, 0, ImVec2(half, 0))) app.challenges = false;
  Mark(app.step_view, "Lessons");
  ImGui::SameLine();
  if (ImGui::Selectable("Challenges", app.challenges, 0, ImVec2(half, 0))) app.challenges = true;
  Mark(app.step_view, "Challenges");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Levels: you are the scheduler, make the lesson go wrong");
  ImGui::Separator();
  if (app.challenges)
    DrawChallengeList(app.session, app.progress, app.level_view, app.step_view);
  else
    DrawLessonList(app.session);
}

// The title and the values stay put; the teaching text and the code scroll under them. A
// level played shows its brief and goal instead of the teaching text, and its values fixed.
void DrawLessonPanel(App& app) {
  Session& session = app.session;
  ImGui::PushFont(app.fonts.bold);
  ImGui::TextUnformatted(session.lesson().title);
  ImGui::PopFont();
  ImGui::SameLine();
  DrawShareButtons(app.share, session);
  if (session.level())
    DrawLevelPanel(session, app.level_view, app.progress, app.step_view, app.share, app.message);
  else
    DrawValuesRow(session, app.code_view);
  ImGui::Separator();
  ImGui::BeginChild("lesson body", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  if (app.code_view.shown != &session.lesson()) {  // another lesson opens at its top
    app.code_view.shown = &session.lesson();
    app.code_view.note.clear();
    ImGui::SetScrollX(0);
    ImGui::SetScrollY(0);
  }
  // The code may scroll sideways; the prose wraps at the panel's visible width all the same.
  const ImGuiStyle& style = ImGui::GetStyle();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetWindowWidth() - style.ScrollbarSize);
  if (!session.level()) DrawLessonText(session.lesson(), session.values());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  DrawCode(session, app.fonts, app.code_view);
  ImGui::EndChild();
}

void DrawTimelinePanel(App& app) {
  Session& session = app.session;
  if (session.run_id() != app.shown_run) {
    app.shown_run = session.run_id();
    app.timeline_view.fit = true;
    ScrubLive(app.timeline_view);
  }
  // Step mode's lanes, until a level is won: then the timeline, which marks the winning step.
  if (app.session.step_mode() && !app.session.snapshot().goal.met) {
    DrawStepLanes(app.session, app.step_view, app.message);
    return;
  }
  app.timeline_view.stop_at = app.status_view.deadlocked_at;
  ImGui::AlignTextToFramePadding();
  ImGui::Text("Timeline");
  ImGui::SameLine();
  ImGui::BeginDisabled(app.timeline_view.fit);
  if (ImGui::SmallButton("Fit")) app.timeline_view.fit = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  HintText(app.timeline_view.scrubbing
               ? "\u2190 \u2192 step event by event; Escape or Live shows the whole run"
               : "click the time axis to see a moment; wheel scrolls, Ctrl+wheel zooms, drag "
                 "pans, double-click fits");
  DrawLegend();
  DrawTimeline(session.timeline(), session.snapshot(), session.running(), app.timeline_view);
}

// The driver keeps the progress: it hears of every change, once.
void SaveProgress(App& app) {
  std::string text = ProgressText(app.progress);
  if (text == app.saved_progress) return;
  app.saved_progress = std::move(text);
  if (app.save_progress) app.save_progress(app.saved_progress);
}

// Along the bottom: the build's badge, then the keys, on screen at every size (nothing
// else says them).
constexpr const char* kOpenWithThreads = "Open with real threads";

float FooterHeight(const App& app, float width) {
  const ImGuiStyle& style = ImGui::GetStyle();
  float height = ImGui::CalcTextSize(app.keys_hint, nullptr, false, width).y + style.ItemSpacing.y;
  if (!app.badge.empty()) {
    const float button = app.open_with_threads ? ButtonWidth(kOpenWithThreads) + style.ItemSpacing.x : 0;
    height += std::max(ImGui::CalcTextSize(app.badge.c_str(), nullptr, false, width - button).y,
                       ImGui::GetFrameHeight()) + style.ItemSpacing.y;
  }
  return height;
}

void DrawFooter(App& app) {
  if (!app.badge.empty()) {
    ImGui::AlignTextToFramePadding();
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x -
                           (app.open_with_threads ? ButtonWidth(kOpenWithThreads) + ImGui::GetStyle().ItemSpacing.x : 0));
    ImGui::TextColored(TintVec(Tint::warn), "%s", app.badge.c_str());
    ImGui::PopTextWrapPos();
    if (app.open_with_threads) {
      ImGui::SameLine();
      if (ImGui::SmallButton(kOpenWithThreads)) app.open_with_threads();
      Mark(app.step_view, "open with threads");
    }
  }
  HintText(app.keys_hint);
}

}  // namespace

void DrawApp(App& app) {
  CountLevelResult(app.session, app.level_view, app.progress);
  app.code_view.hinted_line = HintedLine(app.session, app.level_view);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("ThreadLab", nullptr, flags);
  // The lesson chooser takes at most this much: the list where every title fits in it, else
  // a combo this wide.
  const float chooser_width = viewport->WorkSize.x * kChooserWidth;
  const float list_width = LessonListWidth();
  const bool narrow = list_width > chooser_width;
  if (app.compact)
    DrawCompactTopBar(app);
  else
    DrawTopBar(app, narrow, chooser_width);

  const float keys_height = FooterHeight(app, viewport->WorkSize.x - ImGui::GetStyle().WindowPadding.x * 2);
  if (!narrow && !app.compact) {
    ImGui::BeginChild("lessons", ImVec2(list_width, -keys_height), true);
    DrawChooser(app);
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float upper = std::floor((avail.y - keys_height) * app.split);
  // Side by side: the lesson on the left, state over log on the right. A window held
  // upright (a phone) has no width to share: the lesson takes it all, state and log below.
  const bool upright = viewport->WorkSize.y > viewport->WorkSize.x * kUprightAspect;
  const ImVec2 lesson_size = upright ? ImVec2(0, std::floor(upper * kUprightLessonHeight))
                                     : ImVec2(std::floor(avail.x * kLessonWidth), upper);
  ImGui::BeginChild("lesson", lesson_size, true);
  if (app.compact)  // the code alone: the course page around it has the prose
    DrawCode(app.session, app.fonts, app.code_view);
  else
    DrawLessonPanel(app);
  ImGui::EndChild();
  if (!upright) {
    ImGui::SameLine();
    ImGui::BeginGroup();
  }
  const float below = upper - lesson_size.y - spacing;  // upright: under the lesson
  const ImVec2 state_size = upright ? ImVec2(std::floor(avail.x * kUprightStateWidth), below)
                                    : ImVec2(0, std::floor(upper * kStateHeight));
  ImGui::BeginChild("state", state_size, true);
  DrawState(app.session, app.fonts,
            app.timeline_view.scrubbing ? &app.timeline_view.moment : nullptr);
  ImGui::EndChild();
  if (upright) ImGui::SameLine();
  ImGui::BeginChild("log panel", ImVec2(0, upright ? below : upper - state_size.y - spacing),
                    false);
  DrawLog(app.session.snapshot(), app.log_view,
          app.timeline_view.scrubbing ? &app.timeline_view.moment : nullptr);
  ImGui::EndChild();
  if (!upright) ImGui::EndGroup();
  Splitter(app.split, avail.y - keys_height);
  ImGui::BeginChild("timeline", ImVec2(0, -keys_height), true);
  DrawTimelinePanel(app);
  ImGui::EndChild();
  ImGui::EndGroup();
  DrawFooter(app);
  ImGui::End();
  DrawOutcomes(app.session, app.step_view, app.message);
  DrawPrediction(app.session, app.step_view, app.share, app.message);
  SaveProgress(app);
}

}  // namespace threadlab
