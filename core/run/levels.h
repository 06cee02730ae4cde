// The challenges: a campaign of levels on the lessons, in chapters. A level (lesson.h) is a
// lesson at some values plus a goal (runtime/goal.h) that the learner, as the scheduler,
// must make it meet; the runtime checks the goal at every step and stops the run where it
// is met, so that a win is a schedule, which replays.
//
// The explorer (run/explore.h) knows every level's answer: it finds a shortest win, proves
// a "prove it" level's goal unreachable, and gives the hints, each a rung further:
//   1. which thread to move next ("let Thread 1 run now"),
//   2. which line matters (where the winning order switches away from a thread),
//   3. "show me": a whole win, to play step by step.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson.h"
#include "run/explore.h"

namespace threadlab {

struct PlacedLevel {
  const Lesson* lesson;
  const Level* level;
  bool prove() const { return level->fixed.empty(); }
};

struct Chapter {
  const char* id;
  const char* title;
  std::vector<PlacedLevel> levels;  // in the lessons' order, then each lesson's
};

// The chapters in the order they are played; every level of every lesson is in one.
const std::vector<Chapter>& Campaign();
std::vector<PlacedLevel> AllLevels();
std::optional<PlacedLevel> FindLevel(std::string_view id);

// The values a level plays at (with the fix on top, when `fixed`).
ParamValues LevelValues(const PlacedLevel& level, bool fixed = false);
// The options of a run of the level: its goal, at the speed asked.
RunOptions LevelRunOptions(const PlacedLevel& level, double speed);
std::shared_ptr<Program> StartLevel(const PlacedLevel& level, RunOptions options, bool fixed = false);

// Explores the level (or its fix) for wins: every interleaving, up to max_runs runs, that
// begins with `prefix`. complete and no wins: the goal cannot be met from there.
ManyRuns ExploreLevel(const PlacedLevel& level, bool fixed, const Schedule& prefix = {},
                      size_t max_runs = 20'000);

// The hints for a learner who has taken the steps `prefix` so far.
struct Hints {
  bool reachable = false;   // some way on from here wins (false: start again)
  bool complete = true;     // the exploration behind them finished
  int thread = kNoThread;   // 1. the thread to move next
  std::string next;         //    "let Thread 1 run now"
  int line = -1;            // 2. the shown line that matters (from 0), or -1
  std::string why;          //    "Thread 0 stops before `value.Store(local_copy);` ..."
  Schedule show_me;         // 3. a whole win from the start, prefix included
};
// `known_win`: a shortest win from an earlier point (the last hints' show_me). When it goes
// on from `prefix` (the learner took the hinted steps), it is a shortest win from here too,
// and no exploration is needed.
Hints HintsFor(const PlacedLevel& level, const Schedule& prefix, const Schedule& known_win = {});

}  // namespace threadlab
