// A Program is one run of a lesson: its own main thread, clock, log and trace.
//
// Every instrumented step of every thread of the run passes through one function,
// Program::Pass (and Program::Block for the steps that wait). Today the gate records the
// trace, keeps the live state, and honours Stop and the daemon kill at exit. It is also
// the single place where a scheduler will sit (step mode, replay, exploring interleavings):
// keep every step going through it.
//
// Readers (CLI, UI, JS API) never touch the running threads: they copy what was recorded
// with Read()/TryRead(), which never blocks for long and never waits on a lesson.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/state_tracker.h"
#include "runtime/trace.h"

namespace threadlab {

enum class RunStatus {
  running,
  deadlocked,  // every live thread waits forever; it stays so until Stop
  finished,    // main returned and every thread ended
  raised,      // finished, but an exception escaped a thread (the rlock lesson's RuntimeError)
  stopped,     // Stop was called before it finished
};
const char* RunStatusName(RunStatus status);

// Most threads one run may start, Main included: a budget that the web worker pool and the
// lessons' parameter ranges are sized for.
constexpr int kMaxThreadsPerRun = 64;

struct RunOptions {
  double speed = 1.0;  // lesson seconds per wall second: 20 runs a 2 s sleep in 0.1 s
  bool record = true;  // false keeps no log and no trace: to measure what recording costs
};

// Everything a reader sees of a run. Read() appends to log and trace what is new since
// the last call, and replaces the rest.
struct RunSnapshot {
  RunStatus status = RunStatus::running;
  bool done = false;         // every thread of the run has ended
  double now = 0;            // lesson seconds since the start
  std::vector<ThreadInfo> threads;
  std::vector<ObjectInfo> objects;
  std::vector<LogLine> log;
  std::vector<TraceEvent> trace;
  std::string outcome;       // "expected 2, got 1: one update was lost"
  std::string deadlock;      // who waits for what, when status is deadlocked
};

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

// Thrown inside a lesson thread by a blocking call when the thread must end now (Stop, or a
// daemon thread at exit). Not a std::exception, so lesson code cannot swallow it by accident.
struct ThreadExit {};

struct ThreadContext;

class Program : public std::enable_shared_from_this<Program> {
 public:
  using Guard = std::unique_lock<std::mutex>;

  // Says what a finished run showed (its outcome), from what it recorded.
  using Epilogue = std::function<std::string(const RunSnapshot&)>;

  // Starts main on its own thread and returns at once.
  // The run holds the program until it has ended; so may the caller.
  static std::shared_ptr<Program> Start(std::function<void()> main, RunOptions options = {},
                                        Epilogue epilogue = {});

  // Ends the run promptly: every blocking call wakes up and its thread unwinds.
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

  double speed() const { return m_options.speed; }

  // ---- for the runtime's primitives (runtime/primitives.cpp) -------------------------
  // The program that the calling thread belongs to; throws std::logic_error outside a run.
  static Program& Current();
  static ThreadContext& CurrentThread();
  static int CurrentThreadIndex();

  Guard Lock() { return Guard(m_mutex); }

  // The gate, for a step that does not wait. A cancellation point unless the step is a
  // release (which runs in destructors, while unwinding).
  void Pass(Guard& guard, EventKind kind, int object = kNoObject, long long value = 0,
            std::string text = {});
  // The gate, for a step that waits: records `kind`, then blocks until ready() holds.
  // timeout < 0 waits forever (and counts for deadlock detection). Returns false on timeout.
  // Throws ThreadExit when the thread must end.
  bool Block(Guard& guard, EventKind kind, int object, const std::function<bool()>& ready,
             double timeout = -1, long long value = 0);
  // Wakes the threads blocked on `object` so that they test their condition again.
  void Wake(int object);

  int AddObject(Guard& guard, ObjectKind kind, std::string name, long long capacity = 0);
  ObjectInfo& Object(Guard& guard, int id);

  // Creates a lesson thread and starts it. Throws RuntimeError past the thread budget.
  int StartThread(std::string name, bool daemon, std::function<void()> target);
  // Blocks until the thread has ended. A cancellation point.
  void JoinThread(int thread, double timeout = -1);
  bool ThreadAlive(int thread);

  void SetOutcome(std::string outcome);
  std::string ClockText(double lesson_time) const;  // "HH:MM:SS"

 private:
  explicit Program(RunOptions options);
  void RunMain(const std::function<void()>& main, const Epilogue& epilogue);
  void RunThread(ThreadContext& context, const std::function<void()>& target);
  void Shutdown();
  ThreadContext& AddThread(Guard& guard, std::string name, bool daemon);
  void Record(Guard& guard, int thread, EventKind kind, int object, long long value,
              std::string text);
  void AppendLog(Guard& guard, int thread, const std::string& message);
  void RecordError(Guard& guard, ThreadContext& context, const std::exception& error,
                   const std::string& prefix);
  void CheckExit(Guard& guard, ThreadContext& context);
  void DetectDeadlock(Guard& guard);
  std::string Describe(const ThreadContext& waiter) const;
  void WakeAll();
  void RequestStop(Guard& guard);
  double Now() const;  // lesson seconds since the start; with the mutex held
  void PauseClock(Guard& guard);
  void ResumeClock(Guard& guard);
  void Copy(RunSnapshot& into);

  const RunOptions m_options;
  // The lesson's clock: wall time since the start, less the time it was paused, times speed.
  const double m_start;  // WallSeconds()
  double m_paused_total = 0;
  double m_paused_at = 0;
  int m_pauses = 0;
  const long long m_start_of_day_seconds;  // local time of day at the start

  mutable std::mutex m_mutex;
  std::condition_variable m_done_changed;
  std::vector<std::unique_ptr<ThreadContext>> m_threads;
  std::vector<ThreadInfo> m_thread_info;
  std::vector<ObjectInfo> m_objects;
  std::vector<LogLine> m_log;
  std::vector<TraceEvent> m_trace;
  StateTracker m_states;
  double m_last_time = 0;  // stamps never go back, whichever core's clock stamps them
  RunStatus m_status = RunStatus::running;
  bool m_stop = false;
  bool m_done = false;
  std::string m_outcome;
  std::string m_deadlock;
};

// ---- what lesson code calls ---------------------------------------------------------------

// Logs a line in the seed's format ("HH:MM:SS: message"), printf-style.
void Log(const char* format, ...) __attribute__((format(printf, 1, 2)));
// Sleeps for lesson seconds. A cancellation point.
void Sleep(double seconds);
// What the run showed, in words, for the state panel and the CLI.
void SetOutcome(const char* format, ...) __attribute__((format(printf, 1, 2)));
// printf into a std::string.
std::string Printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace threadlab
