// The timeline's data: one lane per thread, cut into spans of one state each. Built from
// the recorded trace (never from live threads) and extended as new events arrive, so the
// UI turns a snapshot into spans each frame without starting over.
#pragma once

#include <string>
#include <vector>

#include "runtime/snapshot.h"
#include "runtime/state_tracker.h"

namespace threadlab {

struct Span {
  double begin = 0;
  double end = 0;    // for the last span of a live thread: the snapshot's now
  ThreadState state = ThreadState::running;
  int event = -1;    // the trace event that began it (for hover details)
};

struct Lane {
  std::string name;
  bool daemon = false;
  std::vector<Span> spans;
  std::vector<int> marks;  // trace events drawn as ticks: log lines, shared reads and writes
};

class Timeline {
 public:
  // Takes the events of `snapshot` not seen yet; call with the same run's snapshots only.
  void Update(const RunSnapshot& snapshot);
  const std::vector<Lane>& lanes() const { return m_lanes; }
  double end() const { return m_end; }

 private:
  std::vector<Lane> m_lanes;
  StateTracker m_states;
  size_t m_seen = 0;
  double m_end = 0;
};

}  // namespace threadlab
