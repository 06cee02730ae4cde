// What a run leaves behind, as it happens: the log, the trace, the threads' states and the
// objects' live values, each bounded so that no run, at any parameter, can fill the memory.
// Not thread-safe: the program calls it with its lock held.
#pragma once

#include <string>
#include <vector>

#include "runtime/state_tracker.h"
#include "runtime/trace.h"

namespace threadlab {

// A run that reaches one of these stops, and says so ("stopped: the log is full").
constexpr size_t kMaxLogLines = 20'000;
constexpr size_t kMaxTraceEvents = 200'000;
constexpr size_t kMaxMessageLength = 1'000;  // a longer log line is cut

class Recorder {
 public:
  explicit Recorder(long long start_of_day_seconds, bool keep = true)
      : m_start_of_day_seconds(start_of_day_seconds), m_keep(keep) {}

  int AddThread(std::string name, bool daemon);
  int AddObject(ObjectKind kind, std::string name, long long capacity);

  // Both return false, recording nothing, once the bound is reached.
  bool Event(double time, int thread, EventKind kind, int object, long long value, std::string text);
  bool Log(double time, int thread, std::string message);

  std::string ClockText(double lesson_time);  // "HH:MM:SS", the program's wall clock

  std::vector<ThreadInfo> threads;
  std::vector<ObjectInfo> objects;
  std::vector<LogLine> log;
  std::vector<TraceEvent> trace;

 private:
  const long long m_start_of_day_seconds;
  const bool m_keep;  // false: keep no log or trace (benchmarks of the bare runtime)
  StateTracker m_states;
  // Most log lines fall in the same second as the one before: its text, formatted once.
  long long m_clock_second = -1;
  std::string m_clock_text;
  bool m_full = false;
};

}  // namespace threadlab
