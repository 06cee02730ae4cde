// Run controls, the live log and the state panel.
#include <algorithm>
#include <cmath>
#include <string>

#include "views.h"

namespace threadlab {

// ---- Run controls ---------------------------------------------------------------------
namespace {

// A turning arc: the run is alive even when no line is logged for a while.
void Spinner(float radius, ImU32 color) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float size = ImGui::GetFrameHeight();
  ImGui::Dummy(ImVec2(size, size));
  const ImVec2 center(pos.x + size * 0.5f, pos.y + size * 0.5f);
  const float start = static_cast<float>(ImGui::GetTime()) * 6.0f;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PathArcTo(center, radius, start, start + 4.2f, 24);
  draw->PathStroke(color, 0, radius * 0.35f);
}

}  // namespace

void WatchRun(const Session& session, StatusView& view) {
  if (view.run != session.run_id()) view = StatusView{session.run_id(), -1};
  const RunSnapshot& run = session.snapshot();
  // Nothing happens in a deadlocked run until it is stopped: its last event is the moment.
  if (run.status == RunStatus::deadlocked && view.deadlocked_at < 0 && !run.trace.empty())
    view.deadlocked_at = run.trace.back().time;
}

StatusLine RunStatusLine(const Session& session, const StatusView& view,
                         const std::string& message) {
  if (!message.empty()) return {message, Tint::bad};
  if (!session.has_run())
    return session.PredictionPending() ? StatusLine{"Predict first: press Predict", Tint::accent}
                                       : StatusLine{"Ready: press Run", Tint::dim};
  const RunSnapshot& run = session.snapshot();
  if (session.step_mode() && session.running())
    return {session.script().empty() ? "Step mode: pick a thread below"
                                     : "Replay: Play, or pick the threads below",
            Tint::accent};
  if (session.running()) return {Printf("Running  %.2f s", run.now), Tint::text};
  const double deadlocked_at = view.deadlocked_at >= 0 ? view.deadlocked_at : run.now;
  switch (run.status) {
    case RunStatus::deadlocked:
      return run.done ? StatusLine{Printf("Stopped \u2014 deadlocked at %.2f s", deadlocked_at),
                                   Tint::bad}
                      : StatusLine{Printf("Deadlocked at %.2f s: Stop ends the run",
                                          deadlocked_at),
                                   Tint::bad};
    case RunStatus::stopped: return {Printf("Stopped at %.2f s", run.now), Tint::dim};
    case RunStatus::raised: return {Printf("Ended with an error at %.2f s", run.now), Tint::warn};
    default: return {Printf("Finished in %.2f s", run.now), Tint::good};
  }
}

void DrawRunControls(Session& session, const StatusView& view, StepView& step_view,
                     std::string& message) {
  const float button_width = ImGui::GetFontSize() * 4.5f;
  // Stop while threads are alive (a deadlocked run's too); once they have ended, Run again.
  if (session.has_run() && !session.snapshot().done) {
    if (ImGui::Button("Stop", ImVec2(button_width, 0))) session.Stop();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop the run (Escape)");
  } else {
    if (ImGui::Button("Run", ImVec2(button_width, 0)))
      ReportStart(session, step_view, message, session.Start());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Run the code with the values shown (Ctrl+Enter)");
  }
  Mark(step_view, session.has_run() && !session.snapshot().done ? "Stop" : "Run");
  ImGui::SameLine();
  DrawStepButtons(session, step_view, message);
  const float speed_width = ImGui::GetFontSize() * 7;
  SameLineIfRoom(speed_width);
  float speed = static_cast<float>(session.speed());
  ImGui::SetNextItemWidth(speed_width);
  if (ImGui::SliderFloat("##speed", &speed, kMinSpeed, kMaxUiSpeed, "speed %.3gx",
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    session.SetSpeed(speed);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Lesson seconds per second of your time: at 10x a 2 s sleep takes\n"
                      "0.2 s, with the same order of events. Ctrl+click to type it.");
  ImGui::SameLine();

  if (session.running()) {
    Spinner(ImGui::GetFontSize() * 0.4f, TintColor(Tint::accent));
    ImGui::SameLine();
  }
  // Wrapped: a link's problems can be long, and all of it matters. A line of its own when
  // there is no room left for words.
  if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 10) ImGui::NewLine();
  const StatusLine status = RunStatusLine(session, view, message);
  WrappedText(TintColor(status.tint), status.text.c_str());
}

