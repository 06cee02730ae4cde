// The registry: an explicit list in the seed's order (self-registration across files would
// not keep that order).
#include "lessons/lessons.h"

namespace threadlab {

const std::vector<const Lesson*>& Lessons() {
  static const std::vector<const Lesson*> lessons = {
      &kThread,
      &kDaemon,
      &kMultipleThreads,
      &kThreadPool,
      &kRaceCondition,
      &kLock,
      &kDeadlock,
      &kRLock,
      &kSemaphore,
      &kTimer,
      &kBarrier,
      &kProducerConsumerLock,
      &kProducerConsumerQueue,
  };
  return lessons;
}

int LogIndex(const RunSnapshot& run, const std::string& message) {
  for (size_t i = 0; i < run.log.size(); ++i)
    if (run.log[i].message == message) return static_cast<int>(i);
  return -1;
}

int CountLines(const RunSnapshot& run, const std::string& text) {
  int count = 0;
  for (const LogLine& line : run.log) count += line.message.find(text) != std::string::npos;
  return count;
}

std::string RaisedError(const RunSnapshot& run) {
  for (const TraceEvent& event : run.trace)
    if (event.kind == EventKind::error) return event.text;
  return "";
}

std::string Count(long long count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace threadlab
