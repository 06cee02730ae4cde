// ------------------------------------------------------------------------------------------
// Checked outside the lock, taken inside it: consumers look at a shared list without the
// lock, then take the lock to pop; two that both saw the last item both pop, and the second
// raises IndexError. Looking and taking under one lock is the fix.
// ------------------------------------------------------------------------------------------
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
// A Python list of the items 0, 1, 2...: its length is a SharedValue, so that looking at it
// is a step of its own, as `if items:` is in Python, and another thread may run between
// the look and what follows.
class Items {
  public:
    explicit Items(int count) : size{"size", count} {}
    bool empty() { return size.Load() == 0; }
    int length() { return static_cast<int>(size.Load()); }
    // items.pop(): the last item, or IndexError when there is none.
    int pop() {
        long long last = size.Load() - 1;
        if (last < 0) throw IndexError("pop from empty list");
        size.Store(last);
        return static_cast<int>(last);
    }

  private:
    SharedValue size;
};

void consumer(Lock& lock, Items& items, int name) {
    if (Value<bool>("check_inside")) {   // looks and takes under one lock
        LockGuard<Lock> with(lock);
        if (!items.empty()) {
            Log("Consumer %d: sees an item", name);
            Sleep(Value<double>("sleep"));
            Log("Consumer %d: took item %d", name, items.pop());
        } else {
            Log("Consumer %d: nothing to take", name);
        }
    } else {   // looks without the lock, then takes with it
        if (!items.empty()) {
            Log("Consumer %d: sees an item", name);
            Sleep(Value<double>("sleep"));
            LockGuard<Lock> with(lock);
            Log("Consumer %d: took item %d", name, items.pop());
        } else {
            Log("Consumer %d: nothing to take", name);
        }
    }
}

int main() {
    Lock lock{"lock"};
    Items items(Value<int>("items"));
    std::vector<std::unique_ptr<Thread>> consumers;
    for (int name = 0; name < Value<int>("consumers"); ++name) {
        consumers.push_back(std::make_unique<Thread>("Consumer " + std::to_string(name),
            [&lock, &items, name] { consumer(lock, items, name); }));
        consumers.back()->Start();
    }
    for (auto& thread : consumers) thread->Join();
    Log("Main\t:\titems left: %d", items.length());
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: items taken, consumers that found none, and those that popped too late ------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int taken = CountLines(run, ": took item");
  const int failed = CountLines(run, ": IndexError: pop from empty list");
  const int none = CountLines(run, ": nothing to take");
  Outcome outcome;
  outcome.Integer("taken", taken).Integer("failed", failed).Integer("found_none", none);
  outcome.text = Printf("%d of %d taken", taken, params.Integer("items"));
  if (none > 0) outcome.text += "; " + Count(none, "consumer", "consumers") + " found nothing to take";
  if (failed > 0)
    outcome.text += "; " + Count(failed, "consumer", "consumers") +
                    " saw an item that another took first, and raised IndexError";
  return outcome;
}

const char* const kPythonNote =
    "The list becomes Items, whose length is a SharedValue: in C++ two threads may not touch "
    "a std::vector at once, so its look, empty(), is a step of its own, as `if items:` is in "
    "Python. pop() raises IndexError on an empty list as list.pop() does. An exception that "
    "escapes a consumer is logged as one line, \"Exception in thread Consumer 1: IndexError: "
    "pop from empty list\", where Python prints its traceback; threadlab run then exits 1, "
    "Python 0.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kCheckOutsideLock = {
    .id = "check-outside-lock",
    .title = "Checked Outside the Lock",
    .text =
        "Not in the tutorial: a slip that a lock does not catch by itself.\n\n"
        "{consumers} consumers share a list of {items} items, guarded by a lock. Each looks "
        "whether the list has an item, and if so takes the lock and pops one. The pop is "
        "safe: only one thread at a time runs it. The look is not: it runs without the lock, "
        "and what it saw may be false by the time the lock is held.\n\n"
        "With one item, both consumers see it, both wait {sleep} s, then each takes the lock "
        "in turn. The first pops the item; the second pops from an empty list and raises "
        "IndexError. The lock kept the list whole, but a check and the act that relies on it "
        "must be one step for the others: under one lock.\n\n"
        "The fix: check_inside = true takes the lock before looking. The second consumer then "
        "looks only after the first has popped, and finds nothing to take. Explore both: "
        "without the fix some interleaving raises, even with no sleep; with it none does.",
    .params = {
        {"items", ParamKind::integer, 1, 0, 8, "how many items the list starts with"},
        {"consumers", ParamKind::integer, 2, 1, 8, "how many consumer threads try to take one"},
        {"sleep", ParamKind::number, 0.1, 0, 10, "seconds between looking and taking"},
        {"check_inside", ParamKind::boolean, 0, 0, 1,
         "true: look and take under one lock (the fix); false: look first, lock to take"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.05,  // its 0.1 s of sleep takes 2 s to watch
    .levels = {{
        .id = "checked-outside-the-lock",
        .chapter = "signals",
        .title = "Checked outside the lock",
        .brief =
            "One item, two consumers. Each looks at the list without the lock, and if it sees "
            "an item, takes the lock and pops one. Let both look before either pops, and make "
            "the second pop an empty list.",
        .values = {{"items", 1}, {"consumers", 2}, {"sleep", 0}},
        .goal = Goal::Error("IndexError"),
        .fixed = {{"check_inside", 1}},
    }},
};

}  // namespace threadlab
