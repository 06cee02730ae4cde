// ------------------------------------------------------------------------------------------
// Deadlock (RLock): a reentrant lock counts its acquires by the same thread, and must be
// released as many times; one release too many is an error.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(int main() {
    RLock l{"l"};
    for (int count = 1; count <= {acquires}; ++count) {
        Log("before acquire %d", count);
        l.Acquire();
    }
    Log("acquired lock %d times", {acquires});
    for (int count = 1; count <= {releases}; ++count) {
        Log("before release %d", count);
        l.Release();   // throws RuntimeError once nothing is left to release
    }
    Log("released lock %d times", {releases});
}
)source";

// ---- Run ----------------------------------------------------------------------------------
void Run(const ParamValues& params) {
  const int acquires = params.Integer("acquires");
  const int releases = params.Integer("releases");
  RLock l{"l"};
  for (int count = 1; count <= acquires; ++count) {
    Log("before acquire %d", count);
    l.Acquire();
  }
  Log("acquired lock %d times", acquires);
  for (int count = 1; count <= releases; ++count) {
    Log("before release %d", count);
    l.Release();
  }
  Log("released lock %d times", releases);
}

std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  const int acquires = params.Integer("acquires");
  const int releases = params.Integer("releases");
  if (run.status == RunStatus::raised)
    return "RuntimeError: cannot release un-acquired lock: " + std::to_string(acquires) +
           " acquires allow " + std::to_string(acquires) + " releases, not " +
           std::to_string(releases);
  if (releases < acquires)
    return "the lock is still held " + std::to_string(acquires - releases) +
           " time(s) deep: another thread could never acquire it";
  return "acquired and released " + std::to_string(acquires) + " times: the lock is free";
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kRLock = {
    "rlock",
    "Deadlock (RLock)",
    "An RLock (reentrant lock) remembers which thread holds it and how many times. The "
    "holder may acquire it again without waiting, so the deadlock of the previous lesson "
    "cannot happen.\n\n"
    "The count must come back to zero before another thread can take the lock: every "
    "acquire needs its release. Releasing once more than acquired raises "
    "RuntimeError: cannot release un-acquired lock.\n\n"
    "Try: releases equal to acquires; fewer releases (the lock stays held).",
    {
        {"acquires", ParamKind::integer, 3, 1, 10, "how many times main acquires the RLock"},
        {"releases", ParamKind::integer, 4, 0, 11, "how many times main releases it"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
