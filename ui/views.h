// The views: small functions over data, drawn every frame (immediate mode). Each reads the
// session's snapshot or timeline and keeps its own small view state; none owns a run.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "progress.h"
#include "run/session.h"
#include "runtime/log_reading.h"  // ThreadLabels: each lane named as its log lines name it
#include "runtime/moment.h"

namespace threadlab {

struct Fonts {
  ImFont* text = nullptr;
  ImFont* bold = nullptr;
  ImFont* code = nullptr;
};

// ---- theme.cpp ------------------------------------------------------------------------
// One colour per thread state, read by the timeline's lanes, its legend and its tooltips.
ImU32 StateColor(ThreadState state);
// One colour per thread (by index, cycling): step mode's markers in the code and its lanes.
ImU32 ThreadColor(int thread);
// Colours that more than one view uses.
enum class Tint {
  text, accent, good, bad, warn, dim,
  code_keyword, code_comment, code_string, code_number,
  on_thread_color,  // text on a thread's tag (ThreadColor): dark on every one of them
};
ImU32 TintColor(Tint tint);
ImVec4 TintVec(Tint tint);
void ApplyTheme(float content_scale);
// "(?)" that shows `text` when hovered (imgui's HelpMarker).
void HelpMarker(const char* text);
// Editable values stand out from the code around them (Push, then Pop).
void PushValueFieldStyle();
void PopValueFieldStyle();
// Coloured text that wraps at the panel's edge instead of being cut off.
void WrappedText(ImU32 color, const char* text);
// A dim hint, wrapped.
void HintText(const char* text);
// SameLine when an item `width` wide still fits on this line, else the item goes on the next
// (a row of buttons in a narrow window, a phone's, wraps instead of running off its edge).
void SameLineIfRoom(float width);
// The width of a button labelled `label`.
float ButtonWidth(const char* label);

// ---- view_code.cpp: choosing a lesson, and the lesson itself ---------------------------
void DrawLessonList(Session& session);
float LessonListWidth();  // wide enough for the longest title
// The teaching text, naming the values in use where it quotes them ({name}).
void DrawLessonText(const Lesson& lesson, const ParamValues& values);
// The value nearest `value` that the parameter can hold (whole, thousandths of a second, in
// range). When `note` is given, it says what changed ("workers goes from 1 to 32: 500
// became 32"), or is emptied.
double FitValue(const Param& param, double value, std::string* note);
// Where a value field was drawn, in screen pixels (for the page's text layer and tests).
struct FieldSpot {
  const char* param;
  ImVec2 min, max;
  bool visible;
};
// Where step mode marked a thread on the line it stands on, in screen pixels.
struct MarkerSpot {
  int thread;
  int line;  // of the shown source, from 0
  ImVec2 min, max;
};
struct CodeView {
  const Lesson* shown = nullptr;  // a lesson opened anew starts scrolled to the top
  std::string note;               // what the last typed value became, until the next
  std::vector<FieldSpot> spots;   // this frame's fields, the row's first
  std::vector<MarkerSpot> markers;  // this frame's step-mode markers
  MarkerSpot followed{-1, -1, {}, {}};  // the last thread that moved, on the line last shown
  Language language = Language::cpp;  // the C++ that runs, or the same lesson in Python
  int hinted_line = -1;  // a hint's line (of the shown C++, from 0), marked; -1 for none
  int scrolled_to_hint = -1;  // the hinted line last brought into sight
};
// The lesson's values in one row (wrapping), with -/+ to step them: on screen however long
// the lesson, and tappable.
void DrawValuesRow(Session& session, CodeView& view);
// The lesson's source with each parameter as an editable field where its value stands, in
// C++ or in Python (a tab each; the values are the same). In step mode, each thread's marker
// (its colour and name) stands on the C++ line its next step is called from.
void DrawCode(Session& session, const Fonts& fonts, CodeView& view);

// ---- view_panels.cpp: run controls, log and state --------------------------------------
// What the status line remembers of the run it shows.
struct StatusView {
  int run = 0;               // the run watched
  double deadlocked_at = -1; // lesson seconds when it deadlocked: its clock may go on after
};
// Call once a frame, after Session::Poll.
void WatchRun(const Session& session, StatusView& view);
struct StatusLine {
  std::string text;
  Tint tint;
};
// The run's state in words ("Stopped — deadlocked at 0.00 s"), or `message` (an error from
// the last start): the status line shows it and the page's text layer reads it.
StatusLine RunStatusLine(const Session& session, const StatusView& view,
                         const std::string& message);
struct StepView;
// Run/Stop, Step and Run ×100, speed, the running indicator and the status line.
void DrawRunControls(Session& session, const StatusView& view, StepView& step_view,
                     std::string& message);
struct LogView {
  size_t shown_lines = 0;  // to notice new lines and follow them
  size_t scrolled_to = 0;  // the scrubber's last line, scrolled into view once it moved
  std::string copied;      // what the last Copy did ("copied 12 lines", or why not)
  double copied_at = 0;    // ImGui time of that Copy: the word fades after a while
  ImVec2 copy_button;      // where Copy was drawn, its centre (for the page's text layer)
};
// `moment`: the timeline's scrubber is at one; the lines written after it are greyed.
void DrawLog(const RunSnapshot& run, LogView& view, const Moment* moment);
// The clipboard refused the last Copy (the web's answers later): the log says why.
void CopyFailed(LogView& view, const std::string& why);
// `moment`: the scrubber's; the primitives show as they stood then.
void DrawState(const Session& session, const Fonts& fonts, const Moment* moment);

// ---- view_step.cpp: step mode and Run ×100 --------------------------------------------
// Where a control was drawn this frame, in screen pixels (for the page's tests).
struct Spot {
  std::string name;  // "Step", "Undo", "lane 2", "bar 0", ...
  ImVec2 min, max;
};
struct StepView {
  std::vector<Spot> spots;     // this frame's
  bool outcomes_open = false;  // the histogram of Run ×100
  ImVec2 outcomes_window;
  bool predict_open = false;   // the Predict window
};
// Notes where the last item was drawn, under `name`.
void Mark(StepView& view, std::string name);
// Shows why a run did not start in the status line (`message`); one held back for a
// prediction (?predict=1) opens the Predict window too.
void ReportStart(const Session& session, StepView& view, std::string& message,
                 const std::optional<std::string>& error);
// Step (or Undo, Play and "every step" in step mode), Predict and Run ×100, beside Run.
void DrawStepButtons(Session& session, StepView& view, std::string& message);
// One lane a thread: its state, its name and its next step, a button that moves it.
void DrawStepLanes(Session& session, StepView& view, std::string& message);
// Run ×100's histogram, in a window of its own; a bar opens its witness run in Replay.
void DrawOutcomes(Session& session, StepView& view, std::string& message);

// ---- view_predict.cpp: predict, then reveal -------------------------------------------
// Opens the Predict window and asks the question about the lesson and values shown (one that
// stands is kept). Returns why it cannot.
std::optional<std::string> OpenPrediction(Session& session, StepView& view);
// The Predict window: the candidate endings to tick, Reveal once every interleaving has been
// explored, then the score, what can happen, what was missed (each with its replay, and on
// the web a link to it) and what was ticked that never happens.
struct ShareView;
void DrawPrediction(Session& session, StepView& view, ShareView& share, std::string& message);

// ---- view_challenges.cpp: the campaign, and the level being played --------------------
// The hint ladder's place, and which runs the progress has already counted.
// A level's goal as last counted (CountLevelResult): what the page's goal event reports.
struct LevelResult {
  int seq = 0;                   // counts the results, in this session
  const Level* level = nullptr;
  bool won = false;              // the learner's own steps or proof; false: a replay met it
  size_t steps = 0;              // the winning run's steps (0 for a proof)
  std::string schedule;          // that run's schedule (ScheduleText), "" for a proof
  size_t interleavings = 0;      // a proof: every interleaving it explored
};
struct LevelView {
  int rung = 0;          // hints shown: 0 none, 1 the thread, 2 the line, 3 "show me"
  int counted_run = -1;  // the last run whose win was counted
  LevelResult result;
};
// Chapters, each level with its mark (won, shown, not yet); a click plays it.
void DrawChallengeList(Session& session, const Progress& progress, LevelView& view,
                       StepView& spots);
// Above the code of the level played: its brief, its goal, Play, the hint ladder, and once
// the goal is met, the win. `share` offers the link that replays the win (web only).
struct ShareView;
void DrawLevelPanel(Session& session, LevelView& view, Progress& progress, StepView& spots,
                    ShareView& share, std::string& message);
// Counts a level's result once into `progress` and view.result: the run shown meeting the
// goal (won, or shown when a replay, "show me" or a link, played it), or a proof.
void CountLevelResult(const Session& session, LevelView& view, Progress& progress);
// The line the hint ladder points at, for the code view (-1: none).
int HintedLine(const Session& session, const LevelView& view);

// ---- view_timeline.cpp ----------------------------------------------------------------
struct TimelineView {
  double begin = 0, end = 1;  // lesson seconds at the left and right edges
  bool fit = true;            // follow the whole run; zooming or panning turns it off
  double stop_at = -1;        // when the run deadlocked: nothing moves after it
  // The scrubber: a moment of an ended run to look at, or none (the whole run).
  bool scrubbing = false;
  Moment moment;              // the run at the cursor (its time is where the line stands)
  bool keys = false;          // the timeline was clicked last: the arrow keys step the cursor
  ImVec2 axis_min, axis_max;  // where the time axis was drawn (for the page's tests)
};
void DrawTimeline(const Timeline& timeline, const RunSnapshot& run, bool live,
                  TimelineView& view);
// Puts the scrubber at `time` (within the run), or moves it one event back (-1) or on (+1);
// from none, back starts at the run's end and on at its start. Live shows the whole run.
void ScrubTo(TimelineView& view, const RunSnapshot& run, double time);
void ScrubStep(TimelineView& view, const RunSnapshot& run, int direction);
void ScrubLive(TimelineView& view);
void DrawLegend();

}  // namespace threadlab
