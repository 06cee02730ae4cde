// ------------------------------------------------------------------------------------------
// Multiple Threads - Manual Handling: main starts several threads, keeps them in a list and
// joins them one by one; they finish in an order nobody chose.
// ------------------------------------------------------------------------------------------
#include <memory>
#include <vector>

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
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < Value<int>("threads"); ++index) {
        Log("Main\t:\tcreate and start thread %d.", index);
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
                                                   [index] { thread_function(index); }));
        threads.back()->Start();
    }
    for (size_t index = 0; index < threads.size(); ++index) {
        Log("Main\t:\tbefore joining thread %zu", index);
        threads[index]->Join();
        Log("Main\t:\tthread %zu done", index);
    }
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the order the threads finished in, and how long they took together ----------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int threads = params.Integer("threads");
  const double sleep = params.Number("sleep");
  std::string order;
  double first_start = -1, last_finish = 0;
  for (const LogLine& line : run.log) {
    int name = 0;
    char what[16] = "";
    if (std::sscanf(line.message.c_str(), "Thread %d: %15s", &name, what) != 2) continue;
    if (std::string(what) == "starting" && first_start < 0) first_start = line.time;
    if (std::string(what) == "finishing") {
      order += (order.empty() ? "" : ", ") + std::to_string(name);
      last_finish = line.time;
    }
  }
  const double took = first_start < 0 ? 0 : last_finish - first_start;
  Outcome outcome;
  outcome.Text("finish_order", order).Number("took", took, false);
  outcome.text = Count(threads, "thread", "threads") + " finished in the order " + order;
  if (threads > 1 && sleep > 0)
    outcome.text += Printf(": they slept side by side, %.1f s in all, not %g s one after another",
                           took, sleep * threads);
  return outcome;
}

const char* const kPythonNote =
    "The list of threading.Thread objects becomes a vector of Thread pointers (a Thread "
    "cannot be copied); enumerate(threads) becomes a loop over the indexes.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kMultipleThreads = {
    .id = "multiple-threads",
    .title = "Multiple Threads - Manual Handling",
    .text =
        "Main starts several threads in a loop and keeps them in a list, then joins each one.\n\n"
        "All of them start before any finishes: they sleep at the same time, so the whole run "
        "takes one sleep, not one per thread. Which thread wakes first is up to the operating "
        "system, so the 'finishing' lines may come in any order from run to run; the joins still "
        "go in list order.",
    .params = {
        {"threads", ParamKind::integer, 3, 1, 32, "how many threads main starts"},
        {"sleep", ParamKind::number, 4, 0, 60, "seconds each thread sleeps"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
};

}  // namespace threadlab
