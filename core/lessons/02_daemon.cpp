// ------------------------------------------------------------------------------------------
// Threading - with daemon: the same program with a daemon thread, which the program does
// not wait for: it is killed at exit and its last line never comes.
// ------------------------------------------------------------------------------------------
#include "lessons/lessons.h"

namespace threadlab {

// ---- Lesson (the code is the first lesson's: only the daemon flag's default changes) -----
const Lesson kDaemon = {
    "daemon",
    "Threading - with daemon",
    "A daemon thread is a background thread: the program does not wait for it. When main "
    "returns, the threads that are not daemons are joined, and every daemon thread is "
    "killed wherever it is.\n\n"
    "Here Thread 1 is a daemon: it starts, sleeps, and is killed at exit before it can log "
    "'finishing'. The timeline marks its lane as killed.\n\n"
    "C++ has no daemon threads: ThreadLab ends them cooperatively, at their next blocking "
    "call. Try: set join to true, and main waits for it, so 'finishing' comes back.",
    {
        {"sleep", ParamKind::number, 2, 0, 60, "seconds the thread sleeps"},
        {"join", ParamKind::boolean, 0, 0, 1, "main waits for the thread with Join()"},
        {"daemon", ParamKind::boolean, 1, 0, 1, "a daemon thread is killed when the program exits"},
    },
    kThreadCode.source,
    kThreadCode.python,
    one_thread::kPythonNote,
    kThreadCode.source_map,
    one_thread::main,
    one_thread::WhatItShowed,
};

}  // namespace threadlab
