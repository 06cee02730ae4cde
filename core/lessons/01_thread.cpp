// ------------------------------------------------------------------------------------------
// Threading - without daemon: a thread runs beside main, and the program waits for it to
// finish before it exits, even when main never joins it.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab::one_thread {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
void thread_function(int name) {
    Log("Thread %d\t:\tstarting", name);
    Sleep(Value<double>("sleep"));
    Log("Thread %d\t:\tfinishing", name);
}

int main() {
    Log("Main\t\t:\tBefore creating thread");
    Thread x("Thread 1", [] { thread_function(1); }, /*daemon=*/ Value<bool>("daemon"));
    Log("Main\t\t:\tBefore running thread");
    x.Start();
    Log("Main\t\t:\twait for the thread to finish");
    if (Value<bool>("join")) x.Join();
    Log("Main\t\t:\tall done");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the order of 'all done' and 'finishing' in the log --------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int finishing = LogIndex(run, "Thread 1\t:\tfinishing");
  const int all_done = LogIndex(run, "Main\t\t:\tall done");
  const bool daemon = params.Flag("daemon");
  Outcome outcome;
  outcome.Flag("finished", finishing >= 0)
      .Flag("finished_after_all_done", finishing > all_done)
      .Flag("daemon", daemon)
      .Flag("joined", params.Flag("join"));
  if (finishing < 0)
    outcome.text = daemon ? "Thread 1 was a daemon: it was killed at exit and never said 'finishing'"
                          : "Thread 1 never said 'finishing'";
  else if (finishing < all_done)
    outcome.text = params.Flag("join")
                       ? "main joined Thread 1, so 'finishing' came before 'all done'"
                       : "Thread 1 said 'finishing' before main said 'all done': its sleep was "
                         "over first";
  else if (daemon)
    outcome.text = "'finishing' came after 'all done', just before the program exited: a "
                   "daemon thread is killed only if it is still running then";
  else
    outcome.text = "main never joined Thread 1, yet the program waited for it: 'finishing' "
                   "came after 'all done'";
  return outcome;
}

const char* const kPythonNote =
    "threading.Thread(target=..., args=(1,), daemon=...) becomes a Thread with a name, a "
    "lambda that calls the function, and the daemon flag; start() and join() become Start() "
    "and Join(). logging.info becomes Log, with printf's %d where Python has %s.";

Lesson Make(const char* id, const char* title, const char* text, bool daemon) {
  return Lesson{
      .id = id,
      .title = title,
      .text = text,
      .params = {
          {"sleep", ParamKind::number, 2, 0, 60, "seconds the thread sleeps"},
          {"join", ParamKind::boolean, 0, 0, 1, "main waits for the thread with Join()"},
          {"daemon", ParamKind::boolean, daemon ? 1.0 : 0.0, 0, 1,
           "a daemon thread is killed when the program exits"},
      },
      .code = ShownCode(__FILE__),
      .python_note = kPythonNote,
      .run = main,
      .outcome = WhatItShowed,
  };
}

}  // namespace threadlab::one_thread

namespace threadlab {

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kThread = one_thread::Make(
    "thread",
    "Threading - without daemon",
    "A thread runs a function beside the main thread. Main starts it and goes on at once: "
    "'all done' is logged while Thread 1 still sleeps its {sleep} s.\n\n"
    "The program does not end when main does. Like Python's threading._shutdown(), it "
    "joins every thread that is not a daemon at exit, so Thread 1 still gets to say "
    "'finishing' after 'all done'.\n\n"
    "Try: set join to true, and main waits for the thread before 'all done'; set sleep to 0, "
    "and which line comes first is up to the scheduler.",
    /*daemon=*/false);

}  // namespace threadlab
