// Each lesson shows what it teaches, run after run: these tests read its log and trace the
// way a learner reads the log and the timeline.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "lesson.h"
#include "run/explore.h"
#include "runtime/log_reading.h"
#include "runtime/scheduler.h"
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

// Reads an outcome field of a run.
long long IntegerField(const RunSnapshot& run, const char* name) {
  const Outcome outcome = OutcomeOf(run);
  const OutcomeField* field = outcome.Find(name);
  if (!field) ADD_FAILURE() << "no outcome field " << name << " in '" << run.outcome << "'";
  return field ? std::get<long long>(field->value) : -1;
}
bool FlagField(const RunSnapshot& run, const char* name) {
  const Outcome outcome = OutcomeOf(run);
  const OutcomeField* field = outcome.Find(name);
  if (!field) ADD_FAILURE() << "no outcome field " << name << " in '" << run.outcome << "'";
  return field && std::get<bool>(field->value);
}

// ---- Threading, with and without daemon ---------------------------------------------------

TEST(ThreadLesson, PrintsTheSeedsSixLinesInTheSeedsOrder) {
  const RunSnapshot run = RunLesson("thread");
  EXPECT_EQ(Messages(run), (std::vector<std::string>{
                               "Main\t\t:\tBefore creating thread",
                               "Main\t\t:\tBefore running thread",
                               "Thread 1\t:\tstarting",
                               "Main\t\t:\twait for the thread to finish",
                               "Main\t\t:\tall done",
                               "Thread 1\t:\tfinishing",
                           }));
  EXPECT_EQ(run.status, RunStatus::finished);
}

TEST(DaemonLesson, TheDaemonsLastLineIsMissingWhenNotJoined) {
  const RunSnapshot run = RunLesson("daemon");
  EXPECT_NE(IndexOf(run, "Main\t\t:\tall done"), -1);
  EXPECT_EQ(IndexOf(run, "Thread 1\t:\tfinishing"), -1);
  EXPECT_EQ(run.threads.at(1).state, ThreadState::killed);
  EXPECT_NE(run.outcome.find("killed at exit"), std::string::npos) << run.outcome;
}

TEST(DaemonLesson, TheDaemonsLastLineComesBeforeAllDoneWhenJoined) {
  const RunSnapshot run = RunLesson("daemon", {{"join", 1}});
  ASSERT_NE(IndexOf(run, "Thread 1\t:\tfinishing"), -1);
  EXPECT_LT(IndexOf(run, "Thread 1\t:\tfinishing"), IndexOf(run, "Main\t\t:\tall done"));
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
  EXPECT_EQ(IndexOf(run, "acquire 2 returned True"), -1);
  EXPECT_EQ(OutcomeOf(run).Key(), "deadlocked=true waits=Main waits for Lock 'l' held by Main");
}

TEST(DeadlockLesson, AcquiringOnceAndReleasingOnceIsFine) {
  const RunSnapshot run = RunLesson("deadlock", {{"acquires", 1}, {"releases", 1}});
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_NE(IndexOf(run, "released lock 1 times"), -1);
}

TEST(DeadlockLesson, WithoutBlockingLaterAcquiresGiveUpAndTheSecondReleaseRaises) {
  const RunSnapshot run = RunLesson("deadlock", {{"acquires", 3}, {"blocking", 0}, {"releases", 2}});
  EXPECT_EQ(run.status, RunStatus::raised);
  EXPECT_EQ(Messages(run), (std::vector<std::string>{
                               "before acquire 1", "acquire 1 returned True",
                               "before acquire 2", "acquire 2 returned False",
                               "before acquire 3", "acquire 3 returned False",
                               "before release 1", "before release 2",
                               "Traceback: RuntimeError: release unlocked lock"}));
  EXPECT_EQ(OutcomeOf(run).Key(),
            "deadlocked=false acquired=1 gave_up=2 released=1 error=RuntimeError: release unlocked lock");
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
  EXPECT_EQ(MostAtOnce(run, EventKind::region_enter, EventKind::region_leave), 3) << "the room";
  EXPECT_EQ(CountEvents(run, EventKind::semaphore_acquired), 8);
  EXPECT_NE(IndexOf(run, "Main\t:\tevery thread got through"), -1);
  for (const TraceEvent& event : run.trace)
    if (event.kind == EventKind::semaphore_acquired) {
      EXPECT_GE(event.value, 0);
    }
}

TEST(TimerLesson, CancelledBeforeItsDelayItNeverFires) {
  const RunSnapshot run = RunLesson("timer", {{"delay", 2}, {"cancel_after", 0.5}});
  EXPECT_EQ(CountEvents(run, EventKind::timer_fired), 0);
  EXPECT_EQ(IndexOf(run, "Timer\t:\thello, the timer fired"), -1);
  EXPECT_NE(IndexOf(run, "Main\t:\tcancelling the timer"), -1);
}

