// The lessons, one per file, listed by registry.cpp in the seed's order.
//
// Every lesson file has the same sections: Source shown (the code that runs, which the
// learner reads: extract_sources.py cuts it out at build time), Outcome (what the run
// showed, read from what it recorded), and Lesson (its description).
#pragma once

#include <string>

#include "lesson.h"
#include "lessons/shown.h"
#include "runtime/log_reading.h"  // generated: each lesson's LessonCode

namespace threadlab {

extern const Lesson kThread;
extern const Lesson kDaemon;
extern const Lesson kMultipleThreads;
extern const Lesson kThreadPool;
extern const Lesson kRaceCondition;
extern const Lesson kLock;
extern const Lesson kDeadlock;
extern const Lesson kRLock;
extern const Lesson kSemaphore;
extern const Lesson kTimer;
extern const Lesson kBarrier;
extern const Lesson kProducerConsumerLock;
extern const Lesson kProducerConsumerQueue;

// The first two lessons run the same program; they differ in the daemon flag's default.
namespace one_thread {
Lesson Make(const char* id, const char* title, const char* text, bool daemon);
}  // namespace one_thread

// "1 thread", "3 threads".
std::string Count(long long count, const char* one, const char* many);

}  // namespace threadlab
