// ------------------------------------------------------------------------------------------
// Basic Synchronization Using Lock: the same updates, each inside a Lock, so that only one
// thread at a time reads and writes: none is lost.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
class FakeDatabase {
  public:
    SharedValue value{"value", 0};
    Lock _lock{"_lock"};

    void locked_update(int name) {
        Log("Thread %d: starting update", name);
        {   // with self._lock:
            LockGuard<Lock> with_lock(_lock);
            long long local_copy = value.Load();
            local_copy += 1;
            Sleep(Value<double>("sleep"));
            value.Store(local_copy);
        }   // released here, however the block is left
        Log("Thread %d: finishing update", name);
    }
};

int main() {
    FakeDatabase database;
    Log("Testing update. Starting value is %lld.", database.value.Load());
    {   // with ThreadPoolExecutor(max_workers=...) as executor:
        ThreadPoolExecutor executor(Value<int>("workers"));
        for (int index = 0; index < Value<int>("updates"); ++index)
            executor.Submit([&database, index] { database.locked_update(index); });
    }
    Log("Testing update. Ending value is %lld.", database.value.Load());
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the race lesson's, read the same way ----------------------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  return kRaceCondition.outcome(run, params);
}

const char* const kPythonNote =
    "`with self._lock:` becomes a block holding a LockGuard: it acquires the lock when made "
    "and releases it when the block is left, by its end, a return or an exception.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kLock = {
    .id = "lock",
    .title = "Basic Synchronization Using Lock",
    .text =
        "The fix for the race: a Lock around the read-modify-write. Only one thread at a time "
        "can hold it; the others wait at Acquire until it is released.\n\n"
        "`with self._lock:` acquires the lock and releases it when the block is left for any "
        "reason, an exception included: a lock never released would stop the program.\n\n"
        "Now each update sees the value the previous one wrote, and the ending value is the "
        "number of updates. The price: the updates no longer overlap, so the run takes one "
        "sleep per update. On the timeline, one lane holds the lock while the others wait.",
    .params = {
        {"workers", ParamKind::integer, 2, 1, 32, "max_workers of the pool"},
        {"updates", ParamKind::integer, 2, 1, 200, "how many updates are submitted"},
        {"sleep", ParamKind::number, 0.1, 0, 10, "seconds between the read and the write"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.05,  // its 0.2 s of sleeps take 4 s to watch
    .levels = {{
        .id = "prove-the-lock",
        .chapter = "races",
        .title = "Prove it: the lock loses nothing",
        .brief =
            "The same two updates, now each inside the lock. Try to lose an update as you did "
            "before: step the workers in any order you like. When you are convinced it cannot "
            "be done, let the explorer try every order there is; a level won by proof is won "
            "when it finds none.",
        .values = {{"workers", 2}, {"updates", 2}, {"sleep", 0}},
        .goal = Goal::LostUpdate("value"),
    }},
};

}  // namespace threadlab