TEST(TimerLesson, FiresAfterItsDelayAndALateCancelIsHarmless) {
  const RunSnapshot run = RunLesson("timer", {{"delay", 0.5}, {"cancel_after", 1}});
  EXPECT_EQ(run.status, RunStatus::finished);
  ASSERT_NE(IndexOf(run, "Timer\t:\thello, the timer fired"), -1);
  EXPECT_LT(IndexOf(run, "Timer\t:\thello, the timer fired"), IndexOf(run, "Main\t:\tcancelling the timer"));
  const double fired_at = run.log.at(IndexOf(run, "Timer\t:\thello, the timer fired")).time;
  EXPECT_GE(fired_at, 0.5);
}

TEST(BarrierLesson, NoThreadPassesBeforeTheLastArrives) {
  for (double max_init : {0.0, 0.5, 1.0}) {
    const RunSnapshot run = RunLesson("barrier", {{"parties", 4}, {"threads", 4}, {"max_init", max_init}});
    int last_ready = -1, first_passed = 1 << 30;
    for (size_t i = 0; i < run.log.size(); ++i) {
      if (run.log[i].message.find("waiting at the barrier") != std::string::npos) last_ready = i;
      if (run.log[i].message.find("passed the barrier") != std::string::npos)
        first_passed = std::min(first_passed, static_cast<int>(i));
    }
    EXPECT_LT(last_ready, first_passed) << "max_init " << max_init;
    EXPECT_EQ(CountEvents(run, EventKind::barrier_passed), 4) << "max_init " << max_init;
  }
}

TEST(BarrierLesson, FewerThreadsThanPartiesWaitForeverAndTheDeadlockIsReported) {
  const RunSnapshot run = RunLesson("barrier", {{"parties", 3}, {"threads", 2}, {"max_init", 0.2}});
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_NE(run.deadlock.find("waits at barrier 'barrier'"), std::string::npos) << run.deadlock;
  EXPECT_EQ(CountEvents(run, EventKind::barrier_passed), 0);
}

// ---- Condition -------------------------------------------------------------------------------

TEST(ConditionLesson, WithWhileEveryConsumerTakesOneItem) {
  const RunSnapshot run = RunLesson("condition", {{"consumers", 3}, {"items", 3}});
  EXPECT_EQ(run.status, RunStatus::finished);
  for (int item = 1; item <= 3; ++item)
    EXPECT_EQ(CountLines(run, ": took item " + std::to_string(item)), 1) << item;
  EXPECT_EQ(CountLines(run, "IndexError"), 0);
  EXPECT_EQ(IndexOf(run, "Main\t:\tevery consumer is done"), static_cast<int>(run.log.size()) - 1);
}

TEST(ConditionLesson, WithIfTheConsumerWokenSecondPopsFromAnEmptyShelf) {
  // The producer sleeps before each item, and the lesson's clock moves on only once every
  // thread waits: both consumers wait before the first item, and NotifyAll wakes both for it.
  const RunSnapshot run = RunLesson("condition", {{"recheck", 0}});
  EXPECT_EQ(run.status, RunStatus::raised);
  EXPECT_EQ(CountLines(run, ": took item 1"), 1);
  EXPECT_EQ(CountLines(run, ": took item 2"), 0) << "the consumer that raised is gone";
  EXPECT_EQ(CountLines(run, ": IndexError: pop from empty list"), 1);
  EXPECT_EQ(CountLines(run, "Exception in thread Consumer "), 1);
  EXPECT_EQ(IntegerField(run, "failed"), 1);
}

TEST(ConditionLesson, FewerItemsThanConsumersLeavesOneWaitingAndTheDeadlockIsReported) {
  const RunSnapshot run = RunLesson("condition", {{"items", 1}});
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_NE(run.deadlock.find("condition"), std::string::npos) << run.deadlock;
  EXPECT_EQ(CountLines(run, ": took item 1"), 1);
}

// ---- producer-consumer --------------------------------------------------------------------

TEST(ProducerConsumerLockLesson, EveryMessageIsStoredOnceInOrder) {
  const RunSnapshot run = RunLesson("producer-consumer-lock", {{"messages", 25}});
  const std::vector<int> produced = LoggedNumbers(run, "Producer got message: %d");
  EXPECT_EQ(produced.size(), 25u);
  EXPECT_EQ(LoggedNumbers(run, "Consumer storing message: %d"), produced);
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
  EXPECT_EQ(LoggedNumbers(run, "Producer %*d got message: %d").size() + 3, put.size());
  for (const ThreadInfo& thread : run.threads) EXPECT_EQ(thread.state, ThreadState::finished);
}

