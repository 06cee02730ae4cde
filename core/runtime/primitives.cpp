// Each primitive keeps its state in the program's object table, guarded by the program's
// mutex, and passes every step through the gate (Program::Step / Program::Block). See
// primitives.h for why they are not the C++20 ones.
//
// Sections: Thread, Primitive, Lock, RLock, Condition, Semaphore, Event, Barrier, Queue,
// Timer, ThreadPoolExecutor, SharedValue.
#include "runtime/primitives.h"

#include <algorithm>
#include <exception>
#include <utility>

namespace threadlab {

// ---- Thread ----------------------------------------------------------------------------

Thread::Thread(std::string name, std::function<void()> target, bool daemon)
    : m_name(std::move(name)),
      m_target(std::move(target)),
      m_daemon(daemon),
      m_program(&Program::Current()) {}

void Thread::Start(CallSite at) {
  if (m_index != kNoThread) throw RuntimeError("threads can only be started once");
  m_index = m_program->StartThread(at, m_name, m_daemon, std::move(m_target));
}

void Thread::Join(double timeout, CallSite at) {
  if (m_index == kNoThread) throw RuntimeError("cannot join thread before it is started");
  m_program->JoinThread(at, m_index, timeout);
}

bool Thread::IsAlive(CallSite at) const {
  return m_index != kNoThread && m_program->ThreadAlive(at, m_index);
}

// ---- Primitive -------------------------------------------------------------------------

Primitive::Primitive(ObjectKind kind, std::string name, long long capacity)
    : m_program(Program::Current()), m_id([&] {
        auto guard = m_program.Lock();
        return m_program.AddObject(guard, kind, std::move(name), capacity);
      }()) {}

// ---- Lock ------------------------------------------------------------------------------

Lock::Lock(std::string name) : Primitive(ObjectKind::lock, std::move(name)) {}

void Lock::Acquire(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& lock = m_program.Object(guard, m_id);
  m_program.Block(guard, at, EventKind::lock_wait, m_id, [&] { return lock.value == 0; });
  lock.value = 1;
  lock.owner = Program::CurrentThreadIndex();
  m_program.Record(guard, EventKind::lock_acquired, m_id);
}

bool Lock::TryAcquire(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& lock = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::lock_wait, m_id);
  if (lock.value != 0) return false;
  lock.value = 1;
  lock.owner = Program::CurrentThreadIndex();
  m_program.Record(guard, EventKind::lock_acquired, m_id);
  return true;
}

void Lock::Release(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& lock = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::lock_released, m_id);
  if (lock.value == 0) throw RuntimeError("release unlocked lock");
  lock.value = 0;
  lock.owner = kNoThread;
  m_program.Record(guard, EventKind::lock_released, m_id, 0);
  m_program.Wake(m_id);
}

bool Lock::Locked(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::query, m_id);
  return m_program.Object(guard, m_id).value != 0;
}

// ---- RLock -----------------------------------------------------------------------------

RLock::RLock(std::string name) : Primitive(ObjectKind::rlock, std::move(name)) {}

void RLock::Acquire(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& lock = m_program.Object(guard, m_id);
  const int self = Program::CurrentThreadIndex();
  m_program.Block(guard, at, EventKind::lock_wait, m_id,
                  [&] { return lock.value == 0 || lock.owner == self; });
  lock.value += 1;
  lock.owner = self;
  m_program.Record(guard, EventKind::lock_acquired, m_id, lock.value);
}

void RLock::Release(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& lock = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::lock_released, m_id);
  if (lock.value == 0 || lock.owner != Program::CurrentThreadIndex())
    throw RuntimeError("cannot release un-acquired lock");
  lock.value -= 1;
  if (lock.value == 0) lock.owner = kNoThread;
  m_program.Record(guard, EventKind::lock_released, m_id, lock.value);
  if (lock.value == 0) m_program.Wake(m_id);
}

// ---- Condition -------------------------------------------------------------------------

Condition::Condition(Lock& lock, std::string name)
    : Primitive(ObjectKind::condition, std::move(name)), m_lock(lock) {}

