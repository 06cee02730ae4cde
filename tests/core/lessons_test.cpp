// Each lesson shows what it teaches, run after run: these tests read its log and trace the
// way a learner reads the log and the timeline.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "lesson.h"
#include "runtime/timeline.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

// Some lessons show what they teach only when starting a thread is quicker than the
// sleeps in the lesson (all threads start before any finishes; every worker reads before
// the first one writes). Starting a thread takes a few ms on a loaded machine, more on wasm
// when the worker pool must grow: run those lessons slowly enough to keep that true.
constexpr double kStartBoundSpeed = 2;

// ---- Threading, with and without daemon ---------------------------------------------------

TEST(ThreadLesson, PrintsTheSeedsSixLinesInTheSeedsOrder) {
  const RunSnapshot run = RunLesson("thread");
  EXPECT_EQ(Messages(run), (std::vector<std::string>{
                               "Main    : before creating thread",
                               "Main    : before running thread",
                               "Thread 1: starting",
                               "Main    : wait for the thread to finish",
                               "Main    : all done",
                               "Thread 1: finishing",
                           }));
  EXPECT_EQ(run.status, RunStatus::finished);
}

TEST(DaemonLesson, TheDaemonsLastLineIsMissingWhenNotJoined) {
  const RunSnapshot run = RunLesson("daemon");
  EXPECT_NE(IndexOf(run, "Main    : all done"), -1);
  EXPECT_EQ(IndexOf(run, "Thread 1: finishing"), -1);
  EXPECT_EQ(run.threads.at(1).state, ThreadState::killed);
  EXPECT_NE(run.outcome.find("killed at exit"), std::string::npos) << run.outcome;
}

TEST(DaemonLesson, TheDaemonsLastLineComesBeforeAllDoneWhenJoined) {
  const RunSnapshot run = RunLesson("daemon", {{"join", 1}});
  ASSERT_NE(IndexOf(run, "Thread 1: finishing"), -1);
  EXPECT_LT(IndexOf(run, "Thread 1: finishing"), IndexOf(run, "Main    : all done"));
  EXPECT_EQ(run.threads.at(1).state, ThreadState::finished);
}

// ---- several threads, pool ----------------------------------------------------------------

TEST(MultipleThreadsLesson, StartingAThreadTakesNoLessonTime) {
  // However long a platform takes to start a thread (a frame of the browser's main thread
  // on the web), the lesson's clock stands still meanwhile: eight starts take no time.
  const RunSnapshot run = RunLesson("multiple-threads", {{"threads", 8}, {"sleep", 1}}, 1);
  const int last_start = IndexOf(run, "Thread 7: starting");
  ASSERT_NE(last_start, -1);
  EXPECT_LT(run.log[last_start].time - run.log.front().time, 0.05);
  EXPECT_GE(run.log.back().time - run.log.front().time, 1.0);
}

TEST(MultipleThreadsLesson, EveryThreadStartsBeforeAnyFinishes) {
  const RunSnapshot run = RunLesson("multiple-threads", {{"threads", 5}, {"sleep", 1}}, kStartBoundSpeed);
  int last_start = -1, first_finish = 1 << 30;
  for (int i = 0; i < 5; ++i) {
    last_start = std::max(last_start, IndexOf(run, "Thread " + std::to_string(i) + ": starting"));
    const int finish = IndexOf(run, "Thread " + std::to_string(i) + ": finishing");
    ASSERT_NE(finish, -1);
    first_finish = std::min(first_finish, finish);
  }
  EXPECT_LT(last_start, first_finish);
  EXPECT_EQ(run.threads.size(), 6u);
}

TEST(ThreadPoolLesson, NeverRunsMoreThanMaxWorkersTasksAndRunsThemAll) {
  const RunSnapshot run = RunLesson("thread-pool", {{"max_workers", 2}, {"tasks", 7}, {"sleep", 0.2}},
                                     kStartBoundSpeed);
  EXPECT_EQ(MostAtOnce(run, EventKind::task_begin, EventKind::task_end), 2);
  EXPECT_EQ(CountEvents(run, EventKind::task_end), 7);
  for (int i = 0; i < 7; ++i)
    EXPECT_NE(IndexOf(run, "Thread " + std::to_string(i) + ": finishing"), -1) << i;
  EXPECT_EQ(run.threads.size(), 3u) << "Main and max_workers workers";
}

// ---- race, lock ---------------------------------------------------------------------------

TEST(RaceConditionLesson, TwoWorkersWithoutALockLoseOneUpdate) {
  const RunSnapshot run = RunLesson("race-condition", {}, kStartBoundSpeed);
  EXPECT_EQ(EndingValue(run), 1);
  EXPECT_EQ(run.outcome, "expected 2, got 1: one update was lost");
}

TEST(RaceConditionLesson, FiveWorkersForFiveUpdatesLoseFour) {
  const RunSnapshot run = RunLesson("race-condition", {{"workers", 5}, {"updates", 5}}, kStartBoundSpeed);
  EXPECT_EQ(EndingValue(run), 1);
  EXPECT_EQ(run.threads.size(), 6u);
}

