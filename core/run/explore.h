// Many runs of one lesson, and what came out of them.
//
//   RunMany   N runs, free (the operating system picks) or random-controlled (seed 1..N):
//             how often each outcome comes, with one witness schedule for each, which
//             replays that very run.
//   Explore   every interleaving, depth first: each run replays a prefix of choices, then
//             always moves the lowest enabled thread, noting who else could have moved; the
//             next run takes the last choice not yet tried. Bounded by a number of runs.
//
// Each run is a real run on real threads, controlled by the gate; nothing is simulated.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lesson.h"
#include "runtime/scheduler.h"

namespace threadlab {

struct OutcomeCount {
  std::string outcome;   // the outcome text (a deadlock included)
  size_t count = 0;
  Schedule witness;      // the schedule of the first run that had it
};

struct ManyRuns {
  std::vector<OutcomeCount> outcomes;  // in the order first seen
  size_t runs = 0;
  bool complete = true;  // explore: every interleaving was tried (false: the bound, or Stop)
  // explore: the share of the interleavings tried so far, as a random walk down the tree
  // (each thread that may go equally likely) would meet them: 1 when complete. runs /
  // covered estimates the whole (Kilby et al.'s weighted backtrack estimator).
  double covered = 0;
  // With a goal (ManyRunsOptions::goal): the runs that met it, and the shortest win found.
  size_t wins = 0;
  Schedule shortest_win;
};

struct ManyRunsOptions {
  size_t max_runs = 10'000;
  // Set from another thread to end early (the result then says complete = false).
  const std::atomic<bool>* stop = nullptr;
  std::function<void(size_t runs)> progress;  // after each run
  std::function<void(const RunSnapshot& run)> each_run;  // every run counted, as it ended
  std::optional<Goal> goal;  // a challenge's: each run stops where it meets it
  Schedule prefix;           // explore: only the runs that begin with these steps
  std::vector<PendingStep> asleep;  // explore: and the sleep set where the prefix ends
};

// policy: free or random (seeds 1..runs).
ManyRuns RunMany(const Lesson& lesson, const ParamValues& values, size_t runs,
                 SchedulePolicy policy, const ManyRunsOptions& options = {});
ManyRuns Explore(const Lesson& lesson, const ParamValues& values,
                 const ManyRunsOptions& options = {});

// Waits for a run to end and returns what it recorded; a run that would wait forever (a
// deadlock, a schedule that ran out) is stopped. What the tests and the many-runs tools share.
RunSnapshot RunToEnd(const std::shared_ptr<Program>& program);
// A run in step mode that has taken `schedule`, read as it waits for the next pick (or as
// it ended, when it ended first): where each thread stands there (RunSnapshot::next).
RunSnapshot PausedAfter(const Lesson& lesson, const ParamValues& values, const Schedule& schedule,
                        const std::optional<Goal>& goal = std::nullopt);

}  // namespace threadlab
