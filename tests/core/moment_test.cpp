// The scrubber's core: a recorded run replayed up to a moment says what each thread was
// doing then, in words, and how much of the log was written.
#include <gtest/gtest.h>

#include <algorithm>

#include "run/explore.h"
#include "runtime/scheduler.h"
#include "runtime/moment.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

TraceEvent Event(double time, int thread, EventKind kind, int object = kNoObject,
                 long long value = 0, std::string text = "") {
  return TraceEvent{time, thread, kind, object, value, std::move(text)};
}

// Main starts two threads; Thread 1 takes the lock and sleeps with it; Thread 2 comes to the
// lock at 0.2 s and waits until Thread 1 lets go at 0.5 s; a queue is empty for Main.
RunSnapshot HandBuiltRun() {
  RunSnapshot run;
  run.threads = {{"Main"}, {"Thread 1"}, {"Thread 2"}};
  run.objects.resize(2);
  run.objects[0].kind = ObjectKind::lock;
  run.objects[0].name = "_lock";
  run.objects[1].kind = ObjectKind::queue;
  run.objects[1].name = "q";
  run.trace = {
      Event(0.0, 0, EventKind::thread_started),
      Event(0.0, 1, EventKind::thread_started),
      Event(0.1, 1, EventKind::log, kNoObject, 0, "Thread 1: starting"),
      Event(0.1, 1, EventKind::lock_acquired, 0),
      Event(0.1, 1, EventKind::sleep_begin),
      Event(0.2, 2, EventKind::thread_started),
      Event(0.2, 2, EventKind::lock_wait, 0),
      Event(0.3, 0, EventKind::queue_blocked, 1, 1),
      Event(0.5, 1, EventKind::sleep_end),
      Event(0.5, 1, EventKind::lock_released, 0),
      Event(0.5, 2, EventKind::lock_acquired, 0),
      Event(0.6, 1, EventKind::log, kNoObject, 0, "Thread 1: done"),
      Event(0.6, 1, EventKind::thread_finished),
  };
  run.log = {{0.1, "00:00:00", 1, "Thread 1: starting"}, {0.6, "00:00:00", 1, "Thread 1: done"}};
  return run;
}

std::vector<std::string> Words(const Moment& moment) {
  std::vector<std::string> words;
  for (const ThreadMoment& thread : moment.threads) words.push_back(thread.words);
  return words;
}

TEST(Moment, BeforeItsFirstEventAThreadHasNotStarted) {
  const Moment moment = MomentAt(HandBuiltRun(), 0.05);
  EXPECT_EQ(Words(moment), (std::vector<std::string>{"running", "running", "not started yet"}));
  EXPECT_FALSE(moment.threads[2].started);
  EXPECT_EQ(moment.log_lines, 0u);
  EXPECT_EQ(moment.events, 2u);
  EXPECT_DOUBLE_EQ(moment.time, 0.05);
}

TEST(Moment, OneThreadSleepsHoldingTheLockWhileAnotherWaitsForIt) {
  const Moment moment = MomentAt(HandBuiltRun(), 0.35);
  EXPECT_EQ(Words(moment), (std::vector<std::string>{"waiting: Queue 'q' is empty",
                                                     "sleeping, holding Lock '_lock'",
                                                     "waiting for Lock '_lock'"}));
  EXPECT_EQ(moment.threads[1].state, ThreadState::holding_lock);
  EXPECT_EQ(moment.threads[2].state, ThreadState::waiting_lock);
  EXPECT_EQ(moment.log_lines, 1u);
}

TEST(Moment, AfterTheHandOverTheWaiterHoldsTheLock) {
  const Moment moment = MomentAt(HandBuiltRun(), 0.55);
  EXPECT_EQ(moment.threads[1].words, "running");
  EXPECT_EQ(moment.threads[2].words, "holding Lock '_lock'");
  const Moment end = MomentAt(HandBuiltRun(), 1.0);
  EXPECT_EQ(end.threads[1].words, "finished");
  EXPECT_EQ(end.log_lines, 2u);
  EXPECT_EQ(end.events, HandBuiltRun().trace.size());
}

TEST(Moment, StepsEventByEventThroughEventsOfOneTime) {
  const RunSnapshot run = HandBuiltRun();
  // Three events at 0.1 s: the log line, then the acquire, then the sleep.
  EXPECT_EQ(MomentAfter(run, 3).log_lines, 1u);
  EXPECT_EQ(MomentAfter(run, 3).threads[1].words, "running");
  EXPECT_EQ(MomentAfter(run, 4).threads[1].words, "holding Lock '_lock'");
  EXPECT_EQ(MomentAfter(run, 5).threads[1].words, "sleeping, holding Lock '_lock'");
  EXPECT_DOUBLE_EQ(MomentAfter(run, 5).time, 0.1);
  EXPECT_EQ(MomentAfter(run, 999).events, run.trace.size());
  EXPECT_EQ(EventsUntil(run, -1), 0u);
  EXPECT_EQ(EventsUntil(run, 0.1), 5u);
}

// The lock lesson, two workers, two updates, sleep 0.1 s, under the controlled scheduler,
// whose clock moves only when every thread waits: nothing happens while an update sleeps, so
// a moment mid-sleep shows the same states on any machine.
ParamValues LockValues() {
  ParamValues values = DefaultValues(*FindLesson("lock"));
  values.Set("workers", 2);
  values.Set("updates", 2);
  values.Set("sleep", 0.1);
  return values;
}
RunSnapshot RunLock(SchedulePolicy policy, Schedule schedule = {}, std::uint64_t seed = 1) {
  const RunOptions options = Controlled(policy, std::move(schedule), seed);
  return RunToEnd(StartLesson(*FindLesson("lock"), LockValues(), options));
}