TEST(RaceConditionLesson, OneWorkerLosesNothing) {
  EXPECT_EQ(EndingValue(RunLesson("race-condition", {{"workers", 1}, {"updates", 3}})), 3);
}

TEST(LockLesson, TwoWorkersWithTheLockEndWithTwo) {
  const RunSnapshot run = RunLesson("lock");
  EXPECT_EQ(EndingValue(run), 2);
  EXPECT_EQ(MostAtOnce(run, EventKind::lock_acquired, EventKind::lock_released), 1);
}

TEST(LockLesson, TheTimelineShowsOneLaneHoldingTheLockWhileTheOthersWait) {
  const RunSnapshot run = RunLesson("lock", {{"workers", 3}, {"updates", 3}});
  Timeline timeline;
  timeline.Update(run);
  std::vector<Span> holding, waiting;
  for (const Lane& lane : timeline.lanes())
    for (const Span& span : lane.spans) {
      if (span.state == ThreadState::holding_lock) holding.push_back(span);
      if (span.state == ThreadState::waiting_lock) waiting.push_back(span);
    }
  ASSERT_GE(holding.size(), 3u) << "each update holds the lock, sleep included";
  ASSERT_GE(waiting.size(), 2u);
  for (const Span& wait : waiting) {
    const bool someone_holds = std::any_of(holding.begin(), holding.end(), [&](const Span& hold) {
      return hold.begin <= wait.begin && wait.begin <= hold.end;
    });
    EXPECT_TRUE(someone_holds) << "a wait at " << wait.begin << " while nobody held the lock";
  }
}

TEST(LockLesson, NWorkersForNUpdatesEndWithN) {
  EXPECT_EQ(EndingValue(RunLesson("lock", {{"workers", 5}, {"updates", 5}, {"sleep", 0.05}})), 5);
}

// ---- deadlock, rlock ----------------------------------------------------------------------

TEST(DeadlockLesson, AcquiringALockTwiceIsReportedQuickly) {
  const auto started = std::chrono::steady_clock::now();
  const RunSnapshot run = RunLesson("deadlock");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_EQ(run.deadlock, "Main waits for Lock 'l' held by Main");
  EXPECT_EQ(IndexOf(run, "acquired lock twice"), -1);
}

TEST(DeadlockLesson, AcquiringOnceIsFine) {
  const RunSnapshot run = RunLesson("deadlock", {{"acquires", 1}});
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_NE(IndexOf(run, "acquired lock once"), -1);
}

TEST(RLockLesson, OneReleaseTooManyRaisesRuntimeError) {
  const RunSnapshot run = RunLesson("rlock");
  EXPECT_EQ(run.status, RunStatus::raised);
  EXPECT_NE(IndexOf(run, "acquired lock 3 times"), -1);
  EXPECT_NE(IndexOf(run, "Traceback: RuntimeError: cannot release un-acquired lock"), -1);
  EXPECT_EQ(IndexOf(run, "released lock 4 times"), -1);
}

TEST(RLockLesson, AsManyReleasesAsAcquiresIsFine) {
  const RunSnapshot run = RunLesson("rlock", {{"acquires", 4}, {"releases", 4}});
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_NE(IndexOf(run, "released lock 4 times"), -1);
}

// ---- semaphore, timer, barrier ------------------------------------------------------------

TEST(SemaphoreLesson, NeverLetsMoreThanPermitsInAndEveryThreadGetsThrough) {
  const RunSnapshot run = RunLesson("semaphore", {{"permits", 3}, {"threads", 8}, {"hold", 0.5}});
  EXPECT_EQ(MostAtOnce(run, EventKind::semaphore_acquired, EventKind::semaphore_released), 3);
  EXPECT_EQ(CountEvents(run, EventKind::semaphore_acquired), 8);
  EXPECT_NE(IndexOf(run, "Main    : all 8 threads got through"), -1);
  for (const TraceEvent& event : run.trace)
    if (event.kind == EventKind::semaphore_acquired) {
      EXPECT_GE(event.value, 0);
    }
}

TEST(TimerLesson, CancelledBeforeItsDelayItNeverFires) {
  const RunSnapshot run = RunLesson("timer", {{"delay", 2}, {"cancel_after", 0.5}});
  EXPECT_EQ(CountEvents(run, EventKind::timer_fired), 0);
  EXPECT_EQ(IndexOf(run, "Timer   : hello, 2 s later"), -1);
  EXPECT_NE(IndexOf(run, "Main    : cancelling the timer"), -1);
}

