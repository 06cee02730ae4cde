// ------------------------------------------------------------------------------------------
// Race Conditions: two threads read the same value, both add one, both write back: one
// update is lost.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
// value is a SharedValue: Load() reads it, Store() writes it,
// two steps, like Python's `local_copy = self.value` and
// `self.value = local_copy`.
class FakeDatabase {
  public:
    SharedValue value{"value", 0};
    Lock _lock{"_lock"};

    void update(int name) {
        Log("Thread %d: starting update", name);
        if (Value<bool>("sleep_first")) Sleep(Value<double>("sleep"));
        // with self._lock, when the lock is on:
        LockGuard<Lock> with_lock(_lock, Value<bool>("lock"));
        long long local_copy = value.Load();
        local_copy += 1;
        if (!Value<bool>("sleep_first")) Sleep(Value<double>("sleep"));
        value.Store(local_copy);
        Log("Thread %d: finishing update", name);
    }
};

int main() {
    FakeDatabase database;
    Log("Testing update. Starting value is %lld.", database.value.Load());
    {   // with ThreadPoolExecutor(max_workers=...) as executor:
        ThreadPoolExecutor executor(Value<int>("workers"));
        for (int index = 0; index < Value<int>("updates"); ++index)
            executor.Submit([&database, index] { database.update(index); });
    }
    Log("Testing update. Ending value is %lld.", database.value.Load());
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the ending value the log shows, against the number of updates --------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  long long ending = -1;
  for (const LogLine& line : run.log)
    std::sscanf(line.message.c_str(), "Testing update. Ending value is %lld.", &ending);
  const long long expected = params.Integer("updates");
  const long long lost = expected - ending;
  Outcome outcome;
  outcome.Integer("ending_value", ending).Integer("expected", expected);
  outcome.text = Printf("expected %lld, got %lld: ", expected, ending);
  if (lost == 0) outcome.text += "no update was lost";
  else if (lost == 1) outcome.text += "one update was lost";
  else outcome.text += Printf("%lld updates were lost", lost);
  return outcome;
}

const char* const kPythonNote =
    "self.value becomes a SharedValue: C++ forbids two threads touching a plain variable "
    "at once (undefined behaviour), so its read, Load(), and its write, Store(), are each "
    "atomic, yet separate, and the update is lost just as in Python. submit(f, index) "
    "becomes Submit with a lambda.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kRaceCondition = {
    .id = "race-condition",
    .title = "Race Conditions",
    .text =
        "Each update reads the shared value into a local copy, adds one, sleeps a little, and "
        "writes the copy back.\n\n"
        "local_copy is a local variable: each thread has its own, so it is safe. The database "
        "is shared: with two workers, both read 0 before either writes, and both write 1. Two "
        "updates ran, the value went up by one: an update was lost. The sleep only makes the "
        "window wide enough to hit every time; without it the same thing happens, rarely, "
        "which is worse.\n\n"
        "SharedValue's Load() and Store() are that read and that write: two separate steps, "
        "like `local_copy = self.value` and `self.value = local_copy`, and another thread may "
        "run between them.\n\n"
        "Try: one worker (no race), or five workers for five updates (four are lost). Then fix "
        "it: turn the lock on. With the sleep still between the read and the write, the lock "
        "holds it too, and the updates take turns; sleep first, and they sleep side by side "
        "while only the read and the write take turns.",
    .params = {
        {"workers", ParamKind::integer, 2, 1, 32, "max_workers of the pool"},
        {"updates", ParamKind::integer, 2, 1, 200, "how many updates are submitted"},
        {"sleep", ParamKind::number, 0.1, 0, 10, "seconds between the read and the write"},
        {"lock", ParamKind::boolean, 0, 0, 1, "the fix: each update holds a Lock"},
        {"sleep_first", ParamKind::boolean, 0, 0, 1, "sleep before the read, not between it and the write"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.05,  // its 0.1 s of sleeps take 2 s to watch
    .levels = {{
        .id = "lose-an-update",
        .chapter = "races",
        .title = "Lose an update",
        .brief =
            "Two workers each add one to the database's value: they read it, add one to their "
            "own copy, and write the copy back. Nothing stops another worker from running "
            "between the read and the write. You choose who moves: make one worker write back "
            "a value that the other worker's write has already replaced, so that two updates "
            "raise the value by only one.",
        .values = {{"workers", 2}, {"updates", 2}, {"sleep", 0}},
        .goal = Goal::LostUpdate("value"),
        .fixed = {{"lock", 1}, {"sleep_first", 1}},
        .parallel = 2,
    }},
};

}  // namespace threadlab
