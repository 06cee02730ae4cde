// ------------------------------------------------------------------------------------------
// Threading - without daemon: a thread runs beside main, and the program waits for it to
// finish before it exits, even when main never joins it.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
const char* const kOneThreadSource = R"source(void thread_function(int name) {
    Log("Thread %d: starting", name);
    Sleep({sleep});
    Log("Thread %d: finishing", name);
}

int main() {
    Log("Main    : before creating thread");
    Thread x("Thread 1", [] { thread_function(1); }, /*daemon=*/ {daemon});
    Log("Main    : before running thread");
    x.Start();
    Log("Main    : wait for the thread to finish");
    if ({join}) x.Join();
    Log("Main    : all done");
}
)source";

// ---- Run ----------------------------------------------------------------------------------
namespace {
void ThreadFunction(int name, double sleep) {
  Log("Thread %d: starting", name);
  Sleep(sleep);
  Log("Thread %d: finishing", name);
}
}  // namespace

void RunOneThread(const ParamValues& params) {
  const double sleep = params.Number("sleep");
  Log("Main    : before creating thread");
  Thread x("Thread 1", [sleep] { ThreadFunction(1, sleep); }, params.Flag("daemon"));
  Log("Main    : before running thread");
  x.Start();
  Log("Main    : wait for the thread to finish");
  if (params.Flag("join")) x.Join();
  Log("Main    : all done");
}

std::string OneThreadOutcome(const RunSnapshot& run, const ParamValues& params) {
  const bool finished = LogHas(run, "Thread 1: finishing");
  if (params.Flag("join")) return "main joined Thread 1, so 'finishing' came before 'all done'";
  if (!finished) return "Thread 1 was a daemon: it was killed at exit and never said 'finishing'";
  return "main never joined Thread 1, yet the program waited for it: 'finishing' came after "
         "'all done'";
}

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kThread = {
    "thread",
    "Threading - without daemon",
    "A thread runs a function beside the main thread. Main starts it and goes on at once: "
    "'all done' is logged while Thread 1 still sleeps.\n\n"
    "The program does not end when main does. Like Python, it waits for every non-daemon "
    "thread at exit, so Thread 1 still gets to say 'finishing' after 'all done'.\n\n"
    "Try: set join to true, and main waits for the thread before 'all done'.",
    {
        {"sleep", ParamKind::number, 2, 0, 60, "seconds the thread sleeps"},
        {"join", ParamKind::boolean, 0, 0, 1, "main waits for the thread with Join()"},
        {"daemon", ParamKind::boolean, 0, 0, 1, "a daemon thread is killed when the program exits"},
    },
    kOneThreadSource,
    RunOneThread,
    OneThreadOutcome,
};

}  // namespace threadlab
