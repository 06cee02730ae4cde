// The registry: an explicit list in the seed's order (self-registration across files would
// not keep that order). A new lesson file adds its line here; a test checks that the list
// and the lesson files agree (tests/core/params_test.cpp).
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
      &kCondition,
      &kProducerConsumerLock,
      &kProducerConsumerQueue,
      &kCheckThenAct,
      &kNarrowLock,
      &kDiningPhilosophers,
      &kLostWakeup,
      &kSemaphoreLeak,
      &kCheckOutsideLock,
  };
  return lessons;
}

std::string Count(long long count, const char* one, const char* many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace threadlab
