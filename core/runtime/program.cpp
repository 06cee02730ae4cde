// [SECTION] Thread contexts
// [SECTION] Start, stop, wait, read
// [SECTION] Main and the shutdown at exit
// [SECTION] The gate: Pass and Block
// [SECTION] Deadlock detection
// [SECTION] Threads, objects, clock
// [SECTION] What lesson code calls
#include "runtime/program.h"

#include "runtime/clock.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <system_error>

namespace threadlab {

// ---------------------------------------------------------------------------------------
// [SECTION] Thread contexts
// ---------------------------------------------------------------------------------------

// One lesson thread, as the runtime sees it. Every field is guarded by the program's mutex.
struct ThreadContext {
  Program* program = nullptr;
  int index = 0;
  bool daemon = false;
  bool ended = false;      // its function returned or unwound
  bool settled = false;    // it has waited once, or ended: Start may return (see StartThread)
  bool exiting = false;    // must end at its next cancellation point (daemon at exit)
  int waiting_on = kNoObject;
  int joining = kNoThread;
  EventKind wait_kind = EventKind::log;
  bool waits_forever = false;
  std::condition_variable wake;
  std::thread thread;
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

// Releases run in destructors (LockGuard), which must not throw: they are no cancellation point.
bool IsRelease(EventKind kind) {
  return kind == EventKind::lock_released || kind == EventKind::semaphore_released;
}
}  // namespace

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::running: return "running";
    case RunStatus::deadlocked: return "deadlocked";
    case RunStatus::finished: return "finished";
    case RunStatus::raised: return "raised";
    case RunStatus::stopped: return "stopped";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------
// [SECTION] Start, stop, wait, read
// ---------------------------------------------------------------------------------------

Program::Program(RunOptions options)
    : m_options(options),
      m_start(WallSeconds()),
      m_start_of_day_seconds([] {
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        return local.tm_hour * 3600LL + local.tm_min * 60LL + local.tm_sec;
      }()) {
  if (!(m_options.speed > 0) || !std::isfinite(m_options.speed))
    throw std::invalid_argument("speed must be a positive number");
}

std::shared_ptr<Program> Program::Start(std::function<void()> main, RunOptions options,
                                        Epilogue epilogue) {
  std::shared_ptr<Program> program(new Program(options));
  {
    Guard guard(program->m_mutex);
    program->AddThread(guard, "Main", false);
    program->PauseClock(guard);  // until main runs: starting a thread takes no lesson time
  }
  // Detached, holding the program: nobody ever joins it, so that no reader (the browser's
  // main thread among them) waits on a thread; Wait() waits for `done` instead.
  std::thread([program, main = std::move(main), epilogue = std::move(epilogue)] {
    program->RunMain(main, epilogue);
  }).detach();
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

void Program::Copy(RunSnapshot& into) {
  into.status = m_status;
  into.done = m_done;
  into.now = m_done ? m_last_time : std::max(Now(), m_last_time);
  into.threads = m_thread_info;
  into.objects = m_objects;
  if (into.log.size() > m_log.size()) into.log.clear();  // a snapshot of another run
  if (into.trace.size() > m_trace.size()) into.trace.clear();
  into.log.insert(into.log.end(), m_log.begin() + into.log.size(), m_log.end());
  into.trace.insert(into.trace.end(), m_trace.begin() + into.trace.size(), m_trace.end());
  into.outcome = m_outcome;
  into.deadlock = m_deadlock;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Main and the shutdown at exit
// ---------------------------------------------------------------------------------------

void Program::RunMain(const std::function<void()>& main, const Epilogue& epilogue) {
  ThreadContext& context = *m_threads.front();
  t_current = &context;
  {
    Guard guard(m_mutex);
    ResumeClock(guard);
    Record(guard, 0, EventKind::thread_started, kNoObject, 0, {});
  }
  bool main_exited = false;
  try {
    main();
  } catch (const ThreadExit&) {
    main_exited = true;
  } catch (const std::exception& error) {
    Guard guard(m_mutex);
    RecordError(guard, context, error, "Traceback: ");
  }
  Shutdown();
  {
    Guard guard(m_mutex);
    Record(guard, 0, main_exited ? EventKind::thread_killed : EventKind::thread_finished,
           kNoObject, 0, {});
  }
  for (auto& thread : m_threads)
    if (thread->thread.joinable()) thread->thread.join();
  Guard guard(m_mutex);
  if (m_status == RunStatus::running) m_status = m_stop ? RunStatus::stopped : RunStatus::finished;
  if (epilogue && m_status != RunStatus::deadlocked && m_status != RunStatus::stopped) {
    RunSnapshot run;
    Copy(run);
    std::string outcome = epilogue(run);
    if (!outcome.empty()) m_outcome = std::move(outcome);
  }
  if (m_status == RunStatus::stopped && m_outcome.empty()) m_outcome = "stopped before the end";
  context.ended = true;
  m_done = true;
  m_done_changed.notify_all();
  t_current = nullptr;
}

// Like Python's threading._shutdown: wait for the non-daemon threads, then end the daemon
// ones. C++ cannot kill a thread, so a daemon thread ends at its next blocking call.
void Program::Shutdown() {
  Guard guard(m_mutex);
  auto others_done = [this](bool daemons_too) {
    for (size_t i = 1; i < m_threads.size(); ++i)
      if (!m_threads[i]->ended && (daemons_too || !m_threads[i]->daemon)) return false;
    return true;
  };
  try {
    if (!others_done(false))
      Block(guard, EventKind::join_wait, kNoObject, [&] { return others_done(false); });
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
    Record(guard, context.index, EventKind::thread_started, kNoObject, 0, {});
  }
  EventKind end = EventKind::thread_finished;
  try {
    target();
  } catch (const ThreadExit&) {
    end = EventKind::thread_killed;
  } catch (const std::exception& error) {
    Guard guard(m_mutex);
    RecordError(guard, context, error,
                "Exception in thread " + m_thread_info[context.index].name + ": ");
  }
  Guard guard(m_mutex);
  Record(guard, context.index, end, kNoObject, 0,
         end == EventKind::thread_killed && !m_stop ? "daemon thread killed at exit" : "");
  context.ended = true;
  context.settled = true;
  // Wake whoever joins it (and the shutdown), and the thread that started it.
  for (auto& other : m_threads) {
    if (other->wait_kind == EventKind::join_wait) other->waits_forever = false;
    other->wake.notify_all();
  }
  m_done_changed.notify_all();
  DetectDeadlock(guard);
  t_current = nullptr;
}

// ---------------------------------------------------------------------------------------
// [SECTION] The gate: Pass and Block
// ---------------------------------------------------------------------------------------

// A thread that must end throws ThreadExit from its blocking call. Main goes last: lessons
// keep what their threads share (a lock, a queue) on main's stack, so main unwinds only
// once no other thread can touch those objects.
void Program::CheckExit(Guard& guard, ThreadContext& context) {
  if (!m_stop && !context.exiting) return;
  context.waiting_on = kNoObject;
  context.waits_forever = false;
  if (context.index == 0) {
    m_done_changed.wait(guard, [this] {
      for (size_t i = 1; i < m_threads.size(); ++i)
        if (!m_threads[i]->ended) return false;
      return true;
    });
  }
  throw ThreadExit{};
}

void Program::Pass(Guard& guard, EventKind kind, int object, long long value, std::string text) {
  ThreadContext& self = CurrentThread();
  if (!IsRelease(kind) && !std::uncaught_exceptions()) CheckExit(guard, self);
  if (kind == EventKind::log) AppendLog(guard, self.index, text);
  Record(guard, self.index, kind, object, value, std::move(text));
}

void Program::AppendLog(Guard&, int thread, const std::string& message) {
  if (!m_options.record) return;
  const double time = std::max(Now(), m_last_time);
  m_log.push_back(LogLine{time, ClockText(time), thread, message});
}

// An exception escaped a lesson thread: say so in the log, as Python prints it.
void Program::RecordError(Guard& guard, ThreadContext& context, const std::exception& error,
                          const std::string& prefix) {
  const auto* lesson_error = dynamic_cast<const LessonError*>(&error);
  const std::string what =
      std::string(lesson_error ? lesson_error->type() : "Exception") + ": " + error.what();
  AppendLog(guard, context.index, prefix + what);
  Record(guard, context.index, EventKind::error, kNoObject, 0, what);
  if (m_status == RunStatus::running) m_status = RunStatus::raised;
}

bool Program::Block(Guard& guard, EventKind kind, int object, const std::function<bool()>& ready,
                    double timeout, long long value) {
  ThreadContext& self = CurrentThread();
  CheckExit(guard, self);
  if (ready()) return true;
  Record(guard, self.index, kind, object, value, {});
  if (!self.settled) {
    self.settled = true;
    for (auto& other : m_threads) other->wake.notify_all();  // the starter waits for this
  }
  // The deadline is on the lesson's clock, which stands still while a thread starts: wait in
  // steps until that clock reaches it.
  const double deadline = Now() + std::max(0.0, timeout);
  bool became_ready = true;
  for (;;) {
    // Exit first: on Stop, the objects that ready() reads may be going away.
    CheckExit(guard, self);
    if (ready()) break;
    // Whoever wakes this thread clears waits_forever (see Wake): set it again each time.
    self.waiting_on = object;
    self.wait_kind = kind;
    self.waits_forever = timeout < 0;
    if (self.waits_forever) DetectDeadlock(guard);
    if (timeout < 0) {
      self.wake.wait(guard);
      continue;
    }
    const double remaining = deadline - Now();
    if (remaining <= 0) {
      became_ready = false;
      break;
    }
    self.wake.wait_for(guard, std::chrono::duration<double>(remaining / speed()));
  }
  self.waiting_on = kNoObject;
  self.waits_forever = false;
  return became_ready;
}

// A woken thread counts as running until it has looked at its condition again: the
// deadlock detector must not count it as waiting while it is on its way.
void Program::Wake(int object) {
  for (auto& thread : m_threads) {
    if (thread->waiting_on != object) continue;
    thread->waits_forever = false;
    thread->wake.notify_all();
  }
}

void Program::WakeAll() {
  for (auto& thread : m_threads) thread->wake.notify_all();
  m_done_changed.notify_all();
}

// ---------------------------------------------------------------------------------------
// [SECTION] Deadlock detection
// ---------------------------------------------------------------------------------------

// Every wait of a lesson goes through Block, so the runtime knows exactly who waits: when
// every live thread waits with no timeout, nothing can ever wake one of them.
void Program::DetectDeadlock(Guard&) {
  if (m_status != RunStatus::running || m_stop) return;
  std::string report;
  for (auto& thread : m_threads) {
    if (thread->ended) continue;
    if (!thread->waits_forever) return;
    if (!report.empty()) report += "; ";
    report += Describe(*thread);
  }
  if (report.empty()) return;
  m_status = RunStatus::deadlocked;
  m_deadlock = report;
  m_outcome = "deadlock: " + report;
}

std::string Program::Describe(const ThreadContext& waiter) const {
  const std::string& name = m_thread_info[waiter.index].name;
  const ObjectInfo* object =
      waiter.waiting_on >= 0 ? &m_objects[waiter.waiting_on] : nullptr;
  const std::string object_name = object ? "'" + object->name + "'" : "";
  switch (waiter.wait_kind) {
    case EventKind::lock_wait:
      if (object && object->owner >= 0)
        return name + " waits for " + ObjectKindName(object->kind) + " " + object_name +
               " held by " + m_thread_info[object->owner].name;
      return name + " waits for " + ObjectKindName(object->kind) + " " + object_name;
    case EventKind::join_wait:
      if (waiter.joining >= 0)
        return name + " waits for " + m_thread_info[waiter.joining].name + " to finish";
      return name + " waits for the non-daemon threads to finish";
    case EventKind::semaphore_wait:
      return name + " waits for semaphore " + object_name + " (no permit left)";
    case EventKind::barrier_wait:
      return name + " waits at barrier " + object_name;
    case EventKind::queue_blocked:
      return name + " waits on queue " + object_name + (object && object->value > 0 ? " (full)" : " (empty)");
    case EventKind::event_wait:
      return name + " waits for event " + object_name + " to be set";
    default:
      return name + " waits";
  }
}

// ---------------------------------------------------------------------------------------
// [SECTION] Threads, objects, clock
// ---------------------------------------------------------------------------------------

ThreadContext& Program::AddThread(Guard&, std::string name, bool daemon) {
  auto context = std::make_unique<ThreadContext>();
  context->program = this;
  context->index = static_cast<int>(m_threads.size());
  context->daemon = daemon;
  m_thread_info.push_back(ThreadInfo{std::move(name), daemon, ThreadState::running});
  m_threads.push_back(std::move(context));
  return *m_threads.back();
}

// Start returns once the new thread has run up to its first wait (or its end), the way
// Python's GIL usually lets a new thread run first: the log reads in the seed's order,
// run after run, while the threads are still real.
int Program::StartThread(std::string name, bool daemon, std::function<void()> target) {
  Guard guard(m_mutex);
  ThreadContext& self = CurrentThread();
  CheckExit(guard, self);
  if (m_threads.size() >= static_cast<size_t>(kMaxThreadsPerRun))
    throw RuntimeError("can't start new thread: a run may use at most " +
                       std::to_string(kMaxThreadsPerRun) + " threads");
  ThreadContext& child = AddThread(guard, std::move(name), daemon);
  PauseClock(guard);
  guard.unlock();
  try {
    child.thread = std::thread([this, &child, target = std::move(target)] { RunThread(child, target); });
  } catch (const std::system_error& error) {
    guard.lock();
    child.ended = child.settled = true;
    ResumeClock(guard);
    Record(guard, child.index, EventKind::thread_killed, kNoObject, 0, error.what());
    throw RuntimeError(std::string("can't start new thread: ") + error.what());
  }
  guard.lock();
  while (!child.settled) {
    if (m_stop || self.exiting) ResumeClock(guard);
    CheckExit(guard, self);
    self.wake.wait(guard);
  }
  ResumeClock(guard);
  return child.index;
}

void Program::JoinThread(int thread, double timeout) {
  Guard guard(m_mutex);
  ThreadContext& self = CurrentThread();
  if (thread == self.index) throw RuntimeError("cannot join current thread");
  ThreadContext& other = *m_threads.at(thread);
  self.joining = thread;
  Block(guard, EventKind::join_wait, kNoObject, [&] { return other.ended; }, timeout, thread);
  self.joining = kNoThread;
  if (other.ended) Pass(guard, EventKind::join_done, kNoObject, thread);
}

bool Program::ThreadAlive(int thread) {
  Guard guard(m_mutex);
  return !m_threads.at(thread)->ended;
}

int Program::AddObject(Guard&, ObjectKind kind, std::string name, long long capacity) {
  ObjectInfo info;
  info.kind = kind;
  info.name = std::move(name);
  info.capacity = capacity;
  m_objects.push_back(std::move(info));
  return static_cast<int>(m_objects.size()) - 1;
}

ObjectInfo& Program::Object(Guard&, int id) { return m_objects.at(id); }

void Program::Record(Guard&, int thread, EventKind kind, int object, long long value,
                     std::string text) {
  m_last_time = std::max(Now(), m_last_time);
  TraceEvent event{m_last_time, thread, kind, object, value, std::move(text)};
  const ThreadState state = m_states.Apply(event);
  if (thread >= 0) m_thread_info[thread].state = state;
  if (m_options.record) m_trace.push_back(std::move(event));
}

void Program::SetOutcome(std::string outcome) {
  Guard guard(m_mutex);
  if (m_status != RunStatus::deadlocked) m_outcome = std::move(outcome);
}

double Program::Now() const {
  const double now = m_pauses > 0 ? m_paused_at : WallSeconds();
  return (now - m_start - m_paused_total) * m_options.speed;
}

// Starting a thread costs from a fraction of a millisecond (native) to a frame of the
// browser's main thread (wasm, where the main thread hands out workers). The lesson's clock
// stands still meanwhile, so that a lesson runs the same on every platform and at every
// speed: in the lesson's time, starting a thread is instant, as it nearly is in Python.
void Program::PauseClock(Guard&) {
  if (m_pauses++ == 0) m_paused_at = WallSeconds();
}

void Program::ResumeClock(Guard&) {
  if (m_pauses == 0) return;
  if (--m_pauses == 0) m_paused_total += WallSeconds() - m_paused_at;
}

std::string Program::ClockText(double lesson_time) const {
  const long long seconds =
      (m_start_of_day_seconds + static_cast<long long>(std::floor(lesson_time))) % 86400;
  char text[16];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
  return text;
}

Program& Program::Current() { return *CurrentThread().program; }

ThreadContext& Program::CurrentThread() {
  if (!t_current) throw std::logic_error("threadlab: called outside a running lesson");
  return *t_current;
}

int Program::CurrentThreadIndex() { return CurrentThread().index; }

// ---------------------------------------------------------------------------------------
// [SECTION] What lesson code calls
// ---------------------------------------------------------------------------------------

void Log(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  Program& program = Program::Current();
  auto guard = program.Lock();
  program.Pass(guard, EventKind::log, kNoObject, 0, std::move(text));
}

void Sleep(double seconds) {
  Program& program = Program::Current();
  auto guard = program.Lock();
  program.Block(guard, EventKind::sleep_begin, kNoObject, [] { return false; },
                std::max(0.0, seconds));
  program.Pass(guard, EventKind::sleep_end);
}

void SetOutcome(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  Program::Current().SetOutcome(std::move(text));
}

std::string Printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string text = FormatV(format, args);
  va_end(args);
  return text;
}

}  // namespace threadlab
