// ------------------------------------------------------------------------------------------
// Semaphore: a counter of permits; at most `permits` threads are inside at once, the others
// wait at Acquire until one gives its permit back.
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(Semaphore semaphore{{permits}, "semaphore"};

void visitor(int name) {
    Log("Thread %d: waiting for a permit", name);
    semaphore.Acquire();
    Log("Thread %d: got a permit, %d left", name, semaphore.Value());
    Sleep({hold});
    Log("Thread %d: giving the permit back", name);
    semaphore.Release();
}

int main() {
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < {threads}; ++index) {
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
                                                   [index] { visitor(index); }));
        threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
    Log("Main    : all %d threads got through", {threads});
}
)source";

// ---- Run ----------------------------------------------------------------------------------
void Visitor(Semaphore& semaphore, int name, double hold) {
  Log("Thread %d: waiting for a permit", name);
  semaphore.Acquire();
  Log("Thread %d: got a permit, %d left", name, semaphore.Value());
  Sleep(hold);
  Log("Thread %d: giving the permit back", name);
  semaphore.Release();
}

void Run(const ParamValues& params) {
  const int count = params.Integer("threads");
  const double hold = params.Number("hold");
  Semaphore semaphore{params.Integer("permits"), "semaphore"};
  std::vector<std::unique_ptr<Thread>> threads;
  for (int index = 0; index < count; ++index) {
    threads.push_back(std::make_unique<Thread>(
        "Thread " + std::to_string(index),
        [&semaphore, index, hold] { Visitor(semaphore, index, hold); }));
    threads.back()->Start();
  }
  for (auto& thread : threads) thread->Join();
  Log("Main    : all %d threads got through", count);
}

// Counts from the trace how many threads held a permit at once.
std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  const long long permits = params.Integer("permits");
  long long most_inside = 0;
  for (const TraceEvent& event : run.trace)
    if (event.kind == EventKind::semaphore_acquired)
      most_inside = std::max(most_inside, permits - event.value);
  return "at most " + std::to_string(most_inside) + " of " +
         std::to_string(params.Integer("threads")) + " threads held a permit at once (permits=" +
         std::to_string(permits) + ")";
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kSemaphore = {
    "semaphore",
    "Semaphore",
    "A Semaphore holds a number of permits. Acquire takes one, or waits while none is left; "
    "Release gives one back and wakes a waiting thread.\n\n"
    "Use it to bound how many threads do something at once: a pool of connections, a "
    "limit on downloads. Here six threads share three permits: three go in, three wait, and "
    "each time one leaves, one enters. The state panel shows the permits left.",
    {
        {"permits", ParamKind::integer, 3, 1, 32, "the semaphore's initial value"},
        {"threads", ParamKind::integer, 6, 1, 48, "how many threads want a permit"},
        {"hold", ParamKind::number, 1, 0, 60, "seconds each thread keeps its permit"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
