// ------------------------------------------------------------------------------------------
// Condition: consumers wait on a Condition until the producer puts an item on a shared
// shelf and wakes them; a woken consumer must look again (`while`, not `if`), because
// another may have taken the item first.
// ------------------------------------------------------------------------------------------
#include <deque>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
// Python's shelf.pop(0): the first item, or IndexError when there is none.
int pop_first(std::deque<int>& shelf) {
    if (shelf.empty()) throw IndexError("pop from empty list");
    int item = shelf.front();
    shelf.pop_front();
    return item;
}

void consumer(Condition& condition, std::deque<int>& shelf, int name) {
    Log("Consumer %d: waiting for an item", name);
    LockGuard<Condition> with(condition);   // the shelf is only touched with the lock held
    WhileOrIf("recheck", shelf.empty())
        condition.Wait();   // lets the lock go while it waits, takes it back to return
    int item = pop_first(shelf);
    Log("Consumer %d: took item %d", name, item);
}

int main() {
    Lock lock{"lock"};
    Condition condition(lock, "condition");
    std::deque<int> shelf;
    std::vector<std::unique_ptr<Thread>> consumers;
    for (int name = 1; name <= Value<int>("consumers"); ++name) {
        consumers.push_back(std::make_unique<Thread>("Consumer " + std::to_string(name),
            [&condition, &shelf, name] { consumer(condition, shelf, name); }));
        consumers.back()->Start();
    }
    for (int item = 1; item <= Value<int>("items"); ++item) {
        Sleep(Value<double>("produce_time"));
        LockGuard<Condition> with(condition);
        shelf.push_back(item);
        Log("Producer: put item %d", item);
        condition.NotifyAll();   // something changed: every waiter looks again
    }
    for (auto& thread : consumers) thread->Join();
    Log("Main\t:\tevery consumer is done");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: items put against items taken, and the consumers that found none ------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int put = CountLines(run, "Producer: put item");
  const int taken = CountLines(run, ": took item");
  const int failed = CountLines(run, "IndexError");
  Outcome outcome;
  outcome.Integer("failed", failed).Integer("put", put).Integer("taken", taken);
  outcome.fields[1].key = outcome.fields[2].key = false;
  outcome.text = Printf("%d put, %d taken", put, taken);
  if (failed > 0)
    outcome.text += "; " + Count(failed, "consumer", "consumers") +
                    " woke to an empty shelf and raised IndexError: 'if' checked only once";
  else if (taken == params.Integer("consumers"))
    outcome.text += ": every consumer got an item";
  return outcome;
}

const char* const kPythonNote =
    "threading.Condition(lock) becomes Condition(lock, name); 'with condition:' becomes a "
    "LockGuard<Condition>; wait() and notify_all() become Wait() and NotifyAll(). The shelf is "
    "a std::deque, and shelf.pop(0) becomes pop_first, which raises IndexError on an empty "
    "shelf as pop does. An exception that escapes a consumer is logged as one line, "
    "\"Exception in thread Consumer 2: IndexError: pop from empty list\", where Python prints "
    "its traceback. We differ on purpose in the exit status: Python exits 0 after a thread's "
    "exception, threadlab run exits 1, so that a script sees a thread failed. With fewer "
    "items than consumers, Python hangs in join; threadlab reports the deadlock (exit 3).";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kCondition = {
    .id = "condition",
    .title = "Condition",
    .text =
        "Not in the tutorial: the step between Lock and the Queue of the next lessons.\n\n"
        "A Condition lets a thread wait until something it needs is true, and lets another "
        "thread say that something changed. It works with a lock. A thread takes the lock, "
        "checks the state it shares with others, and if it cannot go on, calls Wait. Wait "
        "lets the lock go while the thread sleeps, so that others can change the state, and "
        "takes it back before it returns. A thread that changes the state does it holding "
        "the lock, then calls Notify (wake one waiter) or NotifyAll (wake them all).\n\n"
        "Here {consumers} consumers wait for an item on a shared shelf, and main, the "
        "producer, puts {items} items on it, one every {produce_time} s, waking every "
        "consumer each time. Being woken promises nothing: another consumer may have taken "
        "the item while this one waited to get the lock back. So the check is 'while', not "
        "'if': when Wait returns, look again. WaitFor(predicate), Python's wait_for, is that "
        "loop written for you.\n\n"
        "Try: click 'while' to make it 'if'. Both consumers wake for the first item, one "
        "takes it, the other pops from an empty shelf and raises IndexError. Explore with "
        "'while': no interleaving fails. With fewer items than consumers, the last ones wait "
        "forever, and the playground reports the deadlock where Python would hang.",
    .params = {
        {"consumers", ParamKind::integer, 2, 1, 8, "how many consumer threads wait"},
        {"items", ParamKind::integer, 2, 0, 16, "how many items the producer puts"},
        {"produce_time", ParamKind::number, 0.5, 0, 60, "seconds before each item is put"},
        {"recheck", ParamKind::boolean, 1, 0, 1,
         "while: a woken consumer checks the shelf again; if: it checks once",
         {"if", "while"}},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .levels = {{
        .id = "if-instead-of-while",
        .chapter = "signals",
        .title = "If instead of while",
        .brief =
            "Two consumers wait for items, and the producer puts one. A consumer that wakes up "
            "checks for an item with `if`, once, and then takes one. But between its wake-up "
            "and its take, the other consumer may run. Make a consumer take from an empty list.",
        .values = {{"consumers", 2}, {"items", 1}, {"produce_time", 0}, {"recheck", 0}},
        .goal = Goal::Error("IndexError"),
        .fixed = {{"recheck", 1}},
    }},
};

}  // namespace threadlab
