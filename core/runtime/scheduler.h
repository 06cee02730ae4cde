// Who moves next in a controlled run. In a free run the operating system picks; in a
// controlled run only one lesson thread moves at a time, and when every thread stands at
// its next step, a policy picks one of those whose step can go (the enabled ones):
//
//   step     the learner picks (Program::Step); the run waits for them
//   replay   a recorded schedule, step by step; then, if it runs out, the learner picks
//   random   uniformly, from a seed: the same seed gives the same run
//   explore  a given prefix, then always the lowest enabled thread that is not asleep, noting
//            at each step which threads could have gone: the explorer (run/explore.h) runs
//            the other choices. Sleep sets (Godefroid) skip the orders that only swap two
//            steps that commute (different objects): a run that would only repeat an
//            explored one ends early, "pruned".
//   pct      probabilistic concurrency testing (Burckhardt et al.): random priorities, the
//            highest enabled goes, and at `depth - 1` random steps the running thread drops
//            to the lowest priority; it finds rare orderings far more often than random
//
// A schedule is the sequence of threads that took each step; every run records one, free
// or controlled, and replaying it gives the same log, outcome and timeline order.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "runtime/trace.h"

namespace threadlab {

enum class SchedulePolicy { free, step, replay, random, pct, explore };
const char* SchedulePolicyName(SchedulePolicy policy);
std::optional<SchedulePolicy> ParseSchedulePolicy(const std::string& name);

using Schedule = std::vector<int>;

// The step a thread stands at, as far as the explorer needs it.
struct PendingStep {
  int thread = kNoThread;
  EventKind kind = EventKind::log;
  int object = kNoObject;
};
// Whether two steps of different threads commute: taken in either order they leave the same
// state and neither enables or disables the other. Log lines do not commute (their order is
// what a learner reads), nor do sleeps (time moves only when no step can go).
bool Independent(const PendingStep& a, const PendingStep& b);

// One step of an explore run: who could go, and who was asleep.
struct ExploreNode {
  std::vector<PendingStep> enabled;
  std::vector<PendingStep> asleep;
};

struct ScheduleOptions {
  SchedulePolicy policy = SchedulePolicy::free;
  Schedule schedule;       // replay (and step: the steps to take before the learner's first)
  std::uint64_t seed = 1;  // random, pct
  int pct_depth = 3;       // pct: how many priority changes plus one
  int pct_length = 200;    // pct: the steps over which the changes are spread
  std::vector<PendingStep> asleep;  // explore: the sleep set where the prefix ends
  // explore: after the prefix, one random path down the explorer's tree (from the seed)
  // instead of its first: the threads it passes over sleep as if tried first. A probe of
  // Knuth's estimate of the tree's size (run/check.h).
  bool probe = false;
  // explore: after the prefix, no sleep sets and no preemption: the thread that moved last
  // moves again while it can, else the lowest that can (a preemption-bounded search).
  bool keep_going = false;
};

// Writes a schedule compactly for a file or a link: runs of one thread as "THREAD" or
// "THREADxCOUNT", separated by '.', e.g. "0x3.1.2x2" for 0 0 0 1 2 2.
std::string ScheduleText(const Schedule& schedule);
// Reads it back; nothing when the text is not a schedule (or longer than kMaxScheduleSteps).
std::optional<Schedule> ParseSchedule(const std::string& text);
constexpr size_t kMaxScheduleSteps = 1'000'000;

class Scheduler {
 public:
  explicit Scheduler(const ScheduleOptions& options);

  // The thread to move for step number `step`, among `enabled` (ascending, never empty), or
  // -1 to wait for the learner. Sets diverged() when a replayed thread is not enabled.
  int Choose(const std::vector<PendingStep>& enabled, size_t step);
  bool diverged() const { return m_diverged; }
  bool pruned() const { return m_pruned; }
  // explore: each step's choice, in order.
  const std::vector<ExploreNode>& nodes() const { return m_nodes; }

 private:
  int Priority(int thread);

  ScheduleOptions m_options;
  std::mt19937_64 m_random;
  std::vector<int> m_priorities;        // pct: by thread, higher goes first
  std::vector<size_t> m_change_points;  // pct: steps at which the chosen thread drops
  int m_lowest = 0;
  int Explore(const std::vector<PendingStep>& enabled, size_t step);
  int ExploreStep(const std::vector<PendingStep>& enabled, size_t step);

  bool m_diverged = false;
  bool m_pruned = false;
  std::vector<ExploreNode> m_nodes;
  std::vector<PendingStep> m_asleep;
  int m_last = kNoThread;  // explore: who took the last step
};

}  // namespace threadlab
