// ------------------------------------------------------------------------------------------
// Barrier: threads that finish their set-up at different times all wait at the barrier,
// and all go on together once the last one arrives; too few threads wait forever.
// ------------------------------------------------------------------------------------------
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
void worker(Barrier& barrier, int name) {
    // Each thread takes its own time to set up: the last one takes max_init.
    double init_time = Value<double>("max_init") * (name + 1.0) / Value<int>("threads");
    Log("Thread %d: initialising for %.1f s", name, init_time);
    Sleep(init_time);
    Log("Thread %d: ready, waiting at the barrier", name);
    barrier.Wait();
    Log("Thread %d: passed the barrier", name);
}

int main() {
    Barrier barrier(Value<int>("parties"), "barrier");
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < Value<int>("threads"); ++index) {
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
            [&barrier, index] { worker(barrier, index); }));
        threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: did anyone pass before the last one arrived ---------------------------------
// (fewer threads than parties never finish: the run deadlocks, and the runtime says so)
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues&) {
  int last_ready = -1, first_passed = -1;
  for (size_t i = 0; i < run.log.size(); ++i) {
    if (run.log[i].message.find("waiting at the barrier") != std::string::npos)
      last_ready = static_cast<int>(i);
    if (run.log[i].message.find("passed the barrier") != std::string::npos && first_passed < 0)
      first_passed = static_cast<int>(i);
  }
  const int passed = CountLines(run, "passed the barrier");
  Outcome outcome;
  outcome.Integer("passed", passed).Flag("waited_for_the_last", first_passed > last_ready);
  if (first_passed > last_ready)
    outcome.text = Printf("all %d threads waited at the barrier for the last one, then all "
                          "went on", passed);
  else
    outcome.text = Count(passed, "thread", "threads") + " passed the barrier";
  return outcome;
}

const char* const kPythonNote =
    "threading.Barrier(parties) becomes Barrier(parties, name); wait() becomes Wait(), "
    "which returns each thread's place, 0 to parties-1, as in Python.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kBarrier = {
    .id = "barrier",
    .title = "Barrier",
    .text =
        "A Barrier makes a fixed number of threads (the parties, {parties} here) meet. Each "
        "thread that arrives waits; when the last one arrives, all of them are released at once.\n\n"
        "Here each thread first spends its own time setting up (the last one max_init, "
        "{max_init} s). The early ones wait at the barrier for the slowest: on the timeline their "
        "lanes turn to 'waiting at a barrier'. Released together, they still go on one at a "
        "time, as the scheduler runs them: the 'passed' lines come in any order.\n\n"
        "Try: fewer threads than parties. The barrier never fills, every thread waits forever, "
        "and ThreadLab reports the deadlock (Python would hang).",
    .params = {
        {"parties", ParamKind::integer, 3, 1, 32, "how many threads the barrier waits for"},
        {"threads", ParamKind::integer, 3, 1, 32, "how many threads wait at it"},
        {"max_init", ParamKind::number, 2, 0, 60, "longest set-up time, in seconds"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .levels = {{
        .id = "barrier-never-fills",
        .chapter = "deadlocks",
        .title = "A barrier that never fills",
        .brief =
            "A Barrier lets its threads through once all its parties have arrived. This one "
            "waits for two parties, and only one thread comes. Bring it to the barrier and see "
            "that no order of steps can ever let it pass.",
        .values = {{"parties", 2}, {"threads", 1}, {"max_init", 0}},
        .goal = Goal::Deadlock(),
        .fixed = {{"threads", 2}},
    }},
};

}  // namespace threadlab
