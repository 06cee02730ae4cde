#include "runtime/state_tracker.h"

namespace threadlab {

namespace {
// Whether an event starts or ends something the thread does (a sleep, a wait, holding a
// lock), rather than being a step along the way (a log line, a read, a look at a queue).
bool ChangesActivity(EventKind kind) {
  switch (kind) {
    case EventKind::log:
    case EventKind::error:
    case EventKind::timer_started:
    case EventKind::timer_cancelled:
    case EventKind::event_set:
    case EventKind::event_cleared:
    case EventKind::shared_read:
    case EventKind::shared_write:
    case EventKind::semaphore_released:
    case EventKind::query:
      return false;
    default:
      return true;
  }
}
}  // namespace

ThreadState StateTracker::Apply(const TraceEvent& event) {
  if (event.thread < 0) return ThreadState::running;
  if (static_cast<size_t>(event.thread) >= m_states.size()) {
    m_states.resize(event.thread + 1, ThreadState::running);
    m_causes.resize(event.thread + 1);
  }
  ThreadState& state = m_states[event.thread];
  switch (event.kind) {
    case EventKind::lock_acquired:
      m_lock_owner[event.object] = event.thread;
      state = ThreadState::holding_lock;
      break;
    case EventKind::lock_released:
      // Any thread may release a Lock (the producer-consumer lesson does): forget its owner.
      if (event.value == 0) m_lock_owner.erase(event.object);
      state = Running(event.thread);
      break;
    case EventKind::sleep_begin:
      // Who holds the lock matters more than that it sleeps (the lock lesson sleeps inside
      // its critical section): a sleep with a lock held shows as holding it.
      state = HoldsLock(event.thread) ? ThreadState::holding_lock : ThreadState::sleeping;
      break;
    case EventKind::lock_wait: state = ThreadState::waiting_lock; break;
    case EventKind::barrier_wait: state = ThreadState::waiting_barrier; break;
    case EventKind::queue_blocked: state = ThreadState::blocked_queue; break;
    case EventKind::semaphore_wait:
    case EventKind::event_wait:
    case EventKind::join_wait:
      state = ThreadState::waiting;
      break;
    case EventKind::thread_finished: state = ThreadState::finished; break;
    case EventKind::thread_killed: state = ThreadState::killed; break;
    case EventKind::queue_put:
    case EventKind::queue_get:
      // A put or get that had to wait ends the wait; one that did not changes nothing.
      if (state != ThreadState::finished && state != ThreadState::killed)
        state = Running(event.thread);
      break;
    case EventKind::thread_started:
    case EventKind::sleep_end:
    case EventKind::semaphore_acquired:
    case EventKind::barrier_passed:
    case EventKind::event_woke:
    case EventKind::join_done:
    case EventKind::timer_fired:
    case EventKind::task_begin:
    case EventKind::task_end:
    case EventKind::wait_timeout:
      state = Running(event.thread);
      break;
    default:  // a step along the way (ChangesActivity): what the thread does stays
      break;
  }
  if (ChangesActivity(event.kind)) {
    TraceEvent& cause = m_causes[event.thread];
    cause.time = event.time;
    cause.thread = event.thread;
    cause.kind = event.kind;
    cause.object = event.object;
    cause.value = event.value;
  }
  return state;
}

ThreadState StateTracker::State(int thread) const {
  if (thread < 0 || static_cast<size_t>(thread) >= m_states.size()) return ThreadState::running;
  return m_states[thread];
}

const TraceEvent& StateTracker::Cause(int thread) const {
  static const TraceEvent kNone;
  if (thread < 0 || static_cast<size_t>(thread) >= m_causes.size()) return kNone;
  return m_causes[thread];
}

std::vector<int> StateTracker::HeldLocks(int thread) const {
  std::vector<int> locks;
  for (const auto& [lock, owner] : m_lock_owner)
    if (owner == thread) locks.push_back(lock);
  return locks;
}

bool StateTracker::HoldsLock(int thread) const {
  for (const auto& [lock, owner] : m_lock_owner)
    if (owner == thread) return true;
  return false;
}

ThreadState StateTracker::Running(int thread) const {
  return HoldsLock(thread) ? ThreadState::holding_lock : ThreadState::running;
}

}  // namespace threadlab
