// ------------------------------------------------------------------------------------------
// Deadlock: a thread acquires a Lock it already holds and waits for itself forever; the
// runtime sees that nobody can ever release it and reports the deadlock.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(const char* ordinal(int count) {   // 1 to 5
    static const char* const names[] = {"first", "second", "third", "fourth", "fifth"};
    return names[count - 1];
}

std::string times(int count) {
    if (count == 1) return "once";
    if (count == 2) return "twice";
    return std::to_string(count) + " times";
}

int main() {
    Lock l{"l"};
    for (int count = 1; count <= {acquires}; ++count) {
        Log("before %s acquire", ordinal(count));
        l.Acquire();
    }
    Log("acquired lock %s", times({acquires}).c_str());
}
)source";

// ---- Run ----------------------------------------------------------------------------------
const char* Ordinal(int count) {  // the parameter's range is 1 to 5
  static const char* const kOrdinals[] = {"first", "second", "third", "fourth", "fifth"};
  return kOrdinals[count - 1];
}

std::string Times(int count) {
  if (count == 1) return "once";
  if (count == 2) return "twice";
  return std::to_string(count) + " times";
}

void Run(const ParamValues& params) {
  const int acquires = params.Integer("acquires");
  Lock l{"l"};
  for (int count = 1; count <= acquires; ++count) {
    Log("before %s acquire", Ordinal(count));
    l.Acquire();
  }
  Log("acquired lock %s", Times(acquires).c_str());
  SetOutcome("no deadlock: a Lock acquired once is simply held");
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kDeadlock = {
    "deadlock",
    "Deadlock",
    "A Lock does not know who holds it. Acquire it a second time from the same thread and "
    "that thread waits for the lock to be released, which only it could do: it waits "
    "forever. That is a deadlock.\n\n"
    "Python would hang here. ThreadLab watches every wait: when every thread waits and "
    "nothing can wake any of them, it reports who waits for what. The run stays frozen, "
    "as a real one would, until you press Stop.\n\n"
    "Try: acquires = 1 (no deadlock), then see the next lesson for RLock.",
    {
        {"acquires", ParamKind::integer, 2, 1, 5, "how many times main acquires the lock"},
    },
    kSource,
    Run,
};

}  // namespace threadlab
