// [SECTION] Thread contexts
// [SECTION] Start, stop, wait, read, step
// [SECTION] Main, threads, and the shutdown at exit
// [SECTION] The gate
// [SECTION] Scheduling: who moves next, when time moves, deadlock
// [SECTION] Objects, recording, clock
// [SECTION] What lesson code calls
#include "runtime/program.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <system_error>

#include "runtime/clock.h"
#include "runtime/deadlock.h"
#include "runtime/events.h"
#include "runtime/thread_pool.h"

namespace threadlab {

// ---------------------------------------------------------------------------------------
// [SECTION] Thread contexts
// ---------------------------------------------------------------------------------------

namespace {
constexpr double kNoDeadline = 1e18;
// A wait on the wall clock is cut into pieces no longer than this, so that no speed or
// deadline can make a duration overflow.
constexpr double kLongestWallWait = 0.25;
// Lesson time a step takes. Tiny, so that the seconds a lesson shows are its sleeps; but not
// none, so that threads that only work and never sleep (producers and consumers with zero
// work times) still move the clock, and a sleep beside them ends, as it does in Python.
constexpr double kStepSeconds = 1e-5;
}  // namespace

// One lesson thread, as the runtime sees it. Every field is guarded by the program's mutex.
struct ThreadContext {
  Program* program = nullptr;
  int index = 0;
  bool daemon = false;
  bool ended = false;      // its function returned or unwound
  bool settled = false;    // it has waited once, or ended: a free Start may return
  bool exiting = false;    // must end at its next cancellation point (daemon at exit)
  // Where it stands at the gate, while at_gate.
  bool at_gate = false;
  EventKind step = EventKind::log;
  int object = kNoObject;
  long long value = 0;
  CallSite at = CallSite::None();
  const std::function<bool()>* ready = nullptr;  // null: the step can always go
  double deadline = kNoDeadline;                  // lesson time it may go anyway
  bool granted = false;    // controlled: chosen to go
  bool when_still = false; // free: its step waits until no thread runs between steps
  int joining = kNoThread;
  std::condition_variable wake;
};

namespace {
thread_local ThreadContext* t_current = nullptr;

std::string FormatV(const char* format, va_list args) {
  va_list copy;
  va_copy(copy, args);
  const int size = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::string text(size > 0 ? size : 0, '\0');
  std::vsnprintf(text.data(), text.size() + 1, format, args);
  return text;
}

// Releases run in destructors (LockGuard), which must not throw: they are no cancellation
// point, and while a thread unwinds they pass without waiting for a turn.
bool IsRelease(EventKind kind) {
  return kind == EventKind::lock_released || kind == EventKind::semaphore_released;
}

long long SecondsOfDayNow() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_hour * 3600LL + local.tm_min * 60LL + local.tm_sec;
}
}  // namespace

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::running: return "running";
    case RunStatus::deadlocked: return "deadlocked";
    case RunStatus::finished: return "finished";
    case RunStatus::raised: return "raised";
    case RunStatus::stopped: return "stopped";
    case RunStatus::full: return "full";
    case RunStatus::diverged: return "diverged";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------
// [SECTION] Start, stop, wait, read, step
// ---------------------------------------------------------------------------------------

Program::Program(RunOptions options)
    : m_clock(options.speed),
      m_scheduler(options.schedule),
      m_policy(options.schedule.policy),
      m_step_pause(options.step_pause),
      m_recorder(SecondsOfDayNow(), options.record) {
  if (!(options.speed >= kMinSpeed && options.speed <= kMaxSpeed))
    throw std::invalid_argument("speed out of range");
  if (!(options.step_pause >= 0 && options.step_pause <= 1))
    throw std::invalid_argument("step pause out of range");
}

std::shared_ptr<Program> Program::Start(std::function<void()> main, RunOptions options,
                                        Epilogue epilogue) {
  std::shared_ptr<Program> program(new Program(options));
  {
    Guard guard(program->m_mutex);
    program->AddThread(guard, "Main", false);
  }
  // The pooled thread holds the program: nobody ever joins it, so that no reader (the
  // browser's main thread among them) waits on a thread; Wait() waits for `done` instead.
  RunOnPooledThread([program, main = std::move(main), epilogue = std::move(epilogue)] {
    program->RunMain(main, epilogue);
  });
  return program;
}

void Program::Stop() {
  Guard guard(m_mutex);
  RequestStop(guard);
}

