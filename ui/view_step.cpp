// Step mode and many runs: the buttons beside Run, the lanes a learner clicks to move a
// thread one step, and the histogram of Run ×100's outcomes, whose bars open their witness
// run in Replay. All of it reads the session; the session drives the run.
#include <algorithm>
#include <string>

#include "runtime/events.h"
#include "views.h"

namespace threadlab {

void Mark(StepView& view, std::string name) {
  view.spots.push_back(Spot{std::move(name), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

namespace {

constexpr size_t kManyRuns = 100;

void Tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", text);
}

}  // namespace

void ReportStart(const Session& session, StepView& view, std::string& message,
                 const std::optional<std::string>& error) {
  message = error.value_or("");
  if (error && session.PredictionPending()) view.predict_open = true;
}

void DrawStepButtons(Session& session, StepView& view, std::string& message) {
  auto report = [&](const std::optional<std::string>& error) { ReportStart(session, view, message, error); };
  if (!session.step_mode() || session.snapshot().done) {
    if (ImGui::Button("Step")) report(session.StartStepMode());
    Mark(view, "Step");
    Tooltip("Run in step mode: you pick which thread takes its next step");
  }
  if (session.step_mode()) {
    ImGui::SameLine();
    ImGui::BeginDisabled(!session.can_undo());
    if (ImGui::Button("Undo")) report(session.Undo());
    Mark(view, "Undo");
    ImGui::EndDisabled();
    Tooltip("Take back the last step you picked (the run is replayed up to it)");
    if (!session.script().empty()) {
      ImGui::SameLine();
      if (ImGui::Button(session.playing ? "Pause" : "Play")) session.playing = !session.playing;
      Mark(view, "Play");
      Tooltip("Replay: let the recorded run go on by itself at the speed chosen, or pause it and pick");
    }
  }
  ImGui::SameLine();
  ImGui::Checkbox("every step", &session.every_step);
  Mark(view, "every step");
  Tooltip("Step mode stops where only one thread can go, too; otherwise those steps go by themselves");
  SameLineIfRoom(ButtonWidth("Predict"));
  if (ImGui::Button("Predict")) message = OpenPrediction(session, view).value_or("");
  Mark(view, "Predict");
  Tooltip("Before the runs: tick the endings you think this program can have at these values,\n"
          "then reveal what every interleaving shows");
  SameLineIfRoom(ButtonWidth("Run \u00d7100"));
  ImGui::BeginDisabled(session.many().running);
  if (ImGui::Button("Run \u00d7100")) {
    const std::optional<std::string> error = session.StartMany(kManyRuns);
    report(error);
    if (!error) {  // its window, in place of Predict's (which Predict opens again, as it was)
      view.outcomes_open = true;
      view.predict_open = false;
    }
  }
  Mark(view, "Run x100");
  ImGui::EndDisabled();
  Tooltip("Run the lesson 100 times, each with its own random order of steps (seeds 1 to 100),\n"
          "and count the outcomes");
}

void DrawStepLanes(Session& session, StepView& view, std::string& message) {
  const RunSnapshot& run = session.snapshot();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("Step mode");
  ImGui::SameLine();
  const bool waiting = session.awaiting_step();
  HintText(session.ended()  ? "the run has ended: Undo steps back"
           : waiting        ? "click a thread that can go to move it one step"
           : session.playing ? "replaying..."
                             : "...");
  ImGui::SameLine();
  ImGui::TextDisabled("%zu steps", run.schedule.size());
  if (!session.note().empty()) WrappedText(TintColor(Tint::warn), session.note().c_str());
  const float font = ImGui::GetFontSize();
  const std::vector<std::string> names = ThreadLabels(run);  // as the timeline names them
  float name_width = font * 5;
  for (const std::string& name : names)
    name_width = std::max(name_width, ImGui::CalcTextSize(name.c_str()).x + font);
  ImGui::BeginChild("step lanes");
  for (size_t i = 0; i < run.threads.size() && i < run.next.size(); ++i) {
    const ThreadInfo& thread = run.threads[i];
    const NextStep& next = run.next[i];
    ImGui::PushID(static_cast<int>(i));
    // The thread's state in the timeline's colour, then its name.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float size = ImGui::GetFrameHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + size * 0.2f),
                                              ImVec2(at.x + size * 0.6f, at.y + size * 0.8f),
                                              StateColor(thread.state), 2);
    ImGui::Dummy(ImVec2(size * 0.6f, size));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    // In its marker's colour: the code view marks the line it stands on in the same.
    ImGui::PushStyleColor(ImGuiCol_Text, ThreadColor(static_cast<int>(i)));
    ImGui::TextUnformatted(names[i].c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(name_width + size);
    const bool can_go = waiting && next.enabled;
    const bool ended = Ended(thread.state);
    const std::string words = ended           ? std::string(ThreadStateName(thread.state))
                              : next.at_gate  ? next.text
                                              : std::string("running...");
    ImGui::BeginDisabled(!can_go);
    if (ImGui::Button((words + "##step").c_str(), ImVec2(-1, 0))) {
      if (auto error = session.Step(static_cast<int>(i))) message = *error;
    }
    Mark(view, "lane " + std::to_string(i));
    ImGui::EndDisabled();
    if (can_go)
      Tooltip("move this thread one step");
    else if (run.status == RunStatus::deadlocked && next.at_gate)
      Tooltip("it waits forever: the run is deadlocked");
    else if (waiting && next.at_gate)
      Tooltip("it cannot go now: it waits for what its next step needs");
    else if (!session.ended() && !ended)
      Tooltip("wait: another thread is taking its step");
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void DrawOutcomes(Session& session, StepView& view, std::string& message) {
  const ManyRunsView& many = session.many();
  if (!view.outcomes_open || !many.lesson) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y * 0.62f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(font * 36, viewport->WorkSize.x - font * 2), 0),
                           ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_AlwaysAutoResize;
  if (!ImGui::Begin("Outcomes of Run \u00d7100", &view.outcomes_open, flags)) {
    ImGui::End();
    return;
  }
  view.outcomes_window = ImGui::GetWindowPos();
  ImGui::TextDisabled("%s, random order of steps (seeds 1 to %zu)", many.lesson->title, many.asked);
  if (many.running) {
    ImGui::ProgressBar(static_cast<float>(many.done) / std::max<size_t>(1, many.asked),
                       ImVec2(-1, 0), Printf("%zu of %zu runs", many.done, many.asked).c_str());
    if (ImGui::Button("Stop")) session.StopMany();
    ImGui::End();
    return;
  }
  if (!many.error.empty()) WrappedText(TintColor(Tint::bad), many.error.c_str());
  const ManyRuns& result = many.result;
  std::vector<const OutcomeCount*> bars;
  for (const OutcomeCount& outcome : result.outcomes) bars.push_back(&outcome);
  std::sort(bars.begin(), bars.end(), [](const OutcomeCount* a, const OutcomeCount* b) {
    return a->outcome < b->outcome;
  });
  size_t most = 1;
  for (const OutcomeCount* bar : bars) most = std::max(most, bar->count);
  ImGui::Text("%zu runs%s; click a bar to replay one run that ended so", result.runs,
              result.complete ? "" : " (stopped early)");
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetFrameHeight() * 1.4f;
  for (size_t i = 0; i < bars.size(); ++i) {
    const OutcomeCount& bar = *bars[i];
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::InvisibleButton("bar", ImVec2(width, height))) {
      // The values of the runs, so the replay is the same program.
      if (many.lesson != &session.lesson()) session.Select(*many.lesson);
      session.values() = many.values;
      const std::optional<std::string> error = session.Watch(bar.witness);
      message = error ? *error : std::string();
    }
    Mark(view, "bar " + std::to_string(i));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float share = static_cast<float>(bar.count) / most;
    draw->AddRectFilled(at, ImVec2(at.x + width, at.y + height - 2),
                        ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg), 3);
    draw->AddRectFilled(at, ImVec2(at.x + std::max(3.0f, width * share), at.y + height - 2),
                        TintColor(Tint::accent), 3);
    const std::string label = Printf("%zu \u00d7  %s", bar.count, bar.outcome.c_str());
    draw->PushClipRect(at, ImVec2(at.x + width, at.y + height), true);
    draw->AddText(ImVec2(at.x + font * 0.4f, at.y + (height - 2 - font) * 0.5f),
                  TintColor(Tint::text), label.c_str());
    draw->PopClipRect();
    if (hovered)
      ImGui::SetTooltip("%s\n%zu of %zu runs. Click to replay one of them step by step.",
                        bar.outcome.c_str(), bar.count, result.runs);
    ImGui::PopID();
  }
  ImGui::End();
}

}  // namespace threadlab
