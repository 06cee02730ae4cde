// ------------------------------------------------------------------------------------------
// A lost wake-up: a notify wakes only a thread that waits at that moment. When the producer
// notifies before the consumer waits, nobody hears it, and the consumer waits forever. The
// fix: the consumer checks, with the lock held, whether what it waits for happened already.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
struct Signal {
    Lock lock{"lock"};
    Condition condition{lock, "condition"};
    bool ready = false;   // only read or written with the lock held
};

void consumer(Signal& signal) {
    Sleep(Value<double>("head_start"));   // the producer's head start
    Log("Consumer: waiting for the signal");
    LockGuard<Condition> with(signal.condition);
    if (Value<bool>("check_first")) {
        while (!signal.ready)   // a notify that came first left ready set: no wait
            signal.condition.Wait();
    } else {
        signal.condition.Wait();   // waits for the next notify, whatever came before
    }
    Log("Consumer: got the signal");
}

void producer(Signal& signal) {
    Sleep(Value<double>("produce_time"));
    LockGuard<Condition> with(signal.condition);
    signal.ready = true;
    Log("Producer: ready, notifying");
    signal.condition.Notify();   // wakes a thread waiting now, if there is one
}

int main() {
    Signal signal;
    Thread consumer_thread("Consumer", [&signal] { consumer(signal); });
    Thread producer_thread("Producer", [&signal] { producer(signal); });
    consumer_thread.Start();
    producer_thread.Start();
    consumer_thread.Join();
    producer_thread.Join();
    Log("Main\t:\tthe consumer got the signal");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: whether the consumer was waiting when the notify came -----------------------
// (a lost wake-up leaves the consumer waiting forever: the runtime's deadlock outcome)
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues&) {
  bool woken = false;
  for (const TraceEvent& event : run.trace) woken = woken || event.kind == EventKind::condition_woke;
  Outcome outcome;
  outcome.Flag("deadlocked", false).Flag("waited", woken);
  outcome.text = woken ? "the consumer was waiting when the producer notified: the notify woke it"
                       : "the notify came first; the consumer found ready set and did not wait";
  return outcome;
}

const char* const kPythonNote =
    "The shared state is a small class in both, Signal, with its lock, its Condition and "
    "the ready flag; in C++ ready is a plain bool, which is safe because both threads touch "
    "it only with the lock held. 'with signal.condition:' becomes a LockGuard<Condition>, "
    "wait() and notify() become Wait() and Notify(). When the wake-up is lost, Python hangs "
    "in join; threadlab reports the deadlock (exit 3).";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kLostWakeup = {
    .id = "lost-wakeup",
    .title = "A Lost Wake-up",
    .text =
        "Not in the tutorial: the other half of the Condition lesson's advice.\n\n"
        "The consumer takes the lock and waits on the Condition; the producer sets ready, "
        "with the lock held, and notifies. A notify is not a message that stays until read: "
        "it wakes the threads that wait at that moment, and nobody else. Here the consumer "
        "sleeps {head_start} s before it takes the lock, the producer's head start, so the "
        "producer notifies while nobody waits. The consumer then waits for a notify that "
        "already came and will not come again: Main waits for the consumer, the consumer "
        "for the notify, and ThreadLab reports the deadlock where Python would hang.\n\n"
        "The fix: before waiting, look at the state the notify is about. With the lock held, "
        "the consumer checks ready, and waits only while it is false: `while (!ready) "
        "Wait();`, Python's wait_for(lambda: ready). The lock makes the check and the wait "
        "one move: the producer cannot set ready and notify in between.\n\n"
        "Try: check_first = true (the consumer finds ready set and goes on). Then "
        "head_start = 0 with produce_time = 0.5: the consumer waits first, the notify finds "
        "it, and the bug hides. With both at 0 it depends on who is quicker: explore it, or "
        "find the losing order in step mode.",
    .params = {
        {"head_start", ParamKind::number, 0.5, 0, 5,
         "seconds the consumer sleeps before it takes the lock"},
        {"produce_time", ParamKind::number, 0, 0, 5,
         "seconds the producer sleeps before it sets ready and notifies"},
        {"check_first", ParamKind::boolean, 0, 0, 1,
         "true: the consumer waits only while ready is false (the fix); false: it always waits"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.3,  // the head start takes under 2 s to watch
    .levels = {{
        .id = "lost-wakeup",
        .chapter = "signals",
        .title = "A lost wake-up",
        .brief =
            "The consumer waits on the condition for the producer's notify. A notify wakes only "
            "a thread that is already waiting; nothing keeps it for later. Let the producer "
            "notify before the consumer waits, and the consumer waits forever.",
        .values = {{"head_start", 0}, {"produce_time", 0}},
        .goal = Goal::Deadlock(),
        .fixed = {{"check_first", 1}},
    }},
};

}  // namespace threadlab
