// A Program is one run of a lesson: its own main thread, clock, log, trace and schedule.
//
// Every step of every thread of the run that another thread could observe passes through
// one gate, Program::Gate, *before* its effect: acquire and release, each shared read and
// write, queue put and get, event set, wait and is_set, barrier and semaphore, join, thread
// start and end, sleep, log lines. The gate
//   - records the step (the schedule: which thread took each step, in order),
//   - keeps the lesson's clock (runtime/lesson_clock.h: time moves only when every thread
//     waits),
//   - honours Stop and the daemon kill at exit (a blocked call unwinds with ThreadExit),
//   - sees every wait, so a deadlock is reported instead of a frozen program,
//   - and, in a controlled run, lets one thread move at a time, chosen by a policy
//     (runtime/scheduler.h): the learner (step mode), a recorded schedule (replay), a seed.
// In a free run the threads are free and the operating system picks who runs.
//
// Readers (CLI, UI, JS API) never touch the running threads: they copy what was recorded
// with Read()/TryRead(), which never waits on a lesson.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/call_site.h"
#include "runtime/lesson_clock.h"
#include "runtime/snapshot.h"
#include "runtime/threads.h"

namespace threadlab {

// The errors a lesson can raise, named after Python's so that the message reads the same
// ("RuntimeError: cannot release un-acquired lock").
class LessonError : public std::runtime_error {
 public:
  LessonError(const char* type, const std::string& message)
      : std::runtime_error(message), m_type(type) {}
  const char* type() const { return m_type; }

 private:
  const char* m_type;
};
struct RuntimeError : LessonError {
  explicit RuntimeError(const std::string& message) : LessonError("RuntimeError", message) {}
};
struct ValueError : LessonError {
  explicit ValueError(const std::string& message) : LessonError("ValueError", message) {}
};
struct IndexError : LessonError {
  explicit IndexError(const std::string& message) : LessonError("IndexError", message) {}
};

// Thrown inside a lesson thread by the gate when the thread must end now (Stop, or a daemon
// thread at exit). Not a std::exception, so lesson code cannot swallow it by accident.
struct ThreadExit {};

struct ThreadContext;

class Program : public std::enable_shared_from_this<Program> {
 public:
  using Guard = std::unique_lock<Mutex>;

  // Says what a finished run showed (its outcome), from what it recorded.
  using Epilogue = std::function<Outcome(const RunSnapshot&)>;

  // Starts main on its own thread and returns at once.
  // The run holds the program until it has ended; so may the caller.
  static std::shared_ptr<Program> Start(std::function<void()> main, RunOptions options = {},
                                        Epilogue epilogue = {});

  // Ends the run promptly: every blocked thread wakes up and unwinds.
  void Stop();
  // Same, but gives up (returns false) instead of waiting for the lock: the browser's main
  // thread calls it again next frame.
  bool TryStop();
  // Waits up to wall_seconds for the run to end; true when it has.
  bool WaitFor(double wall_seconds);
  void Wait();

  void Read(RunSnapshot& into);
  // Same, but gives up (returns false) instead of waiting for the lock: for the browser's
  // main thread, which must never wait.
  bool TryRead(RunSnapshot& into);

  // Step mode: lets `thread` take its next step. False when it cannot now (the run is not
  // waiting for the learner, the thread's step cannot go, or the lock is busy).
  bool TryStep(int thread);
  // Re-paces the lesson's clock; false when the lock is busy (try again next frame).
  bool TrySetSpeed(double speed);

  // ---- for the runtime's primitives (runtime/primitives.cpp) -------------------------
  // The program that the calling thread belongs to; throws std::logic_error outside a run.
  static Program& Current();
  static ThreadContext& CurrentThread();
  static int CurrentThreadIndex();

  Guard Lock() { return Guard(m_mutex); }

  // The gate, for a step that does not wait (a read, a write, a release, a log line): in a
  // controlled run it waits for its turn. A cancellation point, except for releases, which
  // run in destructors while unwinding.
  // `at` is where the lesson called the step (the line step mode marks).
  void Step(Guard& guard, CallSite at, EventKind kind, int object = kNoObject,
            long long value = 0);
  // The same, for a step that reads what other threads write between their steps (a pool's
  // idle workers): a free run takes it only when no thread runs between steps, as a
  // controlled run takes every step, so that its schedule replays what it read.
  void StepWhenStill(Guard& guard, CallSite at, EventKind kind, int object = kNoObject);
  // The gate, for a step that may have to wait until ready() holds: records `kind` if it
  // must wait (the timeline shows the wait), and returns once ready() holds and it is the
  // thread's turn. timeout is in lesson seconds (< 0: forever, and the wait counts for
  // deadlock detection). Returns false when the timeout came first.
  bool Block(Guard& guard, CallSite at, EventKind kind, int object,
             const std::function<bool()>& ready, double timeout = -1, long long value = 0);
  // Records what a step did, once its effect is done.
  void Record(Guard& guard, EventKind kind, int object = kNoObject, long long value = 0,
              std::string text = {});
  // Appends a log line (and its trace event), once the log step has passed the gate.
  void LogLine(Guard& guard, std::string message);
  // Tells the threads blocked on `object` that it changed (free runs: they look again).
  void Wake(int object);

