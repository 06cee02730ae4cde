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

 private:
  bool HoldsLock(int thread) const;
  ThreadState Running(int thread) const;

  std::vector<ThreadState> m_states;
  std::map<int, int> m_lock_owner;  // lock object -> thread holding it
};

}  // namespace threadlab
