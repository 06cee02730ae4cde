// ------------------------------------------------------------------------------------------
// Check-then-act: threads guard a critical section with a shared flag, look at it, then set
// it; between the look and the set another thread may look, and both get in. A Lock's
// TryAcquire looks and takes in one step.
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
// busy is the flag, 1 while a thread is in the critical section: Load() reads it and
// Store() writes it, each a step of its own.
struct Section {
    SharedValue busy{"busy", 0};
    Lock guard{"guard"};
    Region critical{"critical section"};
};

// Takes the section if it is free. The flag looks, then takes: two steps.
// TryAcquire looks and takes in one, Python's acquire(blocking=False).
bool try_enter(Section& section) {
    if (Value<bool>("test_and_set")) return section.guard.TryAcquire();
    if (section.busy.Load() != 0) return false;
    section.busy.Store(1);
    return true;
}

void leave(Section& section) {
    if (Value<bool>("test_and_set")) section.guard.Release();
    else section.busy.Store(0);
}

void worker(Section& section, int name) {
    if (!try_enter(section)) {
        Log("Thread %d: busy, giving up", name);
        return;
    }
    {   // the critical section: one thread at a time, or so the flag hopes
        Inside inside(section.critical);
        Log("Thread %d: in the critical section", name);
        Sleep(Value<double>("work"));
        Log("Thread %d: leaving the critical section", name);
    }
    leave(section);
}

int main() {
    Section section;
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < Value<int>("threads"); ++index) {
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
            [&section, index] { worker(section, index); }));
        threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
    Log("Main\t:\tevery thread is done");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the most threads the runtime counted inside the critical section at once ----
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  long long most = 0;
  for (const TraceEvent& event : run.trace)
    if (event.kind == EventKind::region_enter) most = std::max(most, event.value);
  const int entered = CountLines(run, ": in the critical section");
  const int gave_up = CountLines(run, ": busy, giving up");
  Outcome outcome;
  outcome.Integer("most_inside", most).Integer("entered", entered).Integer("gave_up", gave_up);
  outcome.fields[1].key = outcome.fields[2].key = false;
  if (most > 1)
    outcome.text = (most == 2 && params.Integer("threads") == 2
                        ? std::string("both threads were")
                        : Printf("%lld of %d threads were", most, params.Integer("threads"))) +
                   " in the critical section at once: each saw the flag down before another "
                   "raised it";
  else
    outcome.text = "one thread at a time in the critical section";
  outcome.text += "; " + std::to_string(entered) + " entered, " + std::to_string(gave_up) +
                  " gave up";
  return outcome;
}

const char* const kPythonNote =
    "The flag becomes a SharedValue, whose read, Load(), and write, Store(), are separate "
    "steps, as `if section.busy != 0` and `section.busy = 1` are in Python. "
    "guard.acquire(blocking=False) becomes guard.TryAcquire(). The critical section is "
    "marked with Inside, which the runtime counts and the log does not show; in Python it "
    "is only a comment. Under CPython's GIL a thread is rarely switched out between the "
    "look and the set, so Python shows the bug seldom; it is there all the same.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kCheckThenAct = {
    .id = "check-then-act",
    .title = "Check-then-act",
    .text =
        "Not in the tutorial: the race again, where it hides in a lock made by hand.\n\n"
        "{threads} threads each want the critical section, and they guard it with a shared "
        "flag: look at busy; if it is 0, set it to 1, go in, and set it back to 0 when done; "
        "if it is 1, give up. It reads like a lock, but the look and the set are two steps. "
        "Between them another thread may look, see 0 too, and both go in.\n\n"
        "The fix is to make the look and the set one step that nobody can cut in two: a Lock "
        "does that. TryAcquire, Python's acquire(blocking=False), takes the lock if it is "
        "free and says false if it is held, at once, without waiting.\n\n"
        "A free run mostly shows one thread inside: the window between the look and the set "
        "is tiny. Step through it: let Thread 0 look, then Thread 1 look, then both set the "
        "flag, and both are inside. Then turn test_and_set on: no order of steps gets two "
        "inside.",
    .params = {
        {"threads", ParamKind::integer, 2, 1, 8, "how many threads want the critical section"},
        {"work", ParamKind::number, 0.1, 0, 10, "seconds each thread stays inside"},
        {"test_and_set", ParamKind::boolean, 0, 0, 1,
         "true: a Lock's TryAcquire looks and takes in one step; false: read the flag, then "
         "set it"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.1,  // its 0.1 s inside takes 1 s to watch
    .levels = {{
        .id = "two-in-the-section",
        .chapter = "races",
        .title = "Two in the critical section",
        .brief =
            "Two threads guard a critical section with a flag: look at it, and if it is down, "
            "raise it and go in. Looking and raising are two steps. Stop a thread between them "
            "and let the other look: get both threads inside at once.",
        .values = {{"threads", 2}, {"work", 0.1}},
        .goal = Goal::Inside("critical section", 2),
        .fixed = {{"test_and_set", 1}},
    }},
};

}  // namespace threadlab
