// The lessons, one per file, listed by registry.cpp in the seed's order.
//
// Every lesson file has the same sections: Source shown (the code that runs, which the
// learner reads: extract_sources.py cuts it out at build time), Outcome (what the run
// showed, read from what it recorded), and Lesson (its description).
#pragma once

#include <string>

#include "lesson.h"
#include "lessons/shown.h"  // generated: each lesson's LessonCode

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
int main();
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params);
extern const char* const kPythonNote;
}  // namespace one_thread

// ---- reading what a run recorded, for the outcomes ------------------------------------------

// The index of the first log line with exactly this message, or -1.
int LogIndex(const RunSnapshot& run, const std::string& message);
// How many log lines contain this text.
int CountLines(const RunSnapshot& run, const std::string& start);
// "RuntimeError: release unlocked lock" when an exception escaped a thread, else "".
std::string RaisedError(const RunSnapshot& run);
// "1 thread", "3 threads".
std::string Count(long long count, const char* one, const char* many);

}  // namespace threadlab