TEST(ProducerConsumerQueueLesson, TheOriginalsExitCheckCanLoseTheLastMessage) {
  // The consumer checks 'event set and queue empty' while the producer holds a message it
  // has not put yet. With these times that happens in every run that keeps them, but the
  // times are wall times until the lesson clock is virtual: a loaded machine may shift
  // them, so a few runs are allowed for one to show it.
  bool lost = false;
  for (int attempt = 0; attempt < 5 && !lost; ++attempt) {
    const RunSnapshot run = RunLesson("producer-consumer-queue",
        {{"sentinel", 0}, {"produce_time", 0.03}, {"consume_time", 0.02}}, 1);
    const Outcome outcome = OutcomeOf(run);
    ASSERT_NE(outcome.Find("lost"), nullptr);
    lost = std::get<long long>(outcome.Find("lost")->value) > 0;
  }
  EXPECT_TRUE(lost);
}

// ---- the lessons beyond the tutorial, which the challenges play ---------------------------

// A lesson's defaults with these values in place of some.
ParamValues With(const char* id, const std::map<std::string, double>& params) {
  ParamValues values = DefaultValues(*FindLesson(id));
  for (const auto& [name, value] : params) values.Set(name, value);
  return values;
}

// ---- check-then-act ------------------------------------------------------------------------

// Every interleaving of a lesson at these values, and for each outcome the run that had it.
std::vector<RunSnapshot> ExploredRuns(const char* id, const std::map<std::string, double>& params) {
  const Lesson& lesson = *FindLesson(id);
  const ParamValues values = With(id, params);
  const ManyRuns many = Explore(lesson, values);
  EXPECT_TRUE(many.complete) << id;
  std::vector<RunSnapshot> runs;
  for (const OutcomeCount& outcome : many.outcomes)
    runs.push_back(RunToEnd(
        StartLesson(lesson, values, Controlled(SchedulePolicy::replay, outcome.witness))));
  return runs;
}

int MostInside(const RunSnapshot& run) {
  return MostAtOnce(run, EventKind::region_enter, EventKind::region_leave);
}

TEST(CheckThenActLesson, WithTheFlagSomeInterleavingLetsBothThreadsIn) {
  int most = 0;
  for (const RunSnapshot& run : ExploredRuns("check-then-act", {})) {
    most = std::max(most, MostInside(run));
    EXPECT_EQ(IntegerField(run, "most_inside"), MostInside(run)) << run.outcome;
  }
  EXPECT_EQ(most, 2) << "both looked at the flag before either raised it";
}

TEST(CheckThenActLesson, WithTryAcquireNoInterleavingLetsTwoIn) {
  for (const int threads : {2, 3}) {
    for (const RunSnapshot& run :
         ExploredRuns("check-then-act", {{"threads", threads}, {"test_and_set", 1}})) {
      EXPECT_EQ(MostInside(run), 1) << run.outcome;
      EXPECT_EQ(run.status, RunStatus::finished);
    }
  }
}

TEST(CheckThenActLesson, WithTryAcquireTheOthersGiveUpWhileTheFirstIsInside) {
  // The lesson clock stands still until every thread waits: all four try while the first
  // one sleeps inside.
  const RunSnapshot run = RunLesson("check-then-act", {{"threads", 4}, {"test_and_set", 1}});
  EXPECT_EQ(CountLines(run, ": in the critical section"), 1);
  EXPECT_EQ(CountLines(run, ": busy, giving up"), 3);
  EXPECT_NE(run.outcome.find("one thread at a time"), std::string::npos) << run.outcome;
}

// ---- narrow-lock ---------------------------------------------------------------------------

TEST(NarrowLockLesson, TwoLockedBlocksLetSomeInterleavingOverdrawAndOneBlockNone) {
  std::set<long long> two_blocks, one_block;
  for (const RunSnapshot& run : ExploredRuns("narrow-lock", {{"think", 0}}))
    two_blocks.insert(IntegerField(run, "ending_balance"));
  for (const RunSnapshot& run : ExploredRuns("narrow-lock", {{"think", 0}, {"one_block", 1}})) {
    one_block.insert(IntegerField(run, "ending_balance"));
    EXPECT_EQ(CountLines(run, ": balance 0 does not cover 100"), 1) << run.outcome;
  }
  EXPECT_EQ(two_blocks, (std::set<long long>{-100, 0}));
  EXPECT_EQ(one_block, (std::set<long long>{0}));
}

