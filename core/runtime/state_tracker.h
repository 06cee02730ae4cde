// What each thread is doing, replayed from trace events. The program keeps one live; the
// timeline replays a recorded trace with another, so both read states the same way.
#pragma once

#include <map>
#include <vector>

#include "runtime/trace.h"

namespace threadlab {

class StateTracker {
 public:
  // Applies one event; returns the state its thread is in afterwards.
  ThreadState Apply(const TraceEvent& event);
  ThreadState State(int thread) const;
  // The event that put `thread` in its state, for the words that name the object: the Lock
  // it waits for, the Queue that is full. kind is log for a thread not seen yet.
  const TraceEvent& Cause(int thread) const;
  // The locks `thread` holds, in the order of their objects.
  std::vector<int> HeldLocks(int thread) const;

 private:
  bool HoldsLock(int thread) const;

  std::vector<ThreadState> m_states;
  std::vector<TraceEvent> m_causes;  // by thread, without text (the live program keeps one)
  std::map<int, int> m_lock_owner;  // lock object -> thread holding it
};

}  // namespace threadlab
