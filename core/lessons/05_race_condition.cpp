// ------------------------------------------------------------------------------------------
// Race Conditions: two threads read the same value, both add one, both write back: one
// update is lost.
// ------------------------------------------------------------------------------------------
#include <optional>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(class FakeDatabase {
  public:
    SharedValue value{"value", 0};

    void update(int name) {
        Log("Thread %d: starting update", name);
        long long local_copy = value.Load();
        local_copy += 1;
        Sleep({sleep});
        value.Store(local_copy);
        Log("Thread %d: finishing update", name);
    }
};

int main() {
    FakeDatabase database;
    Log("Testing update. Starting value is %lld.", database.value.Load());
    {
        ThreadPoolExecutor executor(/*max_workers=*/ {workers});
        for (int index = 0; index < {updates}; ++index)
            executor.Submit([&database, index] { database.update(index); });
    }
    Log("Testing update. Ending value is %lld.", database.value.Load());
}
)source";
}  // namespace

// ---- Run ----------------------------------------------------------------------------------
// The database of this lesson and the next. Its value is a SharedValue so that the read and
// the write are two separate steps (each atomic): the update is lost for real, yet there is
// no C++ data race, so no undefined behaviour and no sanitizer report.
class FakeDatabase {
 public:
  explicit FakeDatabase(bool locked) {
    if (locked) lock.emplace("_lock");
  }

  SharedValue value{"value", 0};
  std::optional<Lock> lock;  // only the lock lesson's database has one

  void Update(int name, double sleep) {
    Log("Thread %d: starting update", name);
    long long local_copy = value.Load();
    local_copy += 1;
    Sleep(sleep);
    value.Store(local_copy);
    Log("Thread %d: finishing update", name);
  }

  void LockedUpdate(int name, double sleep) {
    Log("Thread %d: starting update", name);
    {
      LockGuard<Lock> with_lock(*lock);
      long long local_copy = value.Load();
      local_copy += 1;
      Sleep(sleep);
      value.Store(local_copy);
    }
    Log("Thread %d: finishing update", name);
  }
};

void RunDatabaseTest(const ParamValues& params, bool locked) {
  const double sleep = params.Number("sleep");
  const int updates = params.Integer("updates");
  FakeDatabase database(locked);
  Log("Testing update. Starting value is %lld.", database.value.Load());
  {
    ThreadPoolExecutor executor(params.Integer("workers"));
    for (int index = 0; index < updates; ++index)
      executor.Submit([&database, index, sleep, locked] {
        if (locked)
          database.LockedUpdate(index, sleep);
        else
          database.Update(index, sleep);
      });
  }
  const long long ending = database.value.Load();
  Log("Testing update. Ending value is %lld.", ending);
  const long long lost = updates - ending;
  if (lost == 0)
    SetOutcome("expected %d, got %lld: no update was lost", updates, ending);
  else if (lost == 1)
    SetOutcome("expected %d, got %lld: one update was lost", updates, ending);
  else
    SetOutcome("expected %d, got %lld: %lld updates were lost", updates, ending, lost);
}

namespace {
void Run(const ParamValues& params) { RunDatabaseTest(params, false); }
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kRaceCondition = {
    "race-condition",
    "Race Conditions",
    "Each update reads the shared value into a local copy, adds one, sleeps a little, and "
    "writes the copy back.\n\n"
    "With two workers, both read 0 before either writes: both write 1. Two updates ran, "
    "the value went up by one: an update was lost. The sleep only makes the window wide "
    "enough to hit every time; without it the same thing happens, rarely, which is worse.\n\n"
    "Try: one worker (no race), or five workers for five updates (four are lost).",
    {
        {"workers", ParamKind::integer, 2, 1, 32, "max_workers of the pool"},
        {"updates", ParamKind::integer, 2, 1, 200, "how many updates are submitted"},
        {"sleep", ParamKind::number, 0.1, 0, 10, "seconds between the read and the write"},
    },
    kSource,
    Run,
};

}  // namespace threadlab
