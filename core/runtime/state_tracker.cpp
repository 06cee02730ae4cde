#include "runtime/state_tracker.h"

#include "runtime/events.h"

namespace threadlab {

ThreadState StateTracker::Apply(const TraceEvent& event) {
  if (event.thread < 0) return ThreadState::running;
  if (static_cast<size_t>(event.thread) >= m_states.size()) {
    m_states.resize(event.thread + 1, ThreadState::running);
    m_causes.resize(event.thread + 1);
  }
  if (event.kind == EventKind::lock_acquired) m_lock_owner[event.object] = event.thread;
  // Any thread may release a Lock (the producer-consumer lesson does): forget its owner.
  if (event.kind == EventKind::lock_released && event.value == 0) m_lock_owner.erase(event.object);
  const EventRow& row = RowOf(event.kind);
  ThreadState& state = m_states[event.thread];
  // Nothing follows the end of a thread (a put that did not wait changes nothing either).
  if (row.state && !Ended(state)) {
    state = *row.state;
    // Who holds the lock matters more than that it runs or sleeps (the lock lesson sleeps
    // inside its critical section): a thread with a lock held shows as holding it.
    const bool busy = state == ThreadState::running || state == ThreadState::sleeping;
    if (busy && HoldsLock(event.thread))
      state = ThreadState::holding_lock;
  }
  if (row.changes_activity) {
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

}  // namespace threadlab