bool Condition::Owned(Program::Guard& guard) {
  return m_program.Object(guard, m_lock.m_id).owner == Program::CurrentThreadIndex();
}

void Condition::Acquire(CallSite at) { m_lock.Acquire(at); }

void Condition::Release(CallSite at) {
  if (std::uncaught_exceptions() > 0) {
    // Unwinding out of a Wait that was ended (Stop, a daemon at exit) before it took the
    // lock again: the lock is not this thread's to release.
    auto guard = m_program.Lock();
    if (!Owned(guard)) return;
  }
  m_lock.Release(at);
}

bool Condition::Wait(double timeout, CallSite at) {
  long long ticket = 0;
  {
    // Joining the waiters is a step of its own, with the lock still held: no notify can
    // come between it and the release (a notify needs the lock), so none is lost.
    auto guard = m_program.Lock();
    m_program.Step(guard, at, EventKind::condition_wait, m_id, 0);
    if (!Owned(guard)) throw RuntimeError("cannot wait on un-acquired lock");
    ticket = m_next_ticket++;
    m_waiters.push_back(ticket);
    m_program.Object(guard, m_id).value = static_cast<long long>(m_waiters.size());
  }
  m_lock.Release(at);
  bool notified = false;
  {
    auto guard = m_program.Lock();
    auto waiting = [&] {
      return std::find(m_waiters.begin(), m_waiters.end(), ticket) != m_waiters.end();
    };
    // Its value, the waiters now (at least this one), tells step mode it waits to wake up.
    const long long waiters = std::max<long long>(1, static_cast<long long>(m_waiters.size()));
    m_program.Block(guard, at, EventKind::condition_wait, m_id, [&] { return !waiting(); },
                    timeout, waiters);
    notified = !waiting();  // a notify that came with the timeout still counts
    if (!notified) m_waiters.erase(std::find(m_waiters.begin(), m_waiters.end(), ticket));
    const long long left = static_cast<long long>(m_waiters.size());
    m_program.Object(guard, m_id).value = left;
    m_program.Record(guard, notified ? EventKind::condition_woke : EventKind::wait_timeout, m_id,
                     left);
  }
  m_lock.Acquire(at);
  return notified;
}

bool Condition::WaitFor(const std::function<bool()>& predicate, double timeout, CallSite at) {
  auto now = [&] {
    auto guard = m_program.Lock();
    return m_program.LessonSeconds(guard);
  };
  const double end = timeout < 0 ? 0 : now() + timeout;
  bool result = predicate();
  while (!result) {
    double left = -1;
    if (timeout >= 0) {
      left = end - now();
      if (left <= 0) break;
    }
    Wait(left, at);
    result = predicate();
  }
  return result;
}

void Condition::Notify(int n, CallSite at) { NotifySome(false, n, at); }

void Condition::NotifyAll(CallSite at) { NotifySome(true, 0, at); }

void Condition::NotifySome(bool all, int n, CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::condition_notify, m_id, all ? 1 : 0);
  if (!Owned(guard)) throw RuntimeError("cannot notify on un-acquired lock");
  // Who wakes is decided here, in the notify's step: the longest waiting first.
  const size_t wanted = all ? m_waiters.size() : static_cast<size_t>(std::max(n, 0));
  const size_t count = std::min(m_waiters.size(), wanted);
  m_waiters.erase(m_waiters.begin(), m_waiters.begin() + static_cast<long>(count));
  const long long left = static_cast<long long>(m_waiters.size());
  m_program.Object(guard, m_id).value = left;
  m_program.Record(guard, EventKind::condition_notify, m_id, left);
  m_program.Wake(m_id);
}

// ---- Semaphore -------------------------------------------------------------------------

Semaphore::Semaphore(int value, std::string name) : Semaphore(value, std::move(name), false) {}

Semaphore::Semaphore(int value, std::string name, bool bounded)
    : Primitive(ObjectKind::semaphore, std::move(name), value), m_bounded(bounded) {
  if (value < 0) throw ValueError("semaphore initial value must be >= 0");
  auto guard = m_program.Lock();
  m_program.Object(guard, m_id).value = value;
}