// The one thread whose words these are, or -1 when none or several say them.
int OnlyOne(const Moment& moment, const std::string& words) {
  int found = -1, count = 0;
  for (size_t i = 0; i < moment.threads.size(); ++i)
    if (moment.threads[i].words == words) found = static_cast<int>(i), ++count;
  return count == 1 ? found : -1;
}

const char* const kHolds = "sleeping, holding Lock '_lock'";
const char* const kWaits = "waiting for Lock '_lock'";
// A schedule (random seed 3's) in which the pool starts both workers: one takes the lock while
// the other comes to it. tests/web/scrub.mjs replays the same.
const char* const kBothWorkers = "0x4.1.0.1.0.1x2.0.2x2.1x3.2.1.2.1x2.0.2x6.0x4";

TEST(Moment, TheLockIsHeldByWhoeverTookItLastAndFreeBeforeAndAfter) {
  const RunSnapshot run = HandBuiltRun();
  auto lock_at = [&](double time) {
    const ObjectInfo lock = MomentAt(run, time).objects.at(0);
    return std::make_pair(lock.value, lock.owner);
  };
  EXPECT_EQ(lock_at(0.05), std::make_pair(0LL, kNoThread));
  EXPECT_EQ(lock_at(0.15), std::make_pair(1LL, 1));
  EXPECT_EQ(lock_at(0.55), std::make_pair(1LL, 2));
  EXPECT_EQ(MomentAt(run, 0.3).objects.at(1).value, 0);  // the queue is empty throughout
}

// Replayed to its last event, every lesson's primitives stand as the run left them: the
// replay reads each event as the runtime meant it.
TEST(Moment, AtTheEndEveryLessonsObjectsAreAsTheRunLeftThem) {
  for (const Lesson* lesson : Lessons()) {
    const RunSnapshot run = RunLesson(lesson->id, {}, kMaxSpeed);
    const Moment end = MomentAfter(run, run.trace.size());
    ASSERT_EQ(end.objects.size(), run.objects.size()) << lesson->id;
    for (size_t i = 0; i < run.objects.size(); ++i) {
      EXPECT_EQ(end.objects[i].value, run.objects[i].value) << lesson->id << " " << run.objects[i].name;
      EXPECT_EQ(end.objects[i].owner, run.objects[i].owner) << lesson->id << " " << run.objects[i].name;
    }
  }
}

TEST(Moment, InTheLockLessonOneWorkerHoldsTheLockWhileTheOtherWaitsThenTheyTrade) {
  const RunSnapshot run = RunLock(SchedulePolicy::replay, *ParseSchedule(kBothWorkers));
  ASSERT_EQ(run.status, RunStatus::finished) << run.outcome;
  ASSERT_EQ(run.threads.size(), 3u);
  const Moment first = MomentAt(run, 0.05), second = MomentAt(run, 0.15);
  const int holder = OnlyOne(first, kHolds), waiter = OnlyOne(first, kWaits);
  ASSERT_GE(holder, 1) << ::testing::PrintToString(Words(first));
  ASSERT_GE(waiter, 1) << ::testing::PrintToString(Words(first));
  EXPECT_EQ(first.threads[0].words, "waiting for a thread to finish (join)");
  EXPECT_EQ(OnlyOne(second, kHolds), waiter) << ::testing::PrintToString(Words(second));
  // The log by then: the lines stamped at or before the moment, and no later one.
  const auto written = std::count_if(run.log.begin(), run.log.end(),
                                     [](const LogLine& line) { return line.time <= 0.05; });
  EXPECT_EQ(first.log_lines, static_cast<size_t>(written));
  EXPECT_GT(second.log_lines, first.log_lines);
  EXPECT_LT(second.log_lines, run.log.size());
  const Moment end = MomentAt(run, run.now);
  EXPECT_EQ(end.log_lines, run.log.size());
  for (const ThreadMoment& thread : end.threads) EXPECT_EQ(thread.words, "finished");
}

// Whatever the interleaving (eight of them), while an update sleeps exactly one thread holds
// the lock, and no update has finished before the first sleep ends.
TEST(Moment, InEveryInterleavingOfTheLockLessonOneThreadAtATimeHoldsTheLock) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const RunSnapshot run = RunLock(SchedulePolicy::random, {}, seed);
    ASSERT_EQ(run.status, RunStatus::finished) << "seed " << seed << ": " << run.outcome;
    for (double time : {0.05, 0.15}) {
      const Moment moment = MomentAt(run, time);
      EXPECT_GE(OnlyOne(moment, kHolds), 1)
          << "seed " << seed << " at " << time << ": " << ::testing::PrintToString(Words(moment));
    }
    const Moment first = MomentAt(run, 0.05);
    for (size_t i = 0; i < first.log_lines; ++i)
      EXPECT_EQ(run.log[i].message.find("finishing"), std::string::npos) << "seed " << seed;
  }
}

// A deadlock as the scrubber says it, at its last moment before Stop ended the run: Main
// waits for the lock it holds itself.
TEST(Moment, ADeadlockedThreadWaitsForALockItHolds) {
  const RunSnapshot run = RunLesson("deadlock");
  ASSERT_EQ(run.status, RunStatus::deadlocked) << run.outcome;
  const auto killed = std::find_if(run.trace.begin(), run.trace.end(), [](const TraceEvent& event) {
    return event.kind == EventKind::thread_killed;
  });
  const Moment moment = MomentAfter(run, static_cast<size_t>(killed - run.trace.begin()));
  EXPECT_EQ(moment.threads[0].words, "waiting for Lock 'l', holding Lock 'l'");
  EXPECT_EQ(MomentAfter(run, run.trace.size()).threads[0].words, "ended by the runtime");
}

}  // namespace
}  // namespace threadlab
