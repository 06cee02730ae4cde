// ------------------------------------------------------------------------------------------
// Deadlock: a thread acquires a Lock it already holds and waits for itself forever; the
// runtime sees that nobody can ever release it and reports the deadlock. Releasing a Lock
// that nobody holds raises RuntimeError.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
// l.acquire(blocking=...) in Python: when not blocking, it gives up at once if held.
bool acquire(Lock& l, bool blocking) {
    if (!blocking) return l.TryAcquire();
    l.Acquire();
    return true;
}

int main() {
    Lock l{"l"};
    for (int count = 1; count <= Value<int>("acquires"); ++count) {
        Log("before acquire %d", count);
        bool acquired = acquire(l, Value<bool>("blocking"));
        Log("acquire %d returned %s", count, acquired ? "True" : "False");
    }
    for (int count = 1; count <= Value<int>("releases"); ++count) {
        Log("before release %d", count);
        l.Release();   // RuntimeError when the lock is not held
    }
    Log("released lock %d times", Value<int>("releases"));
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: acquires that succeeded or gave up, releases, and the error if any ----------
// (a deadlocked run gets the runtime's outcome: who waits for what)
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues&) {
  int acquired = 0, refused = 0;
  for (const LogLine& line : run.log) {
    const size_t returned = line.message.find(" returned ");
    if (returned == std::string::npos) continue;
    (line.message.substr(returned + 10) == "True" ? acquired : refused) += 1;
  }
  const std::string error = RaisedError(run);
  const int released = CountLines(run, "before release") - (error.empty() ? 0 : 1);
  Outcome outcome;
  outcome.Flag("deadlocked", false)
      .Integer("acquired", acquired)
      .Integer("gave_up", refused)
      .Integer("released", released)
      .Text("error", error);
  outcome.text = "acquired " + Count(acquired, "time", "times");
  if (refused > 0) outcome.text += ", gave up " + Count(refused, "time", "times") + " (held)";
  outcome.text += ", released " + Count(released, "time", "times");
  if (!error.empty()) outcome.text += "; the next release raised " + error;
  return outcome;
}

const char* const kPythonNote =
    "l.acquire(blocking=False) becomes TryAcquire(); a blocking acquire is Acquire(). "
    "release() of a free Lock raises the same RuntimeError in both.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kDeadlock = {
    .id = "deadlock",
    .title = "Deadlock",
    .text =
        "A Lock does not care who holds it. Acquire it a second time from the same thread and "
        "that thread waits for the lock to be released, which only it could do: it waits "
        "forever. That is a deadlock.\n\n"
        "Python would hang here, until Ctrl-C. ThreadLab records who acquired each lock and "
        "watches every wait: when every thread waits and nothing can wake any of them, it "
        "reports who waits for what, holder included. The run stays frozen, as a real one "
        "would, until you press Stop.\n\n"
        "Deadlocks mostly come from two slips: a lock that is not released on some path (use "
        "`with`), and a function that takes the lock calling another that takes it too (use "
        "an RLock, next lesson).\n\n"
        "Try: blocking = false (each acquire after the first gives up and returns False), "
        "then the second release finds the lock free and raises "
        "RuntimeError: release unlocked lock.",
    .params = {
        {"acquires", ParamKind::integer, 2, 1, 5, "how many times main acquires the lock"},
        {"blocking", ParamKind::boolean, 1, 0, 1,
         "true waits for the lock; false gives up at once when it is held"},
        {"releases", ParamKind::integer, 2, 0, 5, "how many times main then releases it"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .levels = {{
        .id = "wait-for-yourself",
        .chapter = "deadlocks",
        .title = "Wait for yourself",
        .brief =
            "One thread and one Lock. A Lock does not remember who holds it, so a thread that "
            "takes it twice waits for itself to let go. Take the lock a second time and watch "
            "the only thread stop for good: the runtime sees that nobody can ever release it.",
        .values = {{"acquires", 2}, {"blocking", 1}},
        .goal = Goal::Deadlock(),
        .fixed = {{"blocking", 0}},
    }},
};

}  // namespace threadlab
