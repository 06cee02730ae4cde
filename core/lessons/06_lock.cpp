// ------------------------------------------------------------------------------------------
// Basic Synchronization Using Lock: the same updates, each inside a Lock, so that only one
// thread at a time reads and writes: none is lost.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(class FakeDatabase {
  public:
    SharedValue value{"value", 0};
    Lock _lock{"_lock"};

    void locked_update(int name) {
        Log("Thread %d: starting update", name);
        {   // with self._lock:
            LockGuard<Lock> with_lock(_lock);
            long long local_copy = value.Load();
            local_copy += 1;
            Sleep({sleep});
            value.Store(local_copy);
        }
        Log("Thread %d: finishing update", name);
    }
};

int main() {
    FakeDatabase database;
    Log("Testing update. Starting value is %lld.", database.value.Load());
    {
        ThreadPoolExecutor executor(/*max_workers=*/ {workers});
        for (int index = 0; index < {updates}; ++index)
            executor.Submit([&database, index] { database.locked_update(index); });
    }
    Log("Testing update. Ending value is %lld.", database.value.Load());
}
)source";

// ---- Run (the race lesson's database, with its lock) --------------------------------------
void Run(const ParamValues& params) { RunDatabaseTest(params, true); }
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kLock = {
    "lock",
    "Basic Synchronization Using Lock",
    "The fix for the race: a Lock around the read-modify-write. Only one thread at a time "
    "can hold it; the others wait at Acquire until it is released.\n\n"
    "Now each update sees the value the previous one wrote, and the ending value is the "
    "number of updates. The price: the updates no longer overlap, so the run takes one "
    "sleep per update. On the timeline, one lane holds the lock while the others wait.",
    {
        {"workers", ParamKind::integer, 2, 1, 32, "max_workers of the pool"},
        {"updates", ParamKind::integer, 2, 1, 200, "how many updates are submitted"},
        {"sleep", ParamKind::number, 0.1, 0, 10, "seconds between the read and the write"},
    },
    kSource,
    Run,
};

}  // namespace threadlab
