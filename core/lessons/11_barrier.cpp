// ------------------------------------------------------------------------------------------
// Barrier: threads that finish their set-up at different times all wait at the barrier,
// and all go on together once the last one arrives.
// ------------------------------------------------------------------------------------------
#include <memory>
#include <random>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(void worker(Barrier& barrier, int name, double init_time) {
    Log("Thread %d: initialising for %.1f s", name, init_time);
    Sleep(init_time);
    Log("Thread %d: ready, waiting at the barrier", name);
    barrier.Wait();
    Log("Thread %d: passed the barrier", name);
}

int main() {
    Barrier barrier{{parties}, "barrier"};
    std::mt19937 random({seed});
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < {parties}; ++index) {
        // a set-up time from 0 to {max_init} s, in tenths
        double init_time = random() % int({max_init} * 10 + 1) / 10.0;
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
            [&barrier, index, init_time] { worker(barrier, index, init_time); }));
        threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
}
)source";

// ---- Run ----------------------------------------------------------------------------------
void Worker(Barrier& barrier, int name, double init_time) {
  Log("Thread %d: initialising for %.1f s", name, init_time);
  Sleep(init_time);
  Log("Thread %d: ready, waiting at the barrier", name);
  barrier.Wait();
  Log("Thread %d: passed the barrier", name);
}

void Run(const ParamValues& params) {
  const int parties = params.Integer("parties");
  const double max_init = params.Number("max_init");
  Barrier barrier{parties, "barrier"};
  // mt19937's output is the same everywhere (unlike the standard distributions), so the
  // native and the web runs draw the same set-up times.
  std::mt19937 random(params.Integer("seed"));
  std::vector<std::unique_ptr<Thread>> threads;
  for (int index = 0; index < parties; ++index) {
    const double init_time = random() % static_cast<int>(max_init * 10 + 1) / 10.0;
    threads.push_back(std::make_unique<Thread>(
        "Thread " + std::to_string(index),
        [&barrier, index, init_time] { Worker(barrier, index, init_time); }));
    threads.back()->Start();
  }
  for (auto& thread : threads) thread->Join();
}

std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  double last_arrival = 0, first_pass = -1;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::barrier_wait) last_arrival = std::max(last_arrival, event.time);
    if (event.kind == EventKind::barrier_passed && first_pass < 0) first_pass = event.time;
  }
  return Printf("all %d threads waited for the last one: nobody passed before %.1f s",
                params.Integer("parties"), std::max(last_arrival, first_pass));
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kBarrier = {
    "barrier",
    "Barrier",
    "A Barrier makes a fixed number of threads (the parties) meet. Each thread that "
    "arrives waits; when the last one arrives, all of them go on at once.\n\n"
    "Here each thread first spends a random time setting up (up to max_init seconds). "
    "The early ones wait at the barrier for the slowest: on the timeline their lanes turn "
    "to 'waiting at a barrier' and all end together.",
    {
        {"parties", ParamKind::integer, 3, 1, 32, "how many threads meet at the barrier"},
        {"max_init", ParamKind::number, 2, 0, 60, "longest set-up time, in seconds"},
        {"seed", ParamKind::integer, 1, 0, 1000000, "seed of the random set-up times"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
