// The Challenges view: the campaign's chapters and levels with the learner's marks, and, over
// the code of the level played, its brief, its goal, Play, the hint ladder and the win.
#include <algorithm>
#include <string>

#include "runtime/goal.h"
#include "view_share.h"
#include "views.h"

namespace threadlab {

namespace {

// The steps the run shown has taken in the level: what the hints are asked after.
size_t StepsTaken(const Session& session) {
  const auto& level = session.level();
  return level && session.has_run() && session.run_lesson() == level->lesson
             ? session.snapshot().schedule.size()
             : 0;
}

// The hints stand for where the run stood when they were asked: once it moved on they are
// stale, and the ladder starts again.
bool HintsFresh(const Session& session) {
  return session.hints().working || session.hints().steps == StepsTaken(session);
}

bool LevelWon(const Session& session) {
  const auto& level = session.level();
  return level && session.run_lesson() == level->lesson && session.snapshot().goal.met;
}

const char* MarkGlyph(LevelMark mark) {
  switch (mark) {
    case LevelMark::won: return "\u25cf";
    case LevelMark::shown: return "\u25d0";
    default: return "\u25cb";
  }
}

const char* MarkWords(LevelMark mark) {
  switch (mark) {
    case LevelMark::won: return "won";
    case LevelMark::shown: return "shown (\"show me\" played it: not won yet)";
    default: return "not won yet";
  }
}

std::string GoalSentence(const PlacedLevel& level) {
  const std::string goal = GoalText(level.level->goal);
  return level.prove() ? "Prove that no interleaving can " + goal + "." : "Goal: " + goal + ".";
}

void ClimbHints(Session& session, LevelView& view) {
  if (view.rung == 0) {
    session.AskHints();
    view.rung = 1;
  } else {
    view.rung = std::min(view.rung + 1, 3);
  }
}

void DrawHintRungs(Session& session, LevelView& view, Progress& progress, StepView& spots,
                   std::string& message) {
  const HintsView& hints = session.hints();
  if (!hints.error.empty()) {
    WrappedText(TintColor(Tint::bad), hints.error.c_str());
    return;
  }
  if (hints.working) {
    HintText("thinking\u2026");
    return;
  }
  if (!hints.hints.reachable) {
    WrappedText(TintColor(Tint::warn),
                "No way on from here meets the goal: Undo, or Play to start again.");
    return;
  }
  ImGui::TextWrapped("1. %s", hints.hints.next.c_str());
  if (view.rung >= 2 && !hints.hints.why.empty()) ImGui::TextWrapped("2. %s", hints.hints.why.c_str());
  if (view.rung < 3) return;
  if (ImGui::SmallButton("Show me")) {
    // A win watched is not a win made: the level counts as shown (CountLevelResult).
    const std::optional<std::string> error = session.Watch(hints.hints.show_me);
    message = error.value_or("");
    if (!error) progress.Shown(session.level()->level->id);
    view.rung = 0;
  }
  Mark(spots, "Show me");
  ImGui::SameLine();
  HintText("3. watch a whole win, step by step (the level then counts as shown, not won)");
}

void DrawWin(Session& session, ShareView& share) {
  const GoalMet& goal = session.snapshot().goal;
  ImGui::PushStyleColor(ImGuiCol_Text, TintColor(Tint::good));
  ImGui::TextWrapped("Won! %s", goal.text.c_str());
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushID("win");  // its own Share popup, apart from the title's
  DrawShareLinkButton(share, session, "Link to this win");
  ImGui::PopID();
}

// A prove-it level is won by the explorer: every interleaving tried, none meets the goal.
void DrawProof(Session& session, StepView& spots, std::string& message) {
  const ManyRunsView& many = session.many();
  const bool ours = many.proof == session.level()->level;
  ImGui::BeginDisabled(many.running);
  if (ImGui::Button("Explore every interleaving"))
    ReportStart(session, spots, message, session.StartProof());
  Mark(spots, "Explore every interleaving");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ours && many.running) {
    ImGui::Text("%zu interleavings tried\u2026", many.done);
  } else if (ours && !many.error.empty()) {
    WrappedText(TintColor(Tint::bad), many.error.c_str());
  } else if (ours && many.result.complete && many.result.wins == 0) {
    ImGui::PushStyleColor(ImGuiCol_Text, TintColor(Tint::good));
    ImGui::TextWrapped("Proved: no interleaving of %zu meets the goal.", many.result.runs);
    ImGui::PopStyleColor();
  } else if (ours && many.result.wins > 0) {
    ImGui::TextWrapped("%zu of %zu interleavings meet the goal: it can be done after all.",
                       many.result.wins, many.result.runs);
  } else if (ours) {
    ImGui::TextWrapped("Stopped after %zu interleavings: not a proof.", many.result.runs);
  } else {
    HintText("Stepping tries one order; the explorer tries them all.");
  }
}

// A fix level: "Check my fix" explores every interleaving of the learner's switches.
void DrawCheck(Session& session, StepView& spots, std::string& message) {
  const CheckView& view = session.check();
  const bool ours = view.level == session.level()->level;
  ImGui::BeginDisabled(view.running);
  if (ImGui::Button("Check my fix")) message = session.StartCheck().value_or("");
  Mark(spots, "Check my fix");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Set the switches in the code, then let the explorer try every interleaving of them");
  ImGui::SameLine();
  if (!ours) {
    HintText("Fix the code with its switches, then check it.");
    return;
  }
  if (view.running) {
    if (!view.estimate) {
      ImGui::TextUnformatted("Counting the interleavings\u2026");
    } else {
      ImGui::Text("About %.0f interleavings, about %.1f s: %zu tried\u2026", view.estimate->interleavings,
                  view.estimate->seconds, view.done);
      ImGui::SameLine();
      if (ImGui::SmallButton("Stop")) session.StopCheck();
    }
    return;
  }
  if (!view.error.empty()) {
    WrappedText(TintColor(Tint::bad), view.error.c_str());
    return;
  }
  const FixCheck& check = view.check;
  const Tint tint = check.verdict == Verdict::proved ? Tint::good : check.verdict == Verdict::refuted ? Tint::bad : Tint::accent;
  WrappedText(TintColor(tint), check.text.c_str());
  if (check.verdict != Verdict::refuted) return;
  if (ImGui::SmallButton("Replay the break")) {
    session.values() = check.values;
    message = session.Watch(check.witness).value_or("");
  }
  Mark(spots, "Replay the break");
}

}  // namespace