TEST(NarrowLockLesson, ThinkingBetweenTheBlocksLetsBothChecksPassFirst) {
  // Both threads check while the first thinks (the clock waits for every thread).
  const RunSnapshot run = RunLesson("narrow-lock");
  std::vector<std::string> steps;  // "covers" and "withdrew", in the log's order
  for (const std::string& message : Messages(run)) {
    if (message.find(" covers ") != std::string::npos) steps.push_back("covers");
    if (message.find(": withdrew ") != std::string::npos) steps.push_back("withdrew");
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"covers", "covers", "withdrew", "withdrew"}));
  EXPECT_EQ(Messages(run).back(), "Ending balance is -100.");
  EXPECT_TRUE(FlagField(run, "below_zero"));
  EXPECT_NE(run.outcome.find("went below zero: -100"), std::string::npos) << run.outcome;
}

// ---- dining philosophers, lost wake-up ----------------------------------------------------

// Every interleaving of a lesson at these values, explored to the end: its outcomes.
std::vector<std::string> ExploredOutcomes(const char* id, const std::map<std::string, double>& params) {
  const ManyRuns many = Explore(*FindLesson(id), With(id, params));
  EXPECT_TRUE(many.complete) << id << ": " << many.runs << " runs";
  std::vector<std::string> outcomes;
  for (const OutcomeCount& outcome : many.outcomes) outcomes.push_back(outcome.outcome);
  std::printf("%s: %zu interleavings, %zu outcomes\n", id, many.runs, outcomes.size());
  return outcomes;
}
bool IsDeadlock(const std::string& outcome) { return outcome.rfind("deadlock: ", 0) == 0; }

TEST(DiningPhilosophersLesson, EachHoldingTheLeftForkTheyWaitInACircleAndTheDeadlockIsReported) {
  // Each pauses with its left fork: the clock moves on only once all wait, so all have one.
  for (int philosophers : {2, 3}) {
    const RunSnapshot run = RunLesson("dining-philosophers", {{"philosophers", philosophers}});
    EXPECT_EQ(run.status, RunStatus::deadlocked) << philosophers;
    EXPECT_EQ(run.deadlock_cycle.size(), static_cast<size_t>(philosophers)) << run.deadlock;
    EXPECT_NE(run.deadlock.find("Philosopher 0 waits for Lock 'fork 1' held by Philosopher 1"),
              std::string::npos) << run.deadlock;
    EXPECT_EQ(CountLines(run, ": took fork"), philosophers) << "one fork each";
    EXPECT_EQ(CountLines(run, ": reaching for fork"), philosophers) << "each for its neighbour's";
    EXPECT_EQ(CountLines(run, ": eating"), 0);
  }
}

TEST(DiningPhilosophersLesson, TakingTheLowerNumberedForkFirstEveryMealIsEaten) {
  const RunSnapshot run = RunLesson("dining-philosophers",
                                    {{"philosophers", 5}, {"meals", 2}, {"ordered", 1}});
  EXPECT_EQ(run.status, RunStatus::finished) << run.deadlock;
  for (int name = 0; name < 5; ++name)
    EXPECT_EQ(CountLines(run, "Philosopher " + std::to_string(name) + ": eating"), 2) << name;
  EXPECT_NE(IndexOf(run, "Philosopher 4: reaching for fork 4"), -1) << "the last one took fork 0 first";
}

// Two philosophers, no sleeps: the interleavings are few enough to try them all (three are
// beyond the explorer's bound).
TEST(DiningPhilosophersLesson, ExploredLeftThenRightSomeOrderDeadlocksLowerFirstNone) {
  const std::vector<std::string> left_first =
      ExploredOutcomes("dining-philosophers", {{"pause", 0}, {"eat", 0}});
  EXPECT_TRUE(std::any_of(left_first.begin(), left_first.end(), IsDeadlock));
  EXPECT_FALSE(std::all_of(left_first.begin(), left_first.end(), IsDeadlock));
  const std::vector<std::string> ordered =
      ExploredOutcomes("dining-philosophers", {{"pause", 0}, {"eat", 0}, {"ordered", 1}});
  for (const std::string& outcome : ordered) EXPECT_FALSE(IsDeadlock(outcome)) << outcome;
}

TEST(LostWakeupLesson, ANotifyBeforeTheWaitIsLostAndTheConsumerWaitsForever) {
  const RunSnapshot run = RunLesson("lost-wakeup");
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_LT(IndexOf(run, "Producer: ready, notifying"), IndexOf(run, "Consumer: waiting for the signal"));
  EXPECT_EQ(IndexOf(run, "Consumer: got the signal"), -1);
  EXPECT_NE(run.deadlock.find("Consumer waits on Condition 'condition'"), std::string::npos) << run.deadlock;

  const RunSnapshot checked = RunLesson("lost-wakeup", {{"check_first", 1}});
  EXPECT_EQ(checked.status, RunStatus::finished) << checked.deadlock;
  EXPECT_NE(IndexOf(checked, "Consumer: got the signal"), -1);
  EXPECT_FALSE(FlagField(checked, "waited")) << "ready was set: no wait";
}