// ---- Log ------------------------------------------------------------------------------
namespace {
constexpr double kCopiedSeconds = 4;
}  // namespace

void CopyFailed(LogView& view, const std::string& why) {
  view.copied = "not copied: " + why;
  view.copied_at = ImGui::GetTime();
}

void DrawLog(const RunSnapshot& run, LogView& view, const Moment* moment) {
  ImGui::AlignTextToFramePadding();
  ImGui::Text("Log");
  ImGui::SameLine();
  if (moment) {
    ImGui::TextColored(TintVec(Tint::accent), "%zu of %zu lines", moment->log_lines,
                       run.log.size());
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("The lines written by %.3f s, the moment the timeline shows", moment->time);
  } else {
    ImGui::TextDisabled("%zu lines", run.log.size());
  }
  // What the last Copy did, for a few seconds: "copied 12 lines", or why it could not.
  if (!view.copied.empty() && ImGui::GetTime() - view.copied_at < kCopiedSeconds) {
    ImGui::SameLine();
    ImGui::TextColored(TintVec(view.copied.rfind("not ", 0) == 0 ? Tint::bad : Tint::good),
                       "%s", view.copied.c_str());
  }
  ImGui::SameLine(ImGui::GetContentRegionAvail().x + ImGui::GetCursorPosX() -
                  ImGui::CalcTextSize("Copy").x - ImGui::GetStyle().FramePadding.x * 2);
  ImGui::BeginDisabled(run.log.empty());
  if (ImGui::SmallButton("Copy")) {
    std::string all;
    for (const LogLine& line : run.log) all += line.Formatted() + "\n";
    ImGui::SetClipboardText(all.c_str());
    // The web's clipboard answers later, and only when it fails (CopyFailed).
    view.copied = Printf("copied %zu lines", run.log.size());
    view.copied_at = ImGui::GetTime();
  }
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  view.copy_button = ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the whole log to the clipboard");

  ImGui::BeginChild("log", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  // Follow new lines only while the reader is at the bottom (imgui's ExampleAppLog).
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY();
  if (run.log.empty()) ImGui::TextDisabled("The run's log appears here.");
  // At the scrubber's moment, the lines written after it are greyed, and the last one
  // before it is scrolled into view whenever the moment moves.
  const size_t written = moment ? moment->log_lines : run.log.size();
  if (!moment) view.scrolled_to = run.log.size() + 1;
  if (moment && view.scrolled_to != written) {
    view.scrolled_to = written;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    ImGui::SetScrollY(std::max(0.0f, line * written - ImGui::GetWindowHeight() * 0.5f));
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(run.log.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const LogLine& line = run.log[i];
      const bool later = static_cast<size_t>(i) >= written;
      ImGui::TextDisabled("%s", line.clock.c_str());
      ImGui::SameLine(0, 0);
      const bool error = line.message.find("Error") != std::string::npos ||
                         line.message.find("Exception") != std::string::npos ||
                         line.message.rfind("Traceback", 0) == 0;
      if (error || later)
        ImGui::PushStyleColor(ImGuiCol_Text, TintColor(later ? Tint::dim : Tint::warn));
      ImGui::Text(": %s", line.message.c_str());
      if (error || later) ImGui::PopStyleColor();
      if (moment && static_cast<size_t>(i) + 1 == written) {  // the moment, between two lines
        const float y = ImGui::GetItemRectMax().y + ImGui::GetStyle().ItemSpacing.y * 0.5f;
        const float left = ImGui::GetWindowPos().x, right = left + ImGui::GetWindowWidth();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(left, y), ImVec2(right, y),
                                            TintColor(Tint::accent), 2);
      }
      if (ImGui::IsItemHovered() && line.thread >= 0 &&
          line.thread < static_cast<int>(run.threads.size()))
        ImGui::SetTooltip("%s, at %.3f s", run.threads[line.thread].name.c_str(), line.time);
    }
  }
  if (!moment && run.log.size() != view.shown_lines && at_bottom) ImGui::SetScrollHereY(1.0f);
  view.shown_lines = run.log.size();
  ImGui::EndChild();
}

// ---- State panel ----------------------------------------------------------------------
namespace {

// `labels`: ThreadLabels, each thread as the log and the timeline's lanes name it.
std::string ThreadName(const std::vector<std::string>& labels, int thread) {
  if (thread < 0 || thread >= static_cast<int>(labels.size())) return "?";
  return labels[thread];
}

// A fill level, in the colour the timeline gives a thread waiting on that object, so a
// semaphore's bar is not mistaken for a queue's.
void Bar(long long value, long long capacity, const std::string& label, ThreadState waits) {
  const float fraction = capacity > 0 ? static_cast<float>(value) / capacity : 0;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, StateColor(waits));
  ImGui::ProgressBar(std::min(1.0f, fraction), ImVec2(-1, 0), label.c_str());
  ImGui::PopStyleColor();
}

