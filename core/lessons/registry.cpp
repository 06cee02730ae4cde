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

bool LogHas(const RunSnapshot& run, const std::string& message) {
  for (const LogLine& line : run.log)
    if (line.message == message) return true;
  return false;
}

}  // namespace threadlab