TEST(LostWakeupLesson, ExploredWithoutTheCheckSomeOrderLosesTheWakeUpWithItNone) {
  const std::vector<std::string> unchecked = ExploredOutcomes("lost-wakeup", {{"head_start", 0}});
  EXPECT_TRUE(std::any_of(unchecked.begin(), unchecked.end(), IsDeadlock));
  EXPECT_FALSE(std::all_of(unchecked.begin(), unchecked.end(), IsDeadlock));
  const std::vector<std::string> checked =
      ExploredOutcomes("lost-wakeup", {{"head_start", 0}, {"check_first", 1}});
  for (const std::string& outcome : checked) EXPECT_FALSE(IsDeadlock(outcome)) << outcome;
  EXPECT_EQ(checked.size(), 2u) << "it waited and was woken, or found ready set";
}

// ---- the challenges' lessons: each has a fix that no interleaving gets past -----------------

std::set<std::string> Outcomes(const ManyRuns& many) {
  std::set<std::string> outcomes;
  for (const OutcomeCount& outcome : many.outcomes) outcomes.insert(outcome.outcome);
  return outcomes;
}

TEST(SemaphoreLeakLesson, AVisitorTurnedAwayReleasesAnywayAndTheNextTryGetsInWhileTheRoomIsFull) {
  // Visitor 0 stays 1 s; the other, turned away, gives a permit back and is in 0.3 s later.
  const RunSnapshot run = RunLesson("semaphore-leak");
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_EQ(MostAtOnce(run, EventKind::region_enter, EventKind::region_leave), 2);
  EXPECT_NE(IndexOf(run, "Main\t:\tthe door's permits: 1 at the start, 2 now"), -1);
  EXPECT_EQ(IntegerField(run, "most_at_once"), 2);

  const RunSnapshot fixed = RunLesson("semaphore-leak", {{"release_always", 0}});
  EXPECT_EQ(MostAtOnce(fixed, EventKind::region_enter, EventKind::region_leave), 1);
  EXPECT_NE(IndexOf(fixed, "Main\t:\tthe door's permits: 1 at the start, 1 now"), -1);
  EXPECT_EQ(CountLines(fixed, ": gave up"), 1);
}

// The challenge's values, no sleeps: this schedule has Visitor 0 (thread 1) in the room when
// Visitor 1 (thread 2) is turned away, releases, tries again and gets in; with the fix, no
// interleaving of all (3886) has two in the room.
TEST(SemaphoreLeakLesson, ReleasingOnlyWhatItTookKeepsOneInTheRoomInEveryInterleaving) {
  const Lesson& lesson = *FindLesson("semaphore-leak");
  const ParamValues leaky = With("semaphore-leak", {{"stay", 0}, {"wait", 0}});
  const RunSnapshot run = RunToEnd(StartLesson(
      lesson, leaky, Controlled(SchedulePolicy::replay, *ParseSchedule("0x2.1x4.2x7.1x4.0.2x5.0x4"))));
  EXPECT_EQ(run.status, RunStatus::finished) << run.outcome;
  EXPECT_EQ(MostAtOnce(run, EventKind::region_enter, EventKind::region_leave), 2);
  EXPECT_EQ(run.outcome.rfind("2 visitors were in the room at once, with 1 permit", 0), 0u) << run.outcome;

  const ManyRuns fixed = Explore(lesson, With("semaphore-leak", {{"stay", 0}, {"wait", 0}, {"release_always", 0}}));
  ASSERT_TRUE(fixed.complete);
  std::printf("semaphore-leak, fixed: %zu interleavings\n", fixed.runs);
  EXPECT_EQ(Outcomes(fixed), (std::set<std::string>{
                                 "at most 1 visitor in the room at once, with 1 permit",
                                 "at most 1 visitor in the room at once, with 1 permit; 1 visitor gave up"}));
}

TEST(CheckOutsideLockLesson, BothSeeTheOneItemAndTheSecondToTakeItRaisesIndexError) {
  // Both look, both sleep 0.1 s, then each takes the lock in turn.
  const RunSnapshot run = RunLesson("check-outside-lock");
  EXPECT_EQ(run.status, RunStatus::raised);
  EXPECT_EQ(CountLines(run, ": sees an item"), 2);
  EXPECT_EQ(CountLines(run, ": took item 0"), 1);
  EXPECT_EQ(CountLines(run, "Exception in thread Consumer "), 1);
  EXPECT_EQ(CountLines(run, ": IndexError: pop from empty list"), 1);
  EXPECT_EQ(IntegerField(run, "failed"), 1);

  const RunSnapshot fixed = RunLesson("check-outside-lock", {{"check_inside", 1}});
  EXPECT_EQ(fixed.status, RunStatus::finished);
  EXPECT_EQ(CountLines(fixed, ": took item 0"), 1);
  EXPECT_EQ(CountLines(fixed, ": nothing to take"), 1);
}

