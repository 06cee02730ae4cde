// A recorded run at one moment: its trace replayed up to an event, for the timeline's
// scrubber. What each thread was doing then, in words, and how much of the log was written.
// Read from the trace alone (never from live threads), so a finished run can be looked at
// anywhere in its history, and a test can check it without a UI.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/snapshot.h"

namespace threadlab {

struct ThreadMoment {
  ThreadState state = ThreadState::running;
  bool started = false;  // it had recorded an event by then
  std::string words;     // "waiting for Lock '_lock'", "sleeping, holding Lock '_lock'"
};

struct Moment {
  size_t events = 0;     // the run's first `events` trace events had happened
  double time = 0;       // lesson seconds
  size_t log_lines = 0;  // the log lines written by then: run.log's first ones
  std::vector<ThreadMoment> threads;  // as RunSnapshot::threads
  std::vector<ObjectInfo> objects;    // as RunSnapshot::objects, as they stood then
};

// The run as it stood once its first `events` trace events had happened; time is the last
// one's (0 before any).
Moment MomentAfter(const RunSnapshot& run, size_t events);
// The run as it stood at `time`: every event stamped at or before it had happened.
Moment MomentAt(const RunSnapshot& run, double time);
// How many of the run's events are stamped at or before `time` (stamps never go back).
size_t EventsUntil(const RunSnapshot& run, double time);
// An object as a learner reads it: "Lock '_lock'", or "it" for one the run does not list.
std::string ObjectLabel(const RunSnapshot& run, int object);

}  // namespace threadlab
