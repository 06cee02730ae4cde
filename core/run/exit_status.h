// The exit statuses of a run, as the CLI returns them; the JS API and the desktop self-test
// report the same numbers, so a script reads every front end the same way.
#pragma once

#include "runtime/snapshot.h"

namespace threadlab {

constexpr int kExitRan = 0;        // the lesson ran to its end
constexpr int kExitRaised = 1;     // it ran, but an exception escaped a thread (as Python exits 1)
constexpr int kExitUsage = 2;      // bad usage: unknown lesson or parameter, value out of range
constexpr int kExitDeadlock = 3;   // the run ended in a detected deadlock
constexpr int kExitCut = 4;        // the runtime cut the run short: its log or trace was full
constexpr int kExitStopped = 130;  // stopped before its end (Ctrl-C, Stop)

// The status a run that has ended gives.
inline int ExitStatusOf(RunStatus status) {
  switch (status) {
    case RunStatus::raised: return kExitRaised;
    case RunStatus::deadlocked: return kExitDeadlock;
    case RunStatus::stopped: return kExitStopped;
    case RunStatus::full: return kExitCut;
    case RunStatus::diverged: return kExitUsage;  // the schedule given does not fit the run
    default: return kExitRan;
  }
}

}  // namespace threadlab
