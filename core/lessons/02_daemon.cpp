// ------------------------------------------------------------------------------------------
// Threading - with daemon: the same program with a daemon thread, which the program does
// not wait for: it is killed at exit and its last line never comes.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"

namespace threadlab {

// ---- Lesson (the code is the first lesson's: only the daemon flag's default changes) -----
const Lesson kDaemon = one_thread::Make(
    "daemon",
    "Threading - with daemon",
    "A daemon thread is a background thread: the program does not wait for it. When main "
    "returns, the threads that are not daemons are joined, and every daemon thread is "
    "killed wherever it is.\n\n"
    "Here Thread 1 is a daemon: it starts, sleeps, and is killed at exit before it can log "
    "'finishing'. The timeline marks its lane as killed.\n\n"
    "C++ has no daemon threads: ThreadLab ends them cooperatively, at their next blocking "
    "call. Try: set join to true, and main waits for it, so 'finishing' comes back.",
    /*daemon=*/true);

}  // namespace threadlab