bool Program::TryStop() {
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock()) return false;
  RequestStop(guard);
  return true;
}

void Program::RequestStop(Guard&) {
  if (m_done || m_stop) return;
  m_stop = true;
  WakeAll();
}

bool Program::WaitFor(double wall_seconds) {
  Guard guard(m_mutex);
  return m_done_changed.wait_for(guard, std::chrono::duration<double>(wall_seconds),
                                 [this] { return m_done; });
}

void Program::Wait() {
  Guard guard(m_mutex);
  m_done_changed.wait(guard, [this] { return m_done; });
}

void Program::Read(RunSnapshot& into) {
  Guard guard(m_mutex);
  Copy(into);
}

bool Program::TryRead(RunSnapshot& into) {
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock()) return false;
  Copy(into);
  return true;
}

bool Program::TryStep(int thread) {
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock() || !m_awaiting_step || m_stop) return false;
  if (thread < 0 || thread >= static_cast<int>(m_threads.size())) return false;
  ThreadContext& chosen = *m_threads[thread];
  if (chosen.ended || !chosen.at_gate || !Enabled(chosen)) return false;
  m_awaiting_step = false;
  Grant(chosen);
  return true;
}

bool Program::TrySetSpeed(double speed) {
  if (!(speed >= kMinSpeed && speed <= kMaxSpeed)) return false;
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock()) return false;
  m_clock.SetSpeed(speed, WallSeconds());
  WakeAll();  // the threads waiting for a deadline work out their wall time again
  return true;
}

// Appends only what is new: a frame copies a few lines, not the whole run.
template <class T>
static void AppendNew(std::vector<T>& into, const std::vector<T>& from) {
  if (into.size() > from.size()) into.clear();  // a snapshot of another run
  into.insert(into.end(), from.begin() + into.size(), from.end());
}

