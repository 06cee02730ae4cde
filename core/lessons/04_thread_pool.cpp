// ------------------------------------------------------------------------------------------
// Multiple Threads - ThreadPoolExecutor: a pool of worker threads runs the tasks; leaving
// the `with` block waits for all of them.
// ------------------------------------------------------------------------------------------
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
    {   // with ThreadPoolExecutor(max_workers={max_workers}) as executor:
        ThreadPoolExecutor executor({max_workers});
        executor.Map(thread_function, {tasks});
    }   // leaving the block shuts the pool down and waits for every task
    Log("Main    : all tasks done");
}
)source";

// ---- Run ----------------------------------------------------------------------------------
void Run(const ParamValues& params) {
  const double sleep = params.Number("sleep");
  {
    ThreadPoolExecutor executor(params.Integer("max_workers"));
    executor.Map(
        [sleep](int name) {
          Log("Thread %d: starting", name);
          Sleep(sleep);
          Log("Thread %d: finishing", name);
        },
        params.Integer("tasks"));
  }
  Log("Main    : all tasks done");
}

std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  int workers = 0;
  for (const ThreadInfo& thread : run.threads) workers += thread.name != "Main";
  return std::to_string(params.Integer("tasks")) + " tasks ran on " + std::to_string(workers) +
         " worker threads (max_workers=" + std::to_string(params.Integer("max_workers")) + ")";
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kThreadPool = {
    "thread-pool",
    "Multiple Threads - ThreadPoolExecutor",
    "Starting and joining threads by hand gets tedious. A ThreadPoolExecutor keeps a few "
    "worker threads and hands them tasks from a queue.\n\n"
    "Never more than max_workers tasks run at once: with more tasks than workers, the rest "
    "wait in the queue until a worker is free (watch the worker lanes). Leaving the block "
    "(Python's `with`) shuts the pool down and waits for every task.",
    {
        {"max_workers", ParamKind::integer, 3, 1, 32, "most worker threads the pool starts"},
        {"tasks", ParamKind::integer, 3, 1, 100, "how many tasks are mapped onto the pool"},
        {"sleep", ParamKind::number, 4, 0, 60, "seconds each task sleeps"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
