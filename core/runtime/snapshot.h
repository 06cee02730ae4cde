// What a reader sees of a run (RunSnapshot) and how a run is asked for (RunOptions): all
// that the views, the CLI and the JS API read, without the Program that makes it
// (runtime/program.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/call_site.h"
#include "runtime/goal.h"
#include "runtime/outcome.h"
#include "runtime/recorder.h"
#include "runtime/scheduler.h"
#include "runtime/trace.h"

namespace threadlab {

enum class RunStatus {
  running,
  deadlocked,  // every live thread waits forever; it stays so until Stop
  finished,    // main returned and every thread ended
  raised,      // finished, but an exception escaped a thread (the rlock lesson's RuntimeError)
  stopped,     // Stop was called before it finished
  full,        // stopped by the runtime: the log or the trace reached its bound
  diverged,    // stopped by the runtime: a replayed schedule did not fit the run
  won,         // stopped by the runtime: the challenge's goal was met at the last step (a
               // deadlock goal leaves the run deadlocked instead, frozen as a deadlock is)
};
const char* RunStatusName(RunStatus status);

// Most threads one run may start, Main included: a budget that the web worker pool and the
// lessons' parameter ranges are sized for.
constexpr int kMaxThreadsPerRun = 64;

// Speeds (lesson seconds per wall second) that every front end accepts. At the minimum a
// 0.1 s race shows in 10 s; the maximum shows a 30 s timer in 30 ms.
constexpr double kMinSpeed = 0.01;
constexpr double kMaxSpeed = 1000;

struct RunOptions {
  double speed = 1.0;          // lesson seconds per wall second: 20 runs a 2 s sleep in 0.1 s
  ScheduleOptions schedule;    // free by default
  bool record = true;          // false: keep no log or trace (benchmarks of the bare runtime)
  // Slow motion for a free run: the wall seconds (at 1x; divided by the speed) that each
  // step waits before it is taken, so that a lesson without sleeps can be watched. The
  // lesson's clock stands still meanwhile: its log reads the same. From 0 to 1.
  double step_pause = 0;
  // A challenge's goal, checked at every step; the run stops where it is met.
  std::optional<Goal> goal;

  static RunOptions AtSpeed(double speed) {
    RunOptions options;
    options.speed = speed;
    return options;
  }
};

// What a thread will do next, for step mode: where it stands and whether it can go.
struct NextStep {
  std::string text;            // "read value", "acquire Lock '_lock' (held by Thread 0)"
  bool at_gate = false;        // false while it runs between steps (or has ended)
  bool enabled = false;        // the step can be taken now
  CallSite at = CallSite::None();  // the lesson's line that calls the step, when known
  // What the text is made of (NextStepText, runtime/events.h).
  EventKind step = EventKind::log;
  int object = kNoObject;
  long long value = 0;
  int joining = kNoThread;
  double seconds_left = 0;     // of a sleep or a timeout
};
// Everything a reader sees of a run. Read() appends to log, trace and schedule what is new
// since the last call, and replaces the rest.
struct RunSnapshot {
  RunStatus status = RunStatus::running;
  bool done = false;         // every thread of the run has ended
  double now = 0;            // lesson seconds since the start
  double speed = 1;
  std::vector<ThreadInfo> threads;
  std::vector<ObjectInfo> objects;
  std::vector<LogLine> log;
  std::vector<TraceEvent> trace;
  Schedule schedule;         // which thread took each step, in order
  SchedulePolicy policy = SchedulePolicy::free;
  std::vector<NextStep> next;  // by thread
  bool awaiting_step = false;  // step mode: the run waits for the learner to pick a thread
  std::vector<ExploreNode> choices;  // explore: who could go at each step
  bool pruned = false;               // explore: stopped as a repeat of an explored order
  std::string outcome;       // "expected 2, got 1: one update was lost"
  std::vector<OutcomeField> outcome_fields;  // what the outcome's text was made from
  std::string deadlock;      // who waits for what, when status is deadlocked
  std::vector<int> deadlock_cycle;  // the threads of the wait-for cycle, when there is one
  double deadlock_time = 0;  // the lesson time at which it deadlocked
  GoalMet goal;              // whether and where the run's goal was met
};
inline Outcome OutcomeOf(const RunSnapshot& run) { return {run.outcome, run.outcome_fields}; }

}  // namespace threadlab
