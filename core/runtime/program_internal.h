// What program.cpp, gate.cpp and lesson_api.cpp share of a Program's insides: a thread's
// context, the gate's constants. Not for primitives or readers (runtime/program.h).
#pragma once

#include <functional>

#include "runtime/program.h"

namespace threadlab {

// The gate's constants.
inline constexpr double kNoDeadline = 1e18;
// A wait on the wall clock is cut into pieces no longer than this, so that no speed or
// deadline can make a duration overflow.
inline constexpr double kLongestWallWait = 0.25;
// Lesson time a step takes. Tiny, so that the seconds a lesson shows are its sleeps; but not
// none, so that threads that only work and never sleep (producers and consumers with zero
// work times) still move the clock, and a sleep beside them ends, as it does in Python.
inline constexpr double kStepSeconds = 1e-5;

// One lesson thread, as the runtime sees it. Every field is guarded by the program's mutex.
struct ThreadContext {
  Program* program = nullptr;
  int index = 0;
  bool daemon = false;
  bool ended = false;      // its function returned or unwound
  bool settled = false;    // it has waited once, or ended: a free Start may return
  bool exiting = false;    // must end at its next cancellation point (daemon at exit)
  // Where it stands at the gate, while at_gate.
  bool at_gate = false;
  EventKind step = EventKind::log;
  int object = kNoObject;
  long long value = 0;
  CallSite at = CallSite::None();
  const std::function<bool()>* ready = nullptr;  // null: the step can always go
  double deadline = kNoDeadline;                  // lesson time it may go anyway
  // Lesson time at which it left its last step (or was started): where the timeout of its
  // next wait counts from, and what the lesson's clock reads for it between two steps.
  double stepped_at = 0;
  bool granted = false;    // controlled: chosen to go
  bool when_still = false; // free: its step waits until no thread runs between steps
  int joining = kNoThread;
  CondVar wake;
};

// Releases run in destructors (LockGuard, Inside), which must not throw: they are no cancellation
// point, and while a thread unwinds they pass without waiting for a turn.
inline bool IsRelease(EventKind kind) {
  return kind == EventKind::lock_released || kind == EventKind::semaphore_released ||
         kind == EventKind::region_leave;
}

}  // namespace threadlab
