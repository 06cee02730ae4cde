// ------------------------------------------------------------------------------------------
// Multiple Threads - Manual Handling: main starts several threads, keeps them in a list and
// joins them one by one; they finish in an order nobody chose.
// ------------------------------------------------------------------------------------------
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(void thread_function(int name) {
    Log("Thread %d: starting", name);
    Sleep({sleep});
    Log("Thread %d: finishing", name);
}

int main() {
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < {threads}; ++index) {
        Log("Main    : create and start thread %d.", index);
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
                                                   [index] { thread_function(index); }));
        threads.back()->Start();
    }
    for (int index = 0; index < {threads}; ++index) {
        Log("Main    : before joining thread %d.", index);
        threads[index]->Join();
        Log("Main    : thread %d done", index);
    }
}
)source";

// ---- Run ----------------------------------------------------------------------------------
void ThreadFunction(int name, double sleep) {
  Log("Thread %d: starting", name);
  Sleep(sleep);
  Log("Thread %d: finishing", name);
}

void Run(const ParamValues& params) {
  const int count = params.Integer("threads");
  const double sleep = params.Number("sleep");
  std::vector<std::unique_ptr<Thread>> threads;
  for (int index = 0; index < count; ++index) {
    Log("Main    : create and start thread %d.", index);
    threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
                                               [index, sleep] { ThreadFunction(index, sleep); }));
    threads.back()->Start();
  }
  for (int index = 0; index < count; ++index) {
    Log("Main    : before joining thread %d.", index);
    threads[index]->Join();
    Log("Main    : thread %d done", index);
  }
  SetOutcome("%d threads slept side by side: the run took about %g s, not %g s", count, sleep,
             sleep * count);
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kMultipleThreads = {
    "multiple-threads",
    "Multiple Threads - Manual Handling",
    "Main starts several threads in a loop and keeps them in a list, then joins each one.\n\n"
    "All of them start before any finishes: they sleep at the same time, so the whole run "
    "takes one sleep, not one per thread. Which thread wakes first is up to the operating "
    "system, so the 'finishing' lines may come in any order from run to run; the joins still "
    "go in list order.",
    {
        {"threads", ParamKind::integer, 3, 1, 32, "how many threads main starts"},
        {"sleep", ParamKind::number, 4, 0, 60, "seconds each thread sleeps"},
    },
    kSource,
    Run,
};

}  // namespace threadlab
