// The lessons, one per file, listed by registry.cpp in the seed's order.
#pragma once

#include "lesson.h"

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
void RunOneThread(const ParamValues& params);
std::string OneThreadOutcome(const RunSnapshot& run, const ParamValues& params);
extern const char* const kOneThreadSource;

// The race lesson's update test, with or without the lock (the lock lesson).
void RunDatabaseTest(const ParamValues& params, bool locked);

// True when the run's log holds a line with exactly this message.
bool LogHas(const RunSnapshot& run, const std::string& message);

}  // namespace threadlab