void Semaphore::Acquire(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& semaphore = m_program.Object(guard, m_id);
  m_program.Block(guard, at, EventKind::semaphore_wait, m_id, [&] { return semaphore.value > 0; });
  semaphore.value -= 1;
  m_program.Record(guard, EventKind::semaphore_acquired, m_id, semaphore.value);
}

bool Semaphore::TryAcquire(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& semaphore = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::semaphore_wait, m_id);
  if (semaphore.value == 0) return false;
  semaphore.value -= 1;
  m_program.Record(guard, EventKind::semaphore_acquired, m_id, semaphore.value);
  return true;
}

void Semaphore::Release(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& semaphore = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::semaphore_released, m_id);
  if (m_bounded && semaphore.value >= semaphore.capacity)
    throw ValueError("Semaphore released too many times");
  semaphore.value += 1;
  m_program.Record(guard, EventKind::semaphore_released, m_id, semaphore.value);
  m_program.Wake(m_id);
}

int Semaphore::Value(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::query, m_id);
  return static_cast<int>(m_program.Object(guard, m_id).value);
}

BoundedSemaphore::BoundedSemaphore(int value, std::string name)
    : Semaphore(value, std::move(name), true) {}

// ---- Event -----------------------------------------------------------------------------

Event::Event(std::string name) : Primitive(ObjectKind::event, std::move(name)) {}

void Event::Set(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::event_set, m_id);
  m_program.Object(guard, m_id).value = 1;
  m_program.Record(guard, EventKind::event_set, m_id);
  m_program.Wake(m_id);
}

void Event::Clear(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::event_cleared, m_id);
  m_program.Object(guard, m_id).value = 0;
  m_program.Record(guard, EventKind::event_cleared, m_id);
}

bool Event::IsSet(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::query, m_id);
  return m_program.Object(guard, m_id).value != 0;
}

bool Event::Wait(double timeout, CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& event = m_program.Object(guard, m_id);
  const bool set = m_program.Block(guard, at, EventKind::event_wait, m_id,
                                   [&] { return event.value != 0; }, timeout);
  m_program.Record(guard, set ? EventKind::event_woke : EventKind::wait_timeout, m_id, set);
  return set;
}

// ---- Barrier ---------------------------------------------------------------------------

Barrier::Barrier(int parties, std::string name)
    : Primitive(ObjectKind::barrier, std::move(name), parties), m_parties(parties) {
  if (parties < 1) throw ValueError("parties must be >= 1");
}

int Barrier::Wait(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& barrier = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::barrier_wait, m_id);  // arriving is a step of its own
  const int index = m_arrived++;
  barrier.value = m_arrived;
  if (m_arrived == m_parties) {
    // The last one in opens the barrier for this generation and starts the next.
    m_arrived = 0;
    barrier.value = 0;
    ++m_generation;
    m_program.Wake(m_id);
  } else {
    const long long generation = m_generation;
    m_program.Block(guard, at, EventKind::barrier_wait, m_id,
                    [&] { return m_generation != generation; }, -1, index);
  }
  m_program.Record(guard, EventKind::barrier_passed, m_id, index);
  return index;
}

// ---- Queue -----------------------------------------------------------------------------

Queue::Queue(int maxsize, std::string name)
    : Primitive(ObjectKind::queue, std::move(name), maxsize), m_maxsize(maxsize) {}

void Queue::Put(int item, CallSite at) {
  auto guard = m_program.Lock();
  auto has_room = [&] { return m_maxsize <= 0 || static_cast<int>(m_items.size()) < m_maxsize; };
  m_program.Block(guard, at, EventKind::queue_blocked, m_id, has_room, -1, 0);
  m_items.push_back(item);
  m_program.Object(guard, m_id).value = static_cast<long long>(m_items.size());
  m_program.Record(guard, EventKind::queue_put, m_id, item);
  m_program.Wake(m_id);
}

int Queue::Get(CallSite at) { return *Get(-1, at); }