// With no sleep at all: looking outside the lock raises in some interleavings, looking
// inside it in none.
TEST(CheckOutsideLockLesson, CheckedInsideTheLockNoInterleavingPopsFromAnEmptyList) {
  const Lesson& lesson = *FindLesson("check-outside-lock");
  const std::string raised = "1 of 1 taken; 1 consumer saw an item that another took first, and raised IndexError";
  const std::string none = "1 of 1 taken; 1 consumer found nothing to take";
  const ManyRuns outside = Explore(lesson, With("check-outside-lock", {{"sleep", 0}}));
  ASSERT_TRUE(outside.complete);
  EXPECT_EQ(Outcomes(outside), (std::set<std::string>{raised, none}));
  const ManyRuns inside = Explore(lesson, With("check-outside-lock", {{"sleep", 0}, {"check_inside", 1}}));
  ASSERT_TRUE(inside.complete);
  EXPECT_EQ(Outcomes(inside), (std::set<std::string>{none}));
  std::printf("check-outside-lock: %zu interleavings outside the lock, %zu inside\n", outside.runs, inside.runs);
}

// ---- outcomes: what each says agrees with the log, run after run ----------------------------

struct OutcomeCase {
  const char* lesson;
  std::map<std::string, double> params;
  std::function<void(const RunSnapshot&)> check;  // the outcome against the log
};