TEST(TimerLesson, FiresAfterItsDelayAndALateCancelIsHarmless) {
  const RunSnapshot run = RunLesson("timer", {{"delay", 0.5}, {"cancel_after", 1}});
  EXPECT_EQ(run.status, RunStatus::finished);
  ASSERT_NE(IndexOf(run, "Timer   : hello, 0.5 s later"), -1);
  EXPECT_LT(IndexOf(run, "Timer   : hello, 0.5 s later"), IndexOf(run, "Main    : cancelling the timer"));
  const double fired_at = run.log.at(IndexOf(run, "Timer   : hello, 0.5 s later")).time;
  EXPECT_GE(fired_at, 0.5);
}

TEST(BarrierLesson, NoThreadPassesBeforeTheLastArrives) {
  for (int seed : {1, 2, 3}) {
    const RunSnapshot run = RunLesson("barrier", {{"parties", 4}, {"seed", seed}});
    int last_ready = -1, first_passed = 1 << 30;
    for (size_t i = 0; i < run.log.size(); ++i) {
      if (run.log[i].message.find("waiting at the barrier") != std::string::npos) last_ready = i;
      if (run.log[i].message.find("passed the barrier") != std::string::npos)
        first_passed = std::min(first_passed, static_cast<int>(i));
    }
    EXPECT_LT(last_ready, first_passed) << "seed " << seed;
    EXPECT_EQ(CountEvents(run, EventKind::barrier_passed), 4) << "seed " << seed;
  }
}

// ---- producer-consumer --------------------------------------------------------------------

std::vector<int> Numbers(const RunSnapshot& run, const char* format) {
  std::vector<int> numbers;
  for (const LogLine& line : run.log) {
    int number = 0;
    if (std::sscanf(line.message.c_str(), format, &number) == 1) numbers.push_back(number);
  }
  return numbers;
}

TEST(ProducerConsumerLockLesson, EveryMessageIsStoredOnceInOrder) {
  const RunSnapshot run = RunLesson("producer-consumer-lock", {{"messages", 25}});
  const std::vector<int> produced = Numbers(run, "Producer got message: %d");
  EXPECT_EQ(produced.size(), 25u);
  EXPECT_EQ(Numbers(run, "Consumer storing message: %d"), produced);
  for (const ThreadInfo& thread : run.threads) EXPECT_EQ(thread.state, ThreadState::finished);
}

TEST(ProducerConsumerQueueLesson, EveryMessageOnceInOrderPerProducerWithinCapacity) {
  const RunSnapshot run = RunLesson("producer-consumer-queue", {{"producers", 2},
                                                                {"consumers", 3},
                                                                {"capacity", 4},
                                                                {"run_time", 0.3},
                                                                {"produce_time", 0.01},
                                                                {"consume_time", 0.02}});
  std::multiset<int> put, got;
  std::map<int, int> last_got_of_producer;
  int fill = 0;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::queue_put) {
      put.insert(event.value);
      ASSERT_LE(++fill, 4) << "the queue went above its capacity";
    }
    if (event.kind == EventKind::queue_get) {
      --fill;
      got.insert(event.value);
      if (event.value < 0) continue;  // a sentinel
      const int producer = event.value / 1000;
      if (last_got_of_producer.count(producer)) {
        EXPECT_GT(event.value, last_got_of_producer[producer]) << "out of order";
      }
      last_got_of_producer[producer] = event.value;
    }
  }
  EXPECT_EQ(put, got) << "every message put is got exactly once";
  EXPECT_EQ(put.count(-1), 3u) << "one sentinel per consumer";
  EXPECT_GT(put.size(), 6u);
  EXPECT_EQ(Numbers(run, "Producer %*d got message: %d").size() + 3, put.size());
  for (const ThreadInfo& thread : run.threads) EXPECT_EQ(thread.state, ThreadState::finished);
}

// ---- every lesson ---------------------------------------------------------------------------

TEST(EveryLesson, StopAtAnyMomentEndsAllItsThreadsPromptly) {
  for (const Lesson* lesson : Lessons()) {
    for (int delay_ms : {0, 3, 20}) {
      auto program = StartLesson(*lesson, DefaultValues(*lesson), RunOptions::AtSpeed(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      program->Stop();
      ASSERT_TRUE(program->WaitFor(5)) << lesson->id << " did not end after Stop";
      RunSnapshot run;
      program->Read(run);
      for (const ThreadInfo& thread : run.threads)
        EXPECT_TRUE(thread.state == ThreadState::killed || thread.state == ThreadState::finished)
            << lesson->id << ": " << thread.name << " is " << ThreadStateName(thread.state);
    }
  }
}

TEST(EveryLesson, RunsToItsEndWithTheDefaultsAndSaysWhatItShowed) {
  for (const Lesson* lesson : Lessons()) {
    const RunSnapshot run = RunLesson(lesson->id, {}, 200);
    EXPECT_TRUE(run.done) << lesson->id;
    EXPECT_FALSE(run.log.empty()) << lesson->id;
    EXPECT_FALSE(run.outcome.empty()) << lesson->id;
    EXPECT_NE(run.status, RunStatus::stopped) << lesson->id;
  }
}

}  // namespace
}  // namespace threadlab
