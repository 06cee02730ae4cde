// ------------------------------------------------------------------------------------------
// Multiple Threads - ThreadPoolExecutor: a pool of worker threads runs the tasks; leaving
// the `with` block waits for all of them.
// ------------------------------------------------------------------------------------------
#include <algorithm>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
void thread_function(int name) {
    Log("Thread %d: starting", name);
    Sleep(Value<double>("sleep"));
    Log("Thread %d: finishing", name);
}

int main() {
    Log("Before Thread pool");
    {   // with ThreadPoolExecutor(max_workers=...) as executor:
        ThreadPoolExecutor executor(Value<int>("max_workers"));
        executor.Map(thread_function, Value<int>("tasks"));
    }   // leaving the block shuts the pool down and waits for every task
    Log("After Thread pool");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: how many workers ran the tasks, and how many at once ------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  int workers = 0, running = 0, most = 0, tasks = 0;
  for (const ThreadInfo& thread : run.threads) workers += thread.name != "Main";
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::task_begin) most = std::max(most, ++running);
    if (event.kind == EventKind::task_end) --running, ++tasks;
  }
  Outcome outcome;
  outcome.Integer("tasks_finished", tasks).Integer("workers", workers).Integer("most_at_once", most);
  outcome.text = Count(tasks, "task", "tasks") + " ran on " +
                 Count(workers, "worker thread", "worker threads") + ", at most " +
                 std::to_string(most) + " at once (max_workers=" +
                 std::to_string(params.Integer("max_workers")) + ")";
  return outcome;
}

const char* const kPythonNote =
    "The `with` block becomes a C++ block: the executor's destructor does what leaving "
    "`with` does, shutdown(wait=True). executor.map(f, range(n)) becomes Map(f, n).";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kThreadPool = {
    .id = "thread-pool",
    .title = "Multiple Threads - ThreadPoolExecutor",
    .text =
        "Starting and joining threads by hand gets tedious. A ThreadPoolExecutor keeps a few "
        "worker threads and hands them tasks from a queue.\n\n"
        "Never more than max_workers ({max_workers} here) tasks run at once: with more tasks "
        "than workers, the rest wait in the queue until a worker is free (watch the worker "
        "lanes). Leaving the block (Python's `with`) shuts the pool down and waits for every "
        "task.\n\n"
        "map(f, items) calls f once per item; submit(f, args) hands over one call, with "
        "whatever arguments f takes (the next lesson uses it).",
    .params = {
        {"max_workers", ParamKind::integer, 3, 1, 32, "most worker threads the pool starts"},
        {"tasks", ParamKind::integer, 3, 1, 100, "how many tasks are mapped onto the pool"},
        {"sleep", ParamKind::number, 4, 0, 60, "seconds each task sleeps"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
};

}  // namespace threadlab