std::optional<int> Queue::Get(double timeout, CallSite at) {
  auto guard = m_program.Lock();
  const bool got = m_program.Block(guard, at, EventKind::queue_blocked, m_id,
                                   [&] { return !m_items.empty(); }, timeout, 1);
  if (!got) {
    m_program.Record(guard, EventKind::wait_timeout, m_id);
    return std::nullopt;
  }
  const int item = m_items.front();
  m_items.pop_front();
  m_program.Object(guard, m_id).value = static_cast<long long>(m_items.size());
  m_program.Record(guard, EventKind::queue_get, m_id, item);
  m_program.Wake(m_id);
  return item;
}

bool Queue::Empty(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::query, m_id);
  return m_items.empty();
}

int Queue::QSize(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::query, m_id);
  return static_cast<int>(m_items.size());
}

// ---- Timer -----------------------------------------------------------------------------

namespace {
enum TimerState : long long { kTimerPending = 0, kTimerFired = 1, kTimerCancelled = 2 };
}

Timer::Timer(double interval, std::function<void()> function, std::string name)
    : Primitive(ObjectKind::timer, name) {
  // The timer thread needs only the program and the object's row, never this handle,
  // which may be gone before it fires.
  Program* program = &m_program;
  const int id = m_id;
  m_thread = std::make_unique<Thread>(std::move(name), [program, id, interval, function] {
    auto guard = program->Lock();
    ObjectInfo& timer = program->Object(guard, id);
    program->Block(guard, CallSite::None(), EventKind::timer_wait, id,
                   [&] { return timer.value == kTimerCancelled; }, interval);
    if (timer.value != kTimerPending) return;
    timer.value = kTimerFired;
    program->Record(guard, EventKind::timer_fired, id);
    guard.unlock();
    function();
  });
}

void Timer::Start(CallSite at) {
  {
    auto guard = m_program.Lock();
    m_program.Step(guard, at, EventKind::timer_started, m_id);
    m_program.Record(guard, EventKind::timer_started, m_id);
  }
  m_thread->Start(at);
}

void Timer::Cancel(CallSite at) {
  auto guard = m_program.Lock();
  ObjectInfo& timer = m_program.Object(guard, m_id);
  m_program.Step(guard, at, EventKind::timer_cancelled, m_id);
  if (timer.value != kTimerPending) return;
  timer.value = kTimerCancelled;
  m_program.Record(guard, EventKind::timer_cancelled, m_id);
  m_program.Wake(m_id);
}

void Timer::Join(CallSite at) { m_thread->Join(-1, at); }

// ---- ThreadPoolExecutor ----------------------------------------------------------------

// What the workers share. They hold it, not the executor, so that they never touch an
// executor that is gone.
struct ThreadPoolExecutor::State {
  Program* program;
  int id;
  std::deque<std::function<void()>> tasks;
  int idle = 0;
  int next_task = 0;
  bool shutdown = false;

  void Work() {
    for (;;) {
      auto guard = program->Lock();
      ++idle;
      try {
        program->Block(guard, CallSite::None(), EventKind::queue_blocked, id,
                       [&] { return !tasks.empty() || shutdown; }, -1, 1);
      } catch (const ThreadExit&) {
        --idle;
        throw;
      }
      --idle;
      if (tasks.empty()) return;  // shut down and drained
      std::function<void()> task = std::move(tasks.front());
      tasks.pop_front();
      program->Object(guard, id).value = static_cast<long long>(tasks.size());
      const int task_index = next_task++;
      program->Record(guard, EventKind::task_begin, id, task_index);
      guard.unlock();
      // An exception in a task is kept in its future in Python and lost when nobody asks.
      // Tasks here have no future: it is recorded in the trace, not raised.
      std::string error;
      try {
        task();
      } catch (const LessonError& lesson_error) {
        error = std::string(lesson_error.type()) + ": " + lesson_error.what();
      }
      guard.lock();
      program->Record(guard, error.empty() ? EventKind::task_end : EventKind::error, id,
                      task_index, error);
    }
  }
};