  // Lesson seconds since the start, as the calling thread sees them: the time of its last
  // step (running takes no time; see the deadline in Program::Gate).
  double LessonSeconds(Guard&) const;

  int AddObject(Guard& guard, ObjectKind kind, std::string name, long long capacity = 0);
  ObjectInfo& Object(Guard& guard, int id);

  // Creates a lesson thread and starts it. Throws RuntimeError past the thread budget.
  int StartThread(CallSite at, std::string name, bool daemon, std::function<void()> target);
  // Blocks until the thread has ended, or the timeout (lesson seconds) has passed.
  void JoinThread(CallSite at, int thread, double timeout = -1);
  bool ThreadAlive(CallSite at, int thread);


 private:
  explicit Program(RunOptions options);
  void RunMain(const std::function<void()>& main, const Epilogue& epilogue);
  void RunThread(ThreadContext& context, const std::function<void()>& target);
  void Shutdown();
  ThreadContext& AddThread(Guard& guard, std::string name, bool daemon);
  void EndThread(Guard& guard, ThreadContext& context, EventKind how, std::string text);
  void RecordAs(Guard& guard, int thread, EventKind kind, int object, long long value,
                std::string text);
  // An exception that escaped a thread's function: its log line is a step like any other,
  // so that a replay puts it where the run had it. False when the run ended the thread at
  // that step instead (Stop, a daemon at exit). Taken after the catch block, never in it:
  // with fibers, a step may give way to another thread, and the exception being handled
  // belongs to the one thread that all fibers share.
  static std::string Escaped(const std::exception& error);
  void RunOutOfMemory(Guard& guard);
  bool RecordEscaped(Guard& guard, const std::string& what, const std::string& prefix);
  void CheckExit(Guard& guard, ThreadContext& context);
  bool Gate(Guard& guard, ThreadContext& self, CallSite at, EventKind kind, int object,
            const std::function<bool()>* ready, double timeout, long long value);
  bool Enabled(const ThreadContext& thread) const;
  void Decide(Guard& guard);
  void Grant(ThreadContext& thread);
  void ReportDeadlock(Guard& guard);
  void MeetGoal(Guard& guard, std::string sentence);
  void EndRun(Guard& guard, RunStatus status, Outcome outcome);
  void WakeAll();
  void RequestStop(Guard& guard);
  double Now() const;  // lesson seconds since the start; with the mutex held
  void Copy(RunSnapshot& into);

  mutable Mutex m_mutex;
  CondVar m_done_changed;
  std::vector<std::unique_ptr<ThreadContext>> m_threads;
  int m_running = 0;            // live threads between two steps (or being started)
  LessonClock m_clock;
  Scheduler m_scheduler;
  const SchedulePolicy m_policy;
  // One thread moves at a time, when the scheduler picks it: every run but a free one of OS
  // threads. A free run's time flows at the speed either way; a controlled one's jumps.
  const bool m_controlled;
  // A free run of fibers: the thread just started moves first until it waits or ends, as an
  // OS thread does while Start waits for it to settle (StartThread); then the thread that
  // started it, if it is new itself.
  std::vector<int> m_new_threads;
  std::vector<PendingStep> m_enabled;  // Decide's list, kept: an allocation a step costs
  const double m_step_pause;    // RunOptions::step_pause, for free runs
  bool m_grant_out = false;     // controlled: a granted thread has not left the gate yet
  bool m_awaiting_step = false; // step mode: the learner's turn
  Schedule m_schedule;          // which thread took each step
  Recorder m_recorder;
  double m_last_time = 0;       // stamps never go back
  RunStatus m_status = RunStatus::running;
  bool m_stop = false;
  bool m_done = false;
  Outcome m_outcome;
  std::string m_deadlock;
  std::vector<int> m_deadlock_cycle;
  double m_deadlock_time = 0;
  std::optional<GoalWatch> m_goal;  // RunOptions::goal
  GoalMet m_goal_met;
};

// ---- what lesson code calls ---------------------------------------------------------------

// Logs a line in the seed's format ("HH:MM:SS: message"), printf-style; the format is
// checked against the arguments at compile time.
void LogAt(CallSite at, const char* format, ...);
template <class... Args>
void Log(LogFormat<std::type_identity_t<Args>...> format, Args... args) {
  LogAt(format.at, format.text, args...);
}
// Sleeps for lesson seconds. A cancellation point.
void Sleep(double seconds, CallSite at = {});
// printf into a std::string.
std::string Printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace threadlab
