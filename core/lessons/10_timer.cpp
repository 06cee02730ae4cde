// ------------------------------------------------------------------------------------------
// Timer: a function runs after a delay on its own thread, unless cancelled before.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(void hello() {
    Log("Timer   : hello, {delay} s later");
}

int main() {
    Timer timer({delay}, hello);
    Log("Main    : starting a timer of {delay} s");
    timer.Start();
    if ({cancel_after} >= 0) {
        Sleep({cancel_after});
        Log("Main    : cancelling the timer");
        timer.Cancel();   // harmless once the timer has fired
    }
    Log("Main    : all done");
}
)source";

// ---- Run ----------------------------------------------------------------------------------
void Run(const ParamValues& params) {
  const double delay = params.Number("delay");
  const double cancel_after = params.Number("cancel_after");
  Timer timer(delay, [delay] { Log("Timer   : hello, %g s later", delay); });
  Log("Main    : starting a timer of %g s", delay);
  timer.Start();
  if (cancel_after >= 0) {
    Sleep(cancel_after);
    Log("Main    : cancelling the timer");
    timer.Cancel();
  }
  Log("Main    : all done");
}

std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  const double delay = params.Number("delay");
  const double cancel_after = params.Number("cancel_after");
  bool fired = false;
  for (const TraceEvent& event : run.trace) fired |= event.kind == EventKind::timer_fired;
  if (!fired)
    return Printf("cancelled after %g s, before its %g s delay: hello() never ran", cancel_after,
                  delay);
  if (cancel_after >= 0)
    return Printf("fired after %g s; the cancel at %g s came too late and did nothing", delay,
                  cancel_after);
  return Printf("fired after %g s; the program waited for the timer's thread at exit", delay);
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kTimer = {
    "timer",
    "Timer",
    "A Timer is a thread that waits for a delay, then calls a function. Cancel() before the "
    "delay is over and the function never runs; cancelling after it has fired does "
    "nothing.\n\n"
    "The timer's thread is not a daemon: main says 'all done' at once, and the program "
    "still waits for the timer at exit.\n\n"
    "Try: cancel_after = 5 (cancelled in time), or larger than delay (too late).",
    {
        {"delay", ParamKind::number, 30, 0, 120, "seconds before the timer fires"},
        {"cancel_after", ParamKind::number, -1, -1, 120,
         "seconds after which main cancels the timer; -1 never cancels"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
