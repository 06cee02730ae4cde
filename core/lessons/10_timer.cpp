// ------------------------------------------------------------------------------------------
// Timer: a function runs after a delay on its own thread, unless cancelled before.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
void hello() {
    Log("Timer\t:\thello, the timer fired");
}

int main() {
    double delay = Value<double>("delay");
    Timer timer(delay, hello);
    Log("Main\t:\tstarting a timer of %g s", delay);
    timer.Start();
    if (Value<double>("cancel_after") >= 0) {
        Sleep(Value<double>("cancel_after"));
        Log("Main\t:\tcancelling the timer");
        timer.Cancel();   // does nothing once the timer has fired
    }
    Log("Main\t:\tall done");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: did hello() run, and when ---------------------------------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const double delay = params.Number("delay");
  const int fired_at = LogIndex(run, "Timer\t:\thello, the timer fired");
  const int cancelled_at = LogIndex(run, "Main\t:\tcancelling the timer");
  Outcome outcome;
  outcome.Flag("fired", fired_at >= 0).Flag("cancelled", cancelled_at >= 0);
  if (fired_at >= 0) outcome.Number("fired_at", run.log[fired_at].time, false);
  if (fired_at < 0 && cancelled_at >= 0)
    outcome.text = Printf("cancelled before its %g s delay was over: hello() never ran", delay);
  else if (fired_at < 0)
    outcome.text = "hello() never ran";
  else if (cancelled_at >= 0)
    outcome.text = Printf("fired after its %g s delay; the cancel came too late and did nothing",
                          delay);
  else
    outcome.text = Printf("fired after its %g s delay; the program waited for the timer's "
                          "thread at exit", delay);
  return outcome;
}

const char* const kPythonNote =
    "threading.Timer(delay, hello) becomes Timer(delay, hello); start() and cancel() become "
    "Start() and Cancel(). In both, the timer's thread is not a daemon.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kTimer = {
    .id = "timer",
    .title = "Timer",
    .text =
        "A Timer is a thread that waits for a delay ({delay} s here), then calls a function. Cancel() before the "
        "delay is over and the function never runs; cancelling after it has fired does "
        "nothing, and raises no error.\n\n"
        "The delay is a minimum, not a promise: the function runs some time after it, when its "
        "thread gets to run.\n\n"
        "The timer's thread is not a daemon: main says 'all done' at once, and the program "
        "still waits for the timer at exit.\n\n"
        "Try: cancel_after = 5 (cancelled in time), or larger than delay (too late).",
    .params = {
        {"delay", ParamKind::number, 30, 0, 120, "seconds before the timer fires"},
        {"cancel_after", ParamKind::number, -1, -1, 120,
         "seconds after which main cancels the timer; -1 never cancels"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 10,  // the 30 s delay takes 3 s to watch
    .levels = {{
        .id = "cancelled-too-late",
        .chapter = "signals",
        .title = "Cancelled too late",
        .brief =
            "Main starts a one-second timer and cancels it after one second. Both come due at "
            "the same moment, and then it is only a matter of who runs first. Make the timer "
            "fire although main was about to cancel it.",
        .values = {{"delay", 1}, {"cancel_after", 1}},
        .goal = Goal::Happens(EventKind::timer_fired, ObjectKind::timer, "Timer"),
        .fixed = {{"cancel_after", 0.5}},
    }},
};

}  // namespace threadlab
