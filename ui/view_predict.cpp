// Predict, then reveal: before the runs, the learner ticks the endings they think the lesson
// can have at these values; the reveal scores the guess against every interleaving (which the
// session explores off the UI's thread) and offers each missed ending's witness run, watched
// step by step or, on the web, as a link.
#include <algorithm>
#include <string>
#include <vector>

#include "view_share.h"
#include "views.h"

namespace threadlab {

namespace {

// The window's width in font heights: two columns of candidates, and in a compact frame of
// 800 pixels beside most of the code rather than over it.
constexpr float kWindowWidth = 24;
constexpr float kWindowTop = 5.5f;  // font heights from the top

// "workers 2, updates 2, sleep 0": the values the question is about.
std::string ValuesText(const Lesson& lesson, const ParamValues& values) {
  std::string text;
  for (const Param& param : lesson.params)
    text += (text.empty() ? "" : ", ") + std::string(param.name) + " " +
            FormatParam(param, values.Number(param.name));
  return text;
}

std::string Listed(const std::vector<std::string>& labels) {
  std::string text;
  for (const std::string& label : labels) text += (text.empty() ? "" : ", ") + label;
  return text;
}

// The candidates, two a row: ticks until the reveal; then each in the colour of the truth,
// what can happen bright and what never happens dim.
void DrawCandidates(Session& session, StepView& view, std::string& message) {
  const PredictionView& question = session.prediction();
  const bool open = !question.revealed && session.PredictionCurrent();
  if (!ImGui::BeginTable("candidates", 2)) return;
  for (const Ending& candidate : question.endings.candidates) {
    ImGui::TableNextColumn();
    bool ticked = question.picked.count(candidate.id) > 0;
    const bool possible = question.endings.Seen(candidate.id) != nullptr;
    if (question.revealed)
      ImGui::PushStyleColor(ImGuiCol_Text, TintColor(possible ? Tint::good : Tint::dim));
    ImGui::BeginDisabled(!open);
    if (ImGui::Checkbox((candidate.label + "##" + candidate.id).c_str(), &ticked))
      message = session.TickPrediction(candidate.id, ticked).value_or("");
    ImGui::EndDisabled();
    if (question.revealed) ImGui::PopStyleColor();
    Mark(view, "ending " + candidate.id);
    if (question.revealed && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("%s: %s, %s", candidate.label.c_str(), possible ? "can happen" : "never happens",
                        ticked ? "you ticked it" : "you did not tick it");
  }
  ImGui::EndTable();
}

// The score, what can happen, and what the guess got wrong: each missed ending with a run
// that ended so, to watch (the lesson at the question's values) or to share.
void DrawReveal(Session& session, StepView& view, ShareView& share, std::string& message) {
  const PredictionView& question = session.prediction();
  const Reveal& reveal = question.result.reveal;
  const Endings& endings = question.endings;
  ImGui::Separator();
  ImGui::TextColored(TintVec(Tint::accent), "%zu of %zu right", reveal.right, reveal.of);
  if (endings.complete)
    HintText(Printf("Every one of the %zu interleavings explored.", endings.runs).c_str());
  else
    WrappedText(TintColor(Tint::warn), Printf("Only %zu interleavings explored, not all: more may "
                                              "be possible.", endings.runs).c_str());
  WrappedText(TintColor(Tint::good), ("Can happen: " + Listed(reveal.actual)).c_str());
  if (!reveal.missed.empty()) ImGui::TextUnformatted("You missed:");
  for (const std::string& label : reveal.missed) {
    const auto seen = std::find_if(endings.seen.begin(), endings.seen.end(),
                                   [&](const EndingSeen& each) { return each.ending.label == label; });
    if (seen == endings.seen.end()) continue;
    ImGui::PushID(label.c_str());
    ImGui::Bullet();
    ImGui::TextUnformatted(label.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Replay")) {
      // The question's lesson and values: the witness is a run of that very program. The
      // window makes way for the run (the code, the outcome and the log under it).
      if (question.lesson != &session.lesson()) session.Select(*question.lesson);
      session.values() = question.values;
      view.predict_open = false;
      ReportStart(session, view, message, session.Watch(seen->witness));
    }
    Mark(view, "Replay " + seen->ending.id);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Watch a run that ended so, step by step (Predict shows this again)");
    ImGui::SameLine();
    DrawCopyLinkButton(share, "Link",
                       ReplayLink(share, *question.lesson, question.values, session.speed(), seen->witness));
    ImGui::PopID();
  }
  if (!reveal.wrong.empty())
    WrappedText(TintColor(Tint::bad), ("You ticked, but it never happens: " + Listed(reveal.wrong)).c_str());
  if (reveal.missed.empty() && reveal.wrong.empty())
    WrappedText(TintColor(Tint::good), "Every ending right.");
}

}  // namespace

std::optional<std::string> OpenPrediction(Session& session, StepView& view) {
  view.predict_open = true;
  return session.StartPrediction();
}

void DrawPrediction(Session& session, StepView& view, ShareView& share, std::string& message) {
  if (!view.predict_open) return;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  // At the right, under the run controls and two lines of status (a compact frame's): the
  // code stays in sight while the learner guesses.
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - font,
                                 viewport->WorkPos.y + font * kWindowTop),
                          ImGuiCond_Appearing, ImVec2(1, 0));
  ImGui::SetNextWindowSize(ImVec2(std::min(font * kWindowWidth, viewport->WorkSize.x - font * 2), 0),
                           ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_AlwaysAutoResize;
  if (!ImGui::Begin("Predict, then reveal", &view.predict_open, flags)) {
    ImGui::End();
    return;
  }
  const PredictionView& question = session.prediction();
  if (session.PredictionPending())
    WrappedText(TintColor(Tint::accent), "This page asks for your prediction before the runs.");
  if (!question.lesson) {
    HintText("No question yet: press Predict.");
    ImGui::End();
    return;
  }
  HintText(("About " + std::string(question.lesson->title) + " at " +
            ValuesText(*question.lesson, question.values) + ".").c_str());
  if (!session.PredictionCurrent()) {
    WrappedText(TintColor(Tint::warn), "The lesson or its values changed since this question.");
    if (ImGui::SmallButton("Ask again")) message = OpenPrediction(session, view).value_or("");
    Mark(view, "Ask again");
  }
  if (question.working) {
    ImGui::TextUnformatted("working out the endings\u2026");
    ImGui::TextDisabled("%zu interleavings so far", question.done);
    ImGui::SameLine();
    if (ImGui::SmallButton("Stop")) session.StopPrediction();
    Mark(view, "Stop predicting");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Stop exploring: the reveal then knows only the interleavings explored so far");
  } else if (!question.error.empty()) {
    WrappedText(TintColor(Tint::bad), question.error.c_str());
  } else {
    if (!question.revealed)
      ImGui::TextWrapped("Which endings can this program have? Tick every one you think is possible, "
                         "then Reveal.");
    DrawCandidates(session, view, message);
    if (question.revealed) {
      DrawReveal(session, view, share, message);
    } else {
      ImGui::BeginDisabled(!session.PredictionCurrent());
      if (ImGui::Button("Reveal")) message = session.RevealPrediction().value_or("");
      Mark(view, "Reveal");
      ImGui::EndDisabled();
    }
  }
  ImGui::End();
}

}  // namespace threadlab