ThreadPoolExecutor::ThreadPoolExecutor(int max_workers, std::string name_prefix)
    : Primitive(ObjectKind::pool, name_prefix.empty() ? "ThreadPoolExecutor" : name_prefix),
      m_state(std::make_shared<State>()),
      m_max_workers(max_workers),
      m_prefix(name_prefix.empty() ? "ThreadPoolExecutor-0" : std::move(name_prefix)) {
  if (max_workers < 1) throw ValueError("max_workers must be greater than 0");
  m_state->program = &m_program;
  m_state->id = m_id;
}

// Leaving the `with` block: shut down and wait. While unwinding (Stop), the workers have
// already ended (main unwinds last), so there is nothing to wait for.
ThreadPoolExecutor::~ThreadPoolExecutor() {
  if (std::uncaught_exceptions()) return;
  try {
    Shutdown(true, CallSite::None());
  } catch (...) {
    // Stopped while waiting: the program is ending every thread anyway.
  }
}

void ThreadPoolExecutor::Submit(std::function<void()> task, CallSite at) {
  bool start_worker = false;
  {
    auto guard = m_program.Lock();
    // It reads `idle`, which a worker writes after its task's last step, on its way back.
    m_program.StepWhenStill(guard, at, EventKind::queue_put, m_id);
    if (m_state->shutdown) throw RuntimeError("cannot schedule new futures after shutdown");
    m_state->tasks.push_back(std::move(task));
    m_program.Object(guard, m_id).value = static_cast<long long>(m_state->tasks.size());
    m_program.Record(guard, EventKind::queue_put, m_id, static_cast<long long>(m_state->tasks.size()));
    // Like Python: a new worker only when none is idle and the pool is not full.
    start_worker = m_state->idle == 0 && static_cast<int>(m_workers.size()) < m_max_workers;
    if (!start_worker) m_program.Wake(m_id);
  }
  if (start_worker) {
    auto state = m_state;
    m_workers.push_back(std::make_unique<Thread>(
        m_prefix + "_" + std::to_string(m_workers.size()), [state] { state->Work(); }));
    m_workers.back()->Start(at);
  }
}

void ThreadPoolExecutor::Map(const std::function<void(int)>& function, int count, CallSite at) {
  for (int i = 0; i < count; ++i) Submit([function, i] { function(i); }, at);
}

void ThreadPoolExecutor::Shutdown(bool wait, CallSite at) {
  {
    auto guard = m_program.Lock();
    m_program.Step(guard, at, EventKind::pool_shutdown, m_id);  // the workers see the shutdown
    m_state->shutdown = true;
    m_program.Wake(m_id);
  }
  if (!wait) return;
  for (auto& worker : m_workers) worker->Join(-1, at);
}

// ---- SharedValue -----------------------------------------------------------------------

SharedValue::SharedValue(std::string name, long long initial)
    : Primitive(ObjectKind::shared_value, std::move(name)) {
  auto guard = m_program.Lock();
  m_program.Object(guard, m_id).value = initial;
}

long long SharedValue::Load(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::shared_read, m_id);
  const long long value = m_program.Object(guard, m_id).value;
  m_program.Record(guard, EventKind::shared_read, m_id, value);
  return value;
}

void SharedValue::Store(long long value, CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::shared_write, m_id, value);
  m_program.Object(guard, m_id).value = value;
  m_program.Record(guard, EventKind::shared_write, m_id, value);
}

// ---- Region ----------------------------------------------------------------------------

Region::Region(std::string name) : Primitive(ObjectKind::region, std::move(name)) {}

void Region::Enter(CallSite at) {
  auto guard = m_program.Lock();
  m_program.Step(guard, at, EventKind::region_enter, m_id);
  ObjectInfo& region = m_program.Object(guard, m_id);
  region.value += 1;
  m_program.Record(guard, EventKind::region_enter, m_id, region.value);
}

// Like a release, leaving runs in a destructor: no line to mark, and it never throws.
void Region::Leave() {
  auto guard = m_program.Lock();
  m_program.Step(guard, CallSite::None(), EventKind::region_leave, m_id);
  ObjectInfo& region = m_program.Object(guard, m_id);
  region.value -= 1;
  m_program.Record(guard, EventKind::region_leave, m_id, region.value);
}

}  // namespace threadlab
