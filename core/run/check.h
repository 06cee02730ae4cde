// "Check my fix": a fix level (run/levels.h) with the learner's own setting of the lesson's
// switches, explored over every interleaving at the level's sizes, and judged:
//
//   refuted            some interleaving still meets the level's goal (the bug is still
//                      there): the one with the fewest preemptions is the witness, with a
//                      link that replays it
//   proved             none does: "no interleaving of N breaks it"
//   over-synchronised  none does, but the threads take turns where the level wants them to
//                      work side by side (Level::parallel): the most threads ever working at
//                      once, and the line that works while holding a lock
//   refused            too many interleavings to finish: said before it starts, from an
//                      estimate (or, should the estimate fall short, when the bound stops it)
//
// Working is sleeping: a lesson's sleep stands for the work its thread does.
//
// The estimate counts a small tree exactly. A larger one gets the larger of two estimates,
// as each falls short on trees of some shape: the explorer's own, from its first runs (the
// runs over the share of the tree they cover, Kilby et al. 2006), and Knuth's (1975) with
// partial backtracking (Purdom 1978): random paths down the explorer's tree (the scheduler's
// probe), each worth the product of the choices along it down to the largest subtree above
// its end that can be counted cheaply, times that subtree's count.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "lesson.h"
#include "run/levels.h"

namespace threadlab {

enum class Verdict { refuted, proved, over_synchronised, refused };
const char* VerdictName(Verdict verdict);  // "refuted", "proved", "over-synchronised", "refused"

// Most interleavings a check explores (every level's fix has far fewer).
constexpr size_t kMaxCheckRuns = 20'000;
// The random paths an estimate takes.
constexpr size_t kEstimateProbes = 48;

struct Estimate {
  double interleavings = 0;
  double seconds = 0;  // on this machine: the probes' own time per run, times the runs
};
Estimate EstimateInterleavings(const Lesson& lesson, const ParamValues& values,
                               const std::optional<Goal>& goal = std::nullopt,
                               size_t probes = kEstimateProbes,
                               const std::atomic<bool>* stop = nullptr);

struct CheckOptions {
  size_t max_runs = kMaxCheckRuns;
  const std::atomic<bool>* stop = nullptr;    // set from another thread to end early
  std::function<void(size_t runs)> progress;  // after each run explored
  std::function<void(const Estimate&)> estimated;  // before it explores (or refuses)
};

struct FixCheck {
  Verdict verdict = Verdict::refused;
  ParamValues values;         // what was checked
  Estimate estimate;
  size_t interleavings = 0;   // explored
  bool complete = false;      // every interleaving was explored
  int parallelism = 0;        // the most threads working at once, in any run explored
  int expected = 0;           // Level::parallel (0: not asked)
  int line = -1;              // over-synchronised: a shown line (from 0) that works under a lock
  Schedule witness;           // refuted: the run that breaks it, up to where it does
  int preemptions = 0;        //   and the times it switches away from a thread that could go on
  std::string link;           //   the query that replays it
  std::string text;           // the verdict in a sentence or two, for the learner
};

// The values a check runs: the level's, with the learner's for the switches its fix sets.
ParamValues CheckedValues(const PlacedLevel& level, const ParamValues& learner);
FixCheck CheckFix(const PlacedLevel& level, const ParamValues& learner, const CheckOptions& options = {});

}  // namespace threadlab