// One primitive's live state in words (and a bar where a fill level says more).
void DrawObjectState(const std::vector<std::string>& labels, const ObjectInfo& object) {
  const std::string value = std::to_string(object.value);
  const std::string capacity = std::to_string(object.capacity);
  switch (object.kind) {
    case ObjectKind::lock:
    case ObjectKind::rlock:
      if (object.value == 0) {
        ImGui::TextColored(TintVec(Tint::good), "free");
      } else {
        ImGui::TextColored(TintVec(Tint::warn), "held by %s",
                           ThreadName(labels, object.owner).c_str());
        if (object.kind == ObjectKind::rlock) ImGui::TextDisabled("held %lld times", object.value);
      }
      break;
    case ObjectKind::semaphore:
      Bar(object.value, object.capacity, value + " of " + capacity + " permits free",
          ThreadState::waiting);
      break;
    case ObjectKind::queue:
      if (object.capacity > 0)
        Bar(object.value, object.capacity, value + " / " + capacity + " items",
            ThreadState::blocked_queue);
      else
        ImGui::Text("%lld items (no limit)", object.value);
      break;
    case ObjectKind::barrier:
      Bar(object.value, object.capacity, value + " of " + capacity + " waiting",
          ThreadState::waiting_barrier);
      break;
    case ObjectKind::event:
      ImGui::TextUnformatted(object.value ? "set" : "not set");
      break;
    case ObjectKind::timer:
      ImGui::TextUnformatted(object.value == 0   ? "pending"
                             : object.value == 1 ? "fired"
                                                 : "cancelled");
      break;
    case ObjectKind::pool:
      ImGui::Text("%lld tasks queued", object.value);
      break;
    case ObjectKind::shared_value:
      ImGui::Text("%lld", object.value);
      break;
    case ObjectKind::condition:
      ImGui::Text("%lld waiting", object.value);
      break;
    case ObjectKind::region:
      ImGui::Text("%lld inside", object.value);
      break;
  }
}

}  // namespace

void DrawState(const Session& session, const Fonts& fonts, const Moment* moment) {
  const RunSnapshot& run = session.snapshot();
  if (!session.has_run()) {
    HintText("Shared values, locks and queues show here while the lesson runs.");
    return;
  }
  if (run.status == RunStatus::deadlocked || !run.deadlock.empty()) {
    ImGui::PushFont(fonts.bold);
    ImGui::TextColored(TintVec(Tint::bad), "Deadlock");
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, TintColor(Tint::bad));
    ImGui::TextWrapped("%s", run.deadlock.c_str());
    ImGui::PopStyleColor();
  }
  const bool outcome_is_deadlock =
      !run.deadlock.empty() && run.outcome.find(run.deadlock) != std::string::npos;
  if (!run.outcome.empty() && !outcome_is_deadlock) {
    ImGui::PushFont(fonts.bold);
    ImGui::TextUnformatted("Outcome");
    ImGui::PopFont();
    ImGui::TextWrapped("%s", run.outcome.c_str());
  }
  const std::vector<ObjectInfo>& objects = moment ? moment->objects : run.objects;
  if (objects.empty()) return;
  if (moment)
    ImGui::TextColored(TintVec(Tint::accent), "At %.3f s (the timeline's cursor):", moment->time);
  // Owners named as the log names them: the log read once, and only when a lock is held.
  const bool owned = std::any_of(objects.begin(), objects.end(),
                                 [](const ObjectInfo& object) { return object.owner >= 0; });
  const std::vector<std::string> labels = owned ? ThreadLabels(run) : std::vector<std::string>();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("objects", 2, flags)) return;
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1);
  ImGui::TableSetupColumn("state", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  for (size_t i = 0; i < objects.size(); ++i) {
    const ObjectInfo& object = objects[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(object.name.c_str());
    if (object.name != ObjectKindName(object.kind)) {  // "_lock  lock", not "Queue  Queue"
      ImGui::SameLine();
      ImGui::TextDisabled("%s", ObjectKindName(object.kind));
    }
    ImGui::TableNextColumn();
    DrawObjectState(labels, object);
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace threadlab