// Short sleeps, so that the order of the lines is up to the scheduler: whatever it picks,
// the outcome must say what the log shows.
const std::vector<OutcomeCase> kOutcomeCases = {
    {"thread", {{"sleep", 0}}, [](const RunSnapshot& run) {
       const int finishing = IndexOf(run, "Thread 1\t:\tfinishing");
       EXPECT_EQ(FlagField(run, "finished"), finishing >= 0);
       EXPECT_EQ(FlagField(run, "finished_after_all_done"),
                 finishing > IndexOf(run, "Main\t\t:\tall done"));
       EXPECT_NE(finishing, -1) << "not a daemon: it always finishes";
     }},
    {"daemon", {{"sleep", 0}}, [](const RunSnapshot& run) {
       const int finishing = IndexOf(run, "Thread 1\t:\tfinishing");
       EXPECT_EQ(FlagField(run, "finished"), finishing >= 0);
       EXPECT_EQ(FlagField(run, "finished_after_all_done"),
                 finishing > IndexOf(run, "Main\t\t:\tall done"));
       EXPECT_EQ(run.threads.at(1).state == ThreadState::killed, finishing < 0);
     }},
    {"multiple-threads", {{"threads", 4}, {"sleep", 0}}, [](const RunSnapshot& run) {
       std::string order;
       for (const LogLine& line : run.log)
         if (line.message.size() > 11 && line.message.substr(line.message.size() - 11) == ": finishing")
           order += (order.empty() ? "" : ", ") + line.message.substr(7, line.message.size() - 18);
       const Outcome outcome = OutcomeOf(run);
       const OutcomeField* field = outcome.Find("finish_order");
       ASSERT_NE(field, nullptr);
       EXPECT_EQ(std::get<std::string>(field->value), order);
     }},
    {"thread-pool", {{"max_workers", 2}, {"tasks", 5}, {"sleep", 0}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "tasks_finished"), CountLines(run, ": finishing"));
       EXPECT_LE(IntegerField(run, "most_at_once"), 2);
       EXPECT_EQ(IntegerField(run, "workers"), static_cast<long long>(run.threads.size()) - 1);
     }},
    {"race-condition", {{"workers", 3}, {"updates", 3}, {"sleep", 0}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "ending_value"), EndingValue(run));
       EXPECT_EQ(IntegerField(run, "expected"), 3);
     }},
    {"lock", {{"workers", 3}, {"updates", 3}, {"sleep", 0}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "ending_value"), EndingValue(run));
       EXPECT_EQ(EndingValue(run), 3);
     }},
    {"deadlock", {{"acquires", 3}, {"blocking", 0}, {"releases", 3}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "acquired"), CountLines(run, "returned True"));
       EXPECT_EQ(IntegerField(run, "gave_up"), CountLines(run, "returned False"));
       EXPECT_EQ(IntegerField(run, "released"), 1);
       EXPECT_NE(IndexOf(run, "Traceback: RuntimeError: release unlocked lock"), -1);
     }},
    {"rlock", {{"acquires", 2}, {"releases", 1}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "acquired"), 2);
       EXPECT_EQ(IntegerField(run, "released"), 1);
       EXPECT_NE(run.outcome.find("still held 1 level deep"), std::string::npos) << run.outcome;
     }},
    {"semaphore", {{"permits", 2}, {"threads", 5}, {"hold", 0}}, [](const RunSnapshot& run) {
       int inside = 0, most = 0;
       for (const LogLine& line : run.log) {
         if (line.message.find("got a permit") != std::string::npos) most = std::max(most, ++inside);
         if (line.message.find("giving the permit back") != std::string::npos) --inside;
       }
       EXPECT_EQ(IntegerField(run, "most_at_once"), most);
       EXPECT_LE(most, 2);
     }},
    {"timer", {{"delay", 0.02}, {"cancel_after", 0.02}}, [](const RunSnapshot& run) {
       EXPECT_EQ(FlagField(run, "fired"), IndexOf(run, "Timer\t:\thello, the timer fired") >= 0);
       EXPECT_TRUE(FlagField(run, "cancelled"));
     }},
    {"barrier", {{"parties", 4}, {"threads", 4}, {"max_init", 0}}, [](const RunSnapshot& run) {
       EXPECT_TRUE(FlagField(run, "waited_for_the_last"));
       EXPECT_EQ(IntegerField(run, "passed"), 4);
     }},
    {"condition", {{"consumers", 3}, {"items", 3}, {"produce_time", 0}, {"recheck", 0}},
     [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "put"), 3);
       EXPECT_EQ(IntegerField(run, "taken"), CountLines(run, ": took item"));
       EXPECT_EQ(IntegerField(run, "failed"), CountLines(run, ": IndexError: pop from empty list"));
       EXPECT_EQ(IntegerField(run, "taken") + IntegerField(run, "failed"), 3) << "each consumer ends one way";
     }},
    {"producer-consumer-lock", {{"messages", 5}}, [](const RunSnapshot& run) {
       EXPECT_TRUE(FlagField(run, "in_order"));
       EXPECT_EQ(IntegerField(run, "stored"), CountLines(run, "Consumer storing"));
     }},
    {"producer-consumer-queue",
     {{"consumers", 2}, {"run_time", 0.02}, {"produce_time", 0}, {"consume_time", 0}, {"sentinel", 0}},
     [](const RunSnapshot& run) {
       if (run.status == RunStatus::deadlocked) {  // a consumer blocked in Get after the other emptied it
         EXPECT_TRUE(FlagField(run, "deadlocked"));
         return;
       }
       EXPECT_EQ(IntegerField(run, "lost"),
                 CountLines(run, " got message: ") - CountLines(run, " storing message: "));
     }},
    {"check-then-act", {{"threads", 3}, {"work", 0}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "most_inside"), MostInside(run));
       EXPECT_EQ(IntegerField(run, "entered"), CountLines(run, ": in the critical section"));
       EXPECT_EQ(IntegerField(run, "entered") + IntegerField(run, "gave_up"), 3)
           << "each thread ends one way";
     }},
    {"narrow-lock", {{"balance", 150}, {"think", 0}}, [](const RunSnapshot& run) {
       const long long withdrawals = CountLines(run, ": withdrew ");
       EXPECT_EQ(IntegerField(run, "withdrawals"), withdrawals);
       EXPECT_EQ(IntegerField(run, "ending_balance"), 150 - 100 * withdrawals);
       EXPECT_EQ(FlagField(run, "below_zero"), withdrawals == 2);
     }},
    {"dining-philosophers", {{"philosophers", 3}, {"meals", 2}, {"pause", 0}, {"eat", 0}},
     [](const RunSnapshot& run) {
       if (run.status == RunStatus::deadlocked) {  // each holds one fork: two per meal eaten, and one
         EXPECT_TRUE(FlagField(run, "deadlocked"));
         EXPECT_EQ(CountLines(run, ": took fork"), 2 * CountLines(run, ": putting forks down") + 3);
         return;
       }
       EXPECT_EQ(IntegerField(run, "meals"), CountLines(run, ": eating"));
       EXPECT_EQ(IntegerField(run, "meals"), 6);
       EXPECT_EQ(IntegerField(run, "most_at_once"), 1) << "three forks: one eats at a time";
     }},
    {"lost-wakeup", {{"head_start", 0}}, [](const RunSnapshot& run) {
       const bool got = IndexOf(run, "Consumer: got the signal") != -1;
       EXPECT_EQ(FlagField(run, "deadlocked"), !got);
       if (got) {
         EXPECT_TRUE(FlagField(run, "waited")) << "without the check it always waits";
       }
     }},
    {"semaphore-leak", {{"permits", 1}, {"threads", 3}, {"stay", 0}, {"wait", 0}},
     [](const RunSnapshot& run) {
       int inside = 0, most = 0;
       for (const LogLine& line : run.log) {
         if (line.message.ends_with(": in the room")) most = std::max(most, ++inside);
         if (line.message.ends_with(": leaving the room")) --inside;
       }
       EXPECT_EQ(IntegerField(run, "most_at_once"), most);
       EXPECT_EQ(most, MostAtOnce(run, EventKind::region_enter, EventKind::region_leave));
       EXPECT_EQ(IntegerField(run, "gave_up"), CountLines(run, ": gave up"));
       // Each try turned away gives back a permit it never took.
       EXPECT_EQ(IntegerField(run, "permits_at_end"), 1 + CountLines(run, ": the room is full"));
     }},
    {"check-outside-lock", {{"items", 2}, {"consumers", 3}, {"sleep", 0}}, [](const RunSnapshot& run) {
       EXPECT_EQ(IntegerField(run, "taken"), CountLines(run, ": took item"));
       EXPECT_EQ(IntegerField(run, "failed"), CountLines(run, ": IndexError: pop from empty list"));
       EXPECT_EQ(IntegerField(run, "found_none"), CountLines(run, ": nothing to take"));
       EXPECT_EQ(IntegerField(run, "taken") + IntegerField(run, "failed") + IntegerField(run, "found_none"), 3)
           << "each consumer ends one way";
       EXPECT_EQ(IntegerField(run, "taken"), 2) << "no item is lost nor taken twice";
     }},
};