void DrawChallengeList(Session& session, const Progress& progress, LevelView& view,
                       StepView& spots) {
  for (const Chapter& chapter : Campaign()) {
    ImGui::Spacing();
    ImGui::TextDisabled("%s", chapter.title);
    for (const PlacedLevel& level : chapter.levels) {
      const LevelMark mark = progress.Of(level.level->id);
      const bool playing = session.level() && session.level()->level == level.level;
      const std::string label = std::string(MarkGlyph(mark)) + "  " + level.level->title;
      ImGui::PushStyleColor(ImGuiCol_Text, TintColor(mark == LevelMark::won ? Tint::good : Tint::text));
      if (ImGui::Selectable(label.c_str(), playing) && !playing) {
        session.SelectLevel(level);
        view.rung = 0;
      }
      ImGui::PopStyleColor();
      Mark(spots, std::string("level ") + level.level->id);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", level.level->id, MarkWords(mark));
    }
  }
}

void DrawLevelPanel(Session& session, LevelView& view, Progress& progress, StepView& spots,
                    ShareView& share, std::string& message) {
  const PlacedLevel& level = *session.level();
  if (!HintsFresh(session)) view.rung = 0;
  ImGui::TextColored(TintVec(Tint::accent), "Challenge: %s", level.level->title);
  ImGui::SameLine();
  if (ImGui::SmallButton("Leave")) {
    session.LeaveLevel();
    view.rung = 0;
    return;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the lesson, free to change its values");
  ImGui::TextWrapped("%s", level.level->brief);
  ImGui::TextWrapped("%s", GoalSentence(level).c_str());
  if (level.prove()) DrawProof(session, spots, message);
  else DrawCheck(session, spots, message);
  if (ImGui::Button("Play")) {
    ReportStart(session, spots, message, session.StartStepMode());
    view.rung = 0;
  }
  Mark(spots, "Play level");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start the level in step mode: you pick which thread moves");
  ImGui::SameLine();
  ImGui::BeginDisabled(view.rung >= 3 || session.hints().working);
  if (ImGui::Button("Hint")) ClimbHints(session, view);
  Mark(spots, "Hint");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Each click tells a little more: who to move, the line that matters, then a whole win");
  if (view.rung > 0) DrawHintRungs(session, view, progress, spots, message);
  if (LevelWon(session)) DrawWin(session, share);
  ImGui::Separator();
}

void CountLevelResult(const Session& session, LevelView& view, Progress& progress) {
  const auto& level = session.level();
  if (!level) return;
  const char* id = level->level->id;
  LevelResult& result = view.result;
  // A prove-it level is won once the explorer has tried every interleaving and none met it.
  const ManyRunsView& many = session.many();
  if (many.proof == level->level && !many.running && many.result.complete &&
      many.result.wins == 0 && progress.Of(id) != LevelMark::won) {
    progress.Won(id);
    result = {result.seq + 1, level->level, true, 0, "", many.result.runs};
    return;
  }
  if (!LevelWon(session) || view.counted_run == session.run_id()) return;
  view.counted_run = session.run_id();
  // A replayed schedule (show me, a shared link) won it, not the learner's picks.
  const bool won = session.script().empty();
  if (won)
    progress.Won(id);
  else
    progress.Shown(id);
  const Schedule& schedule = session.snapshot().schedule;
  result = {result.seq + 1, level->level, won, schedule.size(), ScheduleText(schedule), 0};
}

int HintedLine(const Session& session, const LevelView& view) {
  const HintsView& hints = session.hints();
  if (!session.level() || view.rung < 2 || hints.working || !HintsFresh(session)) return -1;
  return hints.hints.line;
}

}  // namespace threadlab