void Program::Copy(RunSnapshot& into) {
  into.status = m_status;
  into.done = m_done;
  into.now = m_done ? m_last_time : std::max(Now(), m_last_time);
  into.speed = m_clock.speed();
  into.threads = m_recorder.threads;
  into.objects = m_recorder.objects;
  AppendNew(into.log, m_recorder.log);
  AppendNew(into.trace, m_recorder.trace);
  AppendNew(into.schedule, m_schedule);
  into.policy = m_policy;
  std::vector<std::string> names;
  for (const ThreadInfo& thread : m_recorder.threads) names.push_back(thread.name);
  into.next.resize(m_threads.size());
  for (size_t i = 0; i < m_threads.size(); ++i) {
    const ThreadContext& thread = *m_threads[i];
    NextStep& next = into.next[i];
    next.at_gate = thread.at_gate && !thread.ended;
    next.enabled = next.at_gate && Enabled(thread);
    next.at = next.at_gate ? thread.at : CallSite::None();
    next.step = thread.step;
    next.object = thread.object;
    next.value = thread.value;
    next.joining = thread.joining;
    next.seconds_left = thread.deadline < kNoDeadline ? std::max(0.0, thread.deadline - Now()) : 0;
    next.text = next.at_gate ? NextStepText(next, m_recorder.objects, names) : "";
  }
  into.awaiting_step = m_awaiting_step;
  if (m_policy == SchedulePolicy::explore) into.choices = m_scheduler.nodes();
  into.pruned = m_scheduler.pruned();
  into.outcome = m_outcome.text;
  into.outcome_fields = m_outcome.fields;
  into.deadlock = m_deadlock;
  into.deadlock_cycle = m_deadlock_cycle;
  into.deadlock_time = m_deadlock_time;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Main, threads, and the shutdown at exit
// ---------------------------------------------------------------------------------------

void Program::RunMain(const std::function<void()>& main, const Epilogue& epilogue) {
  ThreadContext& context = *m_threads.front();
  t_current = &context;
  {
    Guard guard(m_mutex);
    Record(guard, EventKind::thread_started);
  }
  bool main_exited = false;
  try {
    main();
  } catch (const ThreadExit&) {
    main_exited = true;
  } catch (const std::exception& error) {
    Guard guard(m_mutex);
    RecordError(guard, error, "Traceback: ");
  }
  Shutdown();
  Guard guard(m_mutex);
  Record(guard, main_exited ? EventKind::thread_killed : EventKind::thread_finished);
  context.ended = true;
  --m_running;
  if (m_status == RunStatus::running) m_status = m_stop ? RunStatus::stopped : RunStatus::finished;
  if (epilogue && (m_status == RunStatus::finished || m_status == RunStatus::raised)) {
    RunSnapshot run;
    Copy(run);
    guard.unlock();  // the epilogue only reads its copy
    Outcome outcome = epilogue(run);
    guard.lock();
    if (!outcome.text.empty()) m_outcome = std::move(outcome);
  }
  if (m_status == RunStatus::stopped && m_outcome.text.empty())
    m_outcome = Outcome{"stopped before the end", {}}.Flag("stopped", true);
  m_done = true;
  m_done_changed.notify_all();
  t_current = nullptr;
}

// Like Python's threading._shutdown: wait for the non-daemon threads, then end the daemon
// ones. C++ cannot kill a thread, so a daemon thread ends at its next step.
void Program::Shutdown() {
  Guard guard(m_mutex);
  auto others_done = [this](bool daemons_too) {
    for (size_t i = 1; i < m_threads.size(); ++i)
      if (!m_threads[i]->ended && (daemons_too || !m_threads[i]->daemon)) return false;
    return true;
  };
  try {
    const std::function<bool()> non_daemons_done = [&] { return others_done(false); };
    Block(guard, CallSite::None(), EventKind::join_wait, kNoObject, non_daemons_done);
  } catch (const ThreadExit&) {
  }
  for (size_t i = 1; i < m_threads.size(); ++i) {
    m_threads[i]->exiting = true;
    m_threads[i]->wake.notify_all();
  }
  m_done_changed.wait(guard, [&] { return others_done(true); });
}

void Program::RunThread(ThreadContext& context, const std::function<void()>& target) {
  t_current = &context;
  {
    Guard guard(m_mutex);
    Record(guard, EventKind::thread_started);
  }
  EventKind end = EventKind::thread_finished;
  try {
    target();
    // Its end is a step: a join sees it.
    Guard guard(m_mutex);
    Step(guard, CallSite::None(), EventKind::thread_finished);
  } catch (const ThreadExit&) {
    end = EventKind::thread_killed;
  } catch (const std::exception& error) {
    Guard guard(m_mutex);
    RecordError(guard, error,
                "Exception in thread " + m_recorder.threads[context.index].name + ": ");
  }
  Guard guard(m_mutex);
  EndThread(guard, context, end,
            end == EventKind::thread_killed && !m_stop ? "daemon thread killed at exit" : "");
  t_current = nullptr;
}

void Program::EndThread(Guard& guard, ThreadContext& context, EventKind how, std::string text) {
  RecordAs(guard, context.index, how, kNoObject, 0, std::move(text));
  context.ended = true;
  context.settled = true;
  context.at_gate = false;
  --m_running;
  // Whoever joins it (and the shutdown) looks again, and so does the thread that started it.
  for (auto& other : m_threads) other->wake.notify_all();
  m_done_changed.notify_all();
  Decide(guard);
}

ThreadContext& Program::AddThread(Guard&, std::string name, bool daemon) {
  auto context = std::make_unique<ThreadContext>();
  context->program = this;
  context->index = m_recorder.AddThread(std::move(name), daemon);
  context->daemon = daemon;
  m_threads.push_back(std::move(context));
  ++m_running;  // it runs from now until its first step: time stands still meanwhile
  return *m_threads.back();
}

// In a free run, Start returns once the new thread has run up to its first wait (or its
// end), the way Python's GIL usually lets a new thread run first: the log reads in the
// seed's order, run after run, while the threads are still real. In a controlled run the
// scheduler orders the two threads' steps instead.
int Program::StartThread(CallSite at, std::string name, bool daemon,
                         std::function<void()> target) {
  Guard guard(m_mutex);
  ThreadContext& self = CurrentThread();
  Step(guard, at, EventKind::thread_started, kNoObject, static_cast<long long>(m_threads.size()));
  if (m_threads.size() >= static_cast<size_t>(kMaxThreadsPerRun))
    throw RuntimeError("can't start new thread: a run may use at most " +
                       std::to_string(kMaxThreadsPerRun) + " threads");
  ThreadContext& child = AddThread(guard, std::move(name), daemon);
  try {
    RunOnPooledThread([this, &child, target = std::move(target),
                       keep = shared_from_this()] { RunThread(child, target); });
  } catch (const std::system_error& error) {
    EndThread(guard, child, EventKind::thread_killed, error.what());
    throw RuntimeError(std::string("can't start new thread: ") + error.what());
  }
  if (m_policy == SchedulePolicy::free) {
    while (!child.settled) {
      CheckExit(guard, self);
      self.wake.wait(guard);
    }
  }
  return child.index;
}

void Program::JoinThread(CallSite at, int thread, double timeout) {
  Guard guard(m_mutex);
  ThreadContext& self = CurrentThread();
  if (thread == self.index) throw RuntimeError("cannot join current thread");
  ThreadContext& other = *m_threads.at(thread);
  self.joining = thread;
  const bool ended = Block(guard, at, EventKind::join_wait, kNoObject,
                           [&] { return other.ended; }, timeout, thread);
  self.joining = kNoThread;
  Record(guard, ended ? EventKind::join_done : EventKind::wait_timeout, kNoObject, thread);
}

bool Program::ThreadAlive(CallSite at, int thread) {
  Guard guard(m_mutex);
  Step(guard, at, EventKind::query, kNoObject, thread);
  return !m_threads.at(thread)->ended;
}

// ---------------------------------------------------------------------------------------
// [SECTION] The gate
// ---------------------------------------------------------------------------------------

// A thread that must end throws ThreadExit from its step. Main goes last: lessons keep what
// their threads share (a lock, a queue) on main's stack, so main unwinds only once no other
// thread can touch those objects.
void Program::CheckExit(Guard& guard, ThreadContext& context) {
  if (!m_stop && !context.exiting) return;
  if (context.index == 0) {
    m_done_changed.wait(guard, [this] {
      for (size_t i = 1; i < m_threads.size(); ++i)
        if (!m_threads[i]->ended) return false;
      return true;
    });
  }
  throw ThreadExit{};
}

void Program::Step(Guard& guard, CallSite at, EventKind kind, int object, long long value) {
  ThreadContext& self = CurrentThread();
  if (IsRelease(kind) && (m_stop || self.exiting || std::uncaught_exceptions())) return;
  Gate(guard, self, at, kind, object, nullptr, -1, value);
}

void Program::StepWhenStill(Guard& guard, CallSite at, EventKind kind, int object) {
  ThreadContext& self = CurrentThread();
  self.when_still = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{self.when_still};
  Gate(guard, self, at, kind, object, nullptr, -1, 0);
}

bool Program::Block(Guard& guard, CallSite at, EventKind kind, int object,
                    const std::function<bool()>& ready, double timeout, long long value) {
  return Gate(guard, CurrentThread(), at, kind, object, &ready, timeout, value);
}

bool Program::Enabled(const ThreadContext& thread) const {
  return !thread.ready || (*thread.ready)() || Now() >= thread.deadline;
}

bool Program::Gate(Guard& guard, ThreadContext& self, CallSite at, EventKind kind, int object,
                   const std::function<bool()>* ready, double timeout, long long value) {
  CheckExit(guard, self);
  if (m_step_pause > 0 && m_policy == SchedulePolicy::free) {
    // Slow motion: the thread stands still as a running thread does (time does not move),
    // and Stop or a daemon's end cut the pause short.
    const std::chrono::duration<double> pause(m_step_pause / m_clock.speed());
    self.wake.wait_for(guard, pause, [&] { return m_stop || self.exiting; });
  }
  self.at_gate = true;
  self.at = at;
  self.step = kind;
  self.object = object;
  self.value = value;
  self.ready = ready;
  self.deadline = timeout < 0 ? kNoDeadline : Now() + timeout;
  self.granted = false;
  --m_running;
  // Free: as soon as the step can go (and, for StepWhenStill, no other thread runs between
  // steps); controlled: when chosen.
  auto may_go = [&] {
    if (m_policy != SchedulePolicy::free) return self.granted;
    return Enabled(self) && (!self.when_still || m_running == 0);
  };
  bool waited = false;
  try {
    for (;;) {
      // Exit first: on Stop, the objects that ready() reads may be going away. A release
      // (in a destructor, which must not throw) goes through, and the thread exits at its
      // next step.
      if ((m_stop || self.exiting) && IsRelease(kind)) break;
      CheckExit(guard, self);
      const bool enabled = Enabled(self);
      if (may_go()) break;
      if (!enabled && !waited) {
        // The step must wait: the timeline shows it, and a free Start may return.
        waited = true;
        Record(guard, kind, object, value);
        if (!self.settled) {
          self.settled = true;
          for (auto& other : m_threads) other->wake.notify_all();
        }
      }
      Decide(guard);
      if (m_stop || self.exiting) continue;  // Decide may have ended the run
      if (may_go()) continue;
      const double wall_left = m_clock.WallAt(self.deadline) - WallSeconds();
      if (self.deadline < kNoDeadline && m_clock.flowing() && wall_left > 0)
        self.wake.wait_for(guard, std::chrono::duration<double>(std::min(wall_left, kLongestWallWait)));
      else if (self.deadline >= kNoDeadline || !m_clock.flowing())
        self.wake.wait(guard);
    }
  } catch (const ThreadExit&) {
    self.at_gate = false;
    ++m_running;
    throw;
  }
  const bool became_ready = !ready || (*ready)();
  self.at_gate = false;
  self.ready = nullptr;
  if (self.granted) m_grant_out = false;
  self.granted = false;
  ++m_running;
  m_clock.Freeze(WallSeconds());
  m_clock.JumpTo(m_clock.Now(0) + kStepSeconds);
  for (auto& thread : m_threads)  // a deadline the step passed
    if (thread->at_gate && thread->deadline <= m_clock.Now(0)) thread->wake.notify_all();
  if (m_schedule.size() < kMaxScheduleSteps) {
    m_schedule.push_back(self.index);
  } else {
    EndRun(guard, RunStatus::full,
           Outcome{"stopped: the run took more than " + std::to_string(kMaxScheduleSteps) + " steps", {}}
               .Flag("full", true));
  }
  return became_ready;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Scheduling: who moves next, when time moves, deadlock
// ---------------------------------------------------------------------------------------

// Called whenever a thread arrives at the gate or ends. Nothing is decided while a thread
// runs between two steps: time stands still, and in a controlled run the next choice waits
// until every thread stands at its next step.
void Program::Decide(Guard& guard) {
  if (m_running > 0 || m_stop || m_grant_out) return;
  if (m_status != RunStatus::running && m_status != RunStatus::raised) return;
  std::vector<PendingStep> enabled;
  double next_deadline = kNoDeadline;
  for (auto& thread : m_threads) {
    if (thread->ended || !thread->at_gate) continue;
    if (Enabled(*thread))
      enabled.push_back(PendingStep{thread->index, thread->step, thread->object});
    else
      next_deadline = std::min(next_deadline, thread->deadline);
  }
  if (enabled.empty()) {
    if (next_deadline >= kNoDeadline) return ReportDeadlock(guard);
    // Every thread waits and some wait ends at a deadline: time moves on to the earliest.
    // A free run lets it flow at the speed, for watching; a controlled run jumps.
    if (m_policy != SchedulePolicy::free) {
      m_clock.JumpTo(next_deadline);
      return Decide(guard);
    }
    // Only when the flow begins: a thread that looks again must not wake the others again.
    if (m_clock.flowing()) return;
    m_clock.FlowToward(next_deadline, WallSeconds());
    for (auto& thread : m_threads)
      if (thread->at_gate && thread->deadline <= next_deadline) thread->wake.notify_all();
    return;
  }
  if (m_policy == SchedulePolicy::free) {
    // They are on their way, or were never told: tell them.
    for (const PendingStep& step : enabled) m_threads[step.thread]->wake.notify_all();
    return;
  }
  const int chosen = m_scheduler.Choose(enabled, m_schedule.size());
  if (m_scheduler.diverged())
    return EndRun(guard, RunStatus::diverged,
                  Outcome{"stopped: the schedule does not fit this run at step " +
                              std::to_string(m_schedule.size() + 1), {}}
                      .Flag("diverged", true));
  if (m_scheduler.pruned())
    return EndRun(guard, RunStatus::stopped, Outcome{"pruned: an order explored already", {}});
  if (chosen < 0) {
    m_awaiting_step = true;
    return;
  }
  Grant(*m_threads[chosen]);
}

void Program::Grant(ThreadContext& thread) {
  thread.granted = true;
  m_grant_out = true;
  thread.wake.notify_all();
}

void Program::ReportDeadlock(Guard&) {
  std::vector<ThreadWait> waits;
  for (auto& thread : m_threads) {
    if (thread->ended) continue;
    waits.push_back(
        ThreadWait{thread->index, thread->step, thread->object, thread->joining, thread->value});
  }
  if (waits.empty()) return;
  const DeadlockReport report = DescribeDeadlock(waits, m_recorder.threads, m_recorder.objects);
  m_status = RunStatus::deadlocked;
  m_deadlock = report.text;
  m_deadlock_cycle = report.cycle;
  m_deadlock_time = Now();
  m_outcome = Outcome{"deadlock: " + report.text, {}}.Flag("deadlocked", true).Text("waits", report.text);
}

// The runtime ends the run itself (a bound reached, a schedule that does not fit).
void Program::EndRun(Guard& guard, RunStatus status, Outcome outcome) {
  if (m_status != RunStatus::running && m_status != RunStatus::raised) return;
  m_status = status;
  m_outcome = std::move(outcome);
  RequestStop(guard);
}

void Program::WakeAll() {
  for (auto& thread : m_threads) thread->wake.notify_all();
  m_done_changed.notify_all();
}

// A woken thread looks at its condition again; in a controlled run only its turn counts.
void Program::Wake(int object) {
  for (auto& thread : m_threads)
    if (thread->at_gate && thread->object == object) thread->wake.notify_all();
}

// ---------------------------------------------------------------------------------------
// [SECTION] Objects, recording, clock
// ---------------------------------------------------------------------------------------

int Program::AddObject(Guard&, ObjectKind kind, std::string name, long long capacity) {
  return m_recorder.AddObject(kind, std::move(name), capacity);
}

ObjectInfo& Program::Object(Guard&, int id) { return m_recorder.objects.at(id); }

void Program::Record(Guard& guard, EventKind kind, int object, long long value, std::string text) {
  RecordAs(guard, CurrentThreadIndex(), kind, object, value, std::move(text));
}

void Program::RecordAs(Guard& guard, int thread, EventKind kind, int object, long long value,
                       std::string text) {
  m_last_time = std::max(Now(), m_last_time);
  if (!m_recorder.Event(m_last_time, thread, kind, object, value, std::move(text)))
    EndRun(guard, RunStatus::full,
           Outcome{"stopped: the trace is full (" + std::to_string(kMaxTraceEvents) + " events)", {}}
               .Flag("full", true));
}

void Program::LogLine(Guard& guard, std::string message) {
  m_last_time = std::max(Now(), m_last_time);
  if (!m_recorder.Log(m_last_time, CurrentThreadIndex(), message))
    return EndRun(guard, RunStatus::full,
                  Outcome{"stopped: the log is full (" + std::to_string(kMaxLogLines) + " lines)", {}}
                      .Flag("full", true));
  Record(guard, EventKind::log, kNoObject, 0, std::move(message));
}

// An exception escaped a lesson thread: say so in the log, as Python prints it.
void Program::RecordError(Guard& guard, const std::exception& error, const std::string& prefix) {
  const auto* lesson_error = dynamic_cast<const LessonError*>(&error);
  const std::string what =
      std::string(lesson_error ? lesson_error->type() : "Exception") + ": " + error.what();
  LogLine(guard, prefix + what);
  Record(guard, EventKind::error, kNoObject, 0, what);
  if (m_status == RunStatus::running) m_status = RunStatus::raised;
}

double Program::Now() const { return m_clock.Now(WallSeconds()); }

Program& Program::Current() { return *CurrentThread().program; }

ThreadContext& Program::CurrentThread() {
  if (!t_current) throw std::logic_error("threadlab: called outside a running lesson");
  return *t_current;
}

int Program::CurrentThreadIndex() { return CurrentThread().index; }

// ---------------------------------------------------------------------------------------
// [SECTION] What lesson code calls
// ---------------------------------------------------------------------------------------

void LogAt(CallSite at, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  Program& program = Program::Current();
  auto guard = program.Lock();
  program.Step(guard, at, EventKind::log);
  program.LogLine(guard, std::move(text));
}

void Sleep(double seconds, CallSite at) {
  Program& program = Program::Current();
  auto guard = program.Lock();
  static const std::function<bool()> kNever = [] { return false; };
  program.Block(guard, at, EventKind::sleep_begin, kNoObject, kNever, std::max(0.0, seconds));
  program.Record(guard, EventKind::sleep_end);
}

std::string Printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return text;
}

}  // namespace threadlab