TEST(EveryLesson, HasItsOutcomeCase) {
  std::vector<std::string> table;
  for (const OutcomeCase& test : kOutcomeCases) table.push_back(test.lesson);
  EXPECT_EQ(UncoveredLessons(table), std::vector<std::string>{}) << "kOutcomeCases";
}

TEST(EveryLesson, ItsOutcomeAgreesWithItsLogRunAfterRun) {
  for (const OutcomeCase& test : kOutcomeCases) {
    std::map<std::string, int> keys;  // what the runs showed, for the output
    for (int run_index = 0; run_index < 15; ++run_index) {
      const RunSnapshot run = RunLesson(test.lesson, test.params, 5);
      SCOPED_TRACE(std::string(test.lesson) + " run " + std::to_string(run_index) + ": " + run.outcome);
      test.check(run);
      ++keys[OutcomeOf(run).Key()];
    }
    for (const auto& [key, count] : keys) std::printf("%s: %dx %s\n", test.lesson, count, key.c_str());
  }
}

TEST(Outcome, WritesItsFieldsAsJsonAndGroupsByItsKeyFields) {
  Outcome outcome{"expected 2, got 1", {}};
  outcome.Integer("ending_value", 1).Flag("lost", true).Text("who", "Thread \"0\"").Number("took", 0.5, false);
  EXPECT_EQ(outcome.Json(), "{\"text\":\"expected 2, got 1\",\"fields\":{\"ending_value\":1,"
                            "\"lost\":true,\"who\":\"Thread \\\"0\\\"\",\"took\":0.5}}");
  EXPECT_EQ(outcome.Key(), "ending_value=1 lost=true who=Thread \"0\"");
}

TEST(Lessons, TwoRunsAtOnceEachReadTheirOwnValues) {
  const Lesson& race = *FindLesson("race-condition");
  ParamValues three = DefaultValues(race), five = DefaultValues(race);
  three.Set("workers", 1), three.Set("updates", 3), three.Set("sleep", 0.2);
  five.Set("workers", 1), five.Set("updates", 5), five.Set("sleep", 0.1);
  auto first = StartLesson(race, three, RunOptions::AtSpeed(10));
  auto second = StartLesson(race, five, RunOptions::AtSpeed(10));
  ASSERT_TRUE(first->WaitFor(30));
  ASSERT_TRUE(second->WaitFor(30));
  RunSnapshot run;
  first->Read(run);
  EXPECT_EQ(EndingValue(run), 3);
  RunSnapshot other;
  second->Read(other);
  EXPECT_EQ(EndingValue(other), 5);
}

// ---- every lesson ---------------------------------------------------------------------------

TEST(EveryLesson, StopAtAnyMomentEndsAllItsThreadsPromptly) {
  for (const Lesson* lesson : Lessons()) {
    for (int delay_ms : {0, 3, 20}) {
      auto program = StartLesson(*lesson, DefaultValues(*lesson), RunOptions::AtSpeed(1));
      WhileRunsMove(delay_ms / 1000.0);
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
