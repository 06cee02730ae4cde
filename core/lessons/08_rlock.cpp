// ------------------------------------------------------------------------------------------
// Deadlock (RLock): a reentrant lock counts its acquires by the same thread, and must be
// released as many times; one release too many is an error.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
int main() {
    RLock l{"l"};
    for (int count = 1; count <= Value<int>("acquires"); ++count) {
        Log("before acquire %d", count);
        l.Acquire();
    }
    Log("acquired lock %d times", Value<int>("acquires"));
    for (int count = 1; count <= Value<int>("releases"); ++count) {
        Log("before release %d", count);
        l.Release();   // RuntimeError once nothing is left to release
    }
    Log("released lock %d times", Value<int>("releases"));
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: how deep the lock is still held, or the error -------------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues&) {
  const std::string error = RaisedError(run);
  const int acquired = CountLines(run, "before acquire");
  const int released = CountLines(run, "before release") - (error.empty() ? 0 : 1);
  Outcome outcome;
  outcome.Integer("acquired", acquired).Integer("released", released).Text("error", error);
  if (!error.empty())
    outcome.text = Printf("%s: %d acquires allow %d releases, release %d found nothing to "
                          "release", error.c_str(), acquired, acquired, released + 1);
  else if (released < acquired)
    outcome.text = "the RLock is still held " + Count(acquired - released, "level", "levels") +
                   " deep: another thread could not acquire it";
  else
    outcome.text = "acquired and released " + Count(acquired, "time", "times") + ": the RLock is free";
  return outcome;
}

const char* const kPythonNote =
    "threading.RLock() becomes RLock; acquire() and release() become Acquire() and "
    "Release(). The error escapes main in both: Python prints a traceback and exits with "
    "status 1, and so does threadlab run.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kRLock = {
    .id = "rlock",
    .title = "Deadlock (RLock)",
    .text =
        "An RLock (reentrant lock) remembers which thread holds it and how many times. The "
        "holder may acquire it again without waiting, so the deadlock of the previous lesson "
        "cannot happen. That is what it is for: functions that take the lock and call each "
        "other, each one safe to call with or without the lock already held.\n\n"
        "The count must come back to zero before another thread can take the lock: every "
        "acquire needs its release. Releasing once more than acquired raises "
        "RuntimeError: cannot release un-acquired lock.\n\n"
        "Try: releases equal to acquires; fewer releases (the lock stays held).",
    .params = {
        {"acquires", ParamKind::integer, 3, 1, 10, "how many times main acquires the RLock"},
        {"releases", ParamKind::integer, 4, 0, 11, "how many times main releases it"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .levels = {{
        .id = "release-once-too-often",
        .chapter = "locks",
        .title = "Release once too often",
        .brief =
            "An RLock counts: the thread that holds it may take it again, and must give it back "
            "as many times. Here main takes it three times and gives it back four. Step main "
            "through to the fourth release and make it raise the error Python raises.",
        .values = {{"acquires", 3}, {"releases", 4}},
        .goal = Goal::Error("RuntimeError"),
        .fixed = {{"releases", 3}},
    }},
};

}  // namespace threadlab
