// The gate as a scheduler: the lesson clock moves only when every thread waits, a controlled
// run lets one thread move at a time, every run records its schedule and replays from it,
// and the explorer finds every outcome a small lesson can have.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "run/explore.h"
#include "runtime/clock.h"
#include "runtime/deadlock.h"
#include "runtime/log_reading.h"
#include "runtime/lesson_clock.h"
#include "runtime/primitives.h"
#include "runtime/threads.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

ParamValues Values(const char* id, const std::map<std::string, double>& params) {
  ParamValues values = DefaultValues(*FindLesson(id));
  for (const auto& [name, value] : params) values.Set(name, value);
  return values;
}


// ---- the lesson clock, without threads -----------------------------------------------------

TEST(LessonClock, StandsStillUntilFlowingThenStopsAtTheTarget) {
  LessonClock clock(2.0);  // two lesson seconds per wall second
  EXPECT_EQ(clock.Now(100.0), 0);
  clock.FlowToward(3.0, 100.0);
  EXPECT_DOUBLE_EQ(clock.Now(101.0), 2.0);
  EXPECT_DOUBLE_EQ(clock.WallAt(3.0), 101.5);
  EXPECT_DOUBLE_EQ(clock.Now(109.0), 3.0);  // never past the deadline it flows to
  clock.Freeze(109.0);
  EXPECT_DOUBLE_EQ(clock.Now(200.0), 3.0);
}

TEST(LessonClock, ASpeedChangeRepacesTheRestOfTheFlow) {
  LessonClock clock(1.0);
  clock.FlowToward(10.0, 0.0);
  clock.SetSpeed(4.0, 2.0);  // 2 lesson seconds gone at 1x
  EXPECT_DOUBLE_EQ(clock.Now(3.0), 6.0);
  EXPECT_DOUBLE_EQ(clock.WallAt(10.0), 4.0);
}

TEST(LessonClock, ATimeBeyondTheFlowIsNeverReachedWhateverTheWallClocksEpoch) {
  LessonClock clock(1.0);
  const double wall = 1.8e9;  // a wall clock that counts from 1970, as in the browser
  clock.FlowToward(0.1, wall);
  EXPECT_GT(clock.WallAt(1.0) - wall, 1e9);
  clock.Freeze(wall + 1);
  EXPECT_GT(clock.WallAt(1.0) - wall, 1e9);
}

// ---- the deadlock report, without threads --------------------------------------------------

TEST(DeadlockReport, NamesTheCycleOfTwoThreadsAndTwoLocks) {
  std::vector<ThreadInfo> threads = {{"Main"}, {"Thread 1"}, {"Thread 2"}};
  std::vector<ObjectInfo> objects(2);
  objects[0].name = "a";
  objects[0].owner = 1;
  objects[1].name = "b";
  objects[1].owner = 2;
  const DeadlockReport report = DescribeDeadlock(
      {{0, EventKind::join_wait, kNoObject, 1},
       {1, EventKind::lock_wait, 1, kNoThread},
       {2, EventKind::lock_wait, 0, kNoThread}},
      threads, objects);
  EXPECT_EQ(report.cycle, (std::vector<int>{1, 2}));
  EXPECT_EQ(report.text,
            "Main waits for Thread 1 to finish; Thread 1 waits for Lock 'b' held by Thread 2; "
            "Thread 2 waits for Lock 'a' held by Thread 1");
}

// ---- schedules as text ---------------------------------------------------------------------

TEST(ScheduleText, RoundTripsAndRefusesWhatIsNotASchedule) {
  const Schedule schedule = {0, 0, 0, 1, 2, 2, 0};
  EXPECT_EQ(ScheduleText(schedule), "0x3.1.2x2.0");
  EXPECT_EQ(ParseSchedule("0x3.1.2x2.0"), schedule);
  EXPECT_EQ(ParseSchedule(""), Schedule{});
  for (const char* bad : {"x", "1x", "1.", ".1", "1x0", "a", "1..2", "12345678", "1x99999999"})
    EXPECT_EQ(ParseSchedule(bad), std::nullopt) << bad;
}

// ---- virtual time: the same order at every speed --------------------------------------------

TEST(VirtualTime, SleepsOrderTheStepsTheSameAtEverySpeed) {
  auto program = [] {
    Thread slow("Slow", [] { Sleep(0.3); Log("slow"); });
    Thread fast("Fast", [] { Sleep(0.1); Log("fast"); });
    slow.Start();
    fast.Start();
    Sleep(0.2);
    Log("main");
    slow.Join();
    fast.Join();
  };
  for (double speed : {5.0, 1000.0}) {
    const RunSnapshot run = RunProgram(program, speed);
    EXPECT_EQ(Messages(run), (std::vector<std::string>{"fast", "main", "slow"})) << speed;
    EXPECT_NEAR(run.log[0].time, 0.1, 1e-3);  // lesson time is the sleeps: steps take ~none
    EXPECT_NEAR(run.log[2].time, 0.3, 1e-3);
  }
}

TEST(VirtualTime, ProducerConsumerQueueFillsItsQueueAtEverySpeed) {
  for (double speed : {10.0, 1000.0}) {
    const RunSnapshot run = RunLesson("producer-consumer-queue", {}, speed);
    long long fullest = 0;
    for (const ObjectInfo& object : run.objects)
      if (object.kind == ObjectKind::queue) fullest = object.capacity;
    int fill = 0, most = 0;
    for (const TraceEvent& event : run.trace) {
      if (event.kind == EventKind::queue_put) most = std::max(most, ++fill);
      if (event.kind == EventKind::queue_get) --fill;
    }
    EXPECT_EQ(most, fullest) << "speed " << speed;
  }
}

TEST(VirtualTime, ASpeedBelowTheMinimumIsRefused) {
  EXPECT_THROW(Program::Start([] {}, RunOptions::AtSpeed(1e-10)), std::invalid_argument);
  EXPECT_THROW(Program::Start([] {}, RunOptions::AtSpeed(kMinSpeed / 2)), std::invalid_argument);
}

// ---- slow motion: a pause before each step of a free run ----------------------------------

TEST(StepPause, LeavesTheLessonsClockAndLogAsTheyWere) {
  RunOptions paced = RunOptions::AtSpeed(kMaxSpeed);
  paced.step_pause = 0.5;  // 0.5 ms a step at this speed
  const RunSnapshot plain = RunLesson("producer-consumer-lock", {{"messages", 5}}, kMaxSpeed);
  const Lesson& lesson = *FindLesson("producer-consumer-lock");
  ParamValues values = DefaultValues(lesson);
  values.Set("messages", 5);
  auto program = StartLesson(lesson, values, paced);
  ASSERT_TRUE(program->WaitFor(60)) << "the paced run did not end";
  RunSnapshot slow;
  program->Read(slow);
  // The producer may log a message ahead of the consumer or not, paced or not; what holds
  // for every order is the outcome.
  EXPECT_EQ(slow.outcome, plain.outcome);
  ASSERT_EQ(slow.log.size(), plain.log.size());
  // Pauses are not lesson time: a step still takes none of it, so the times stay tiny.
  for (size_t i = 0; i < slow.log.size(); ++i) EXPECT_LT(slow.log[i].time, 0.01) << i;
}

TEST(StepPause, EachStepWaitsAtLeastItsPause) {
  RunOptions paced = RunOptions::AtSpeed(1);
  paced.step_pause = 0.02;
  const double started = WallSeconds();
  const RunSnapshot run = RunProgram([] { for (int i = 0; i < 10; ++i) Log("step"); }, paced);
  // A lower bound only: ten steps of one thread, each after its pause.
  EXPECT_GE(WallSeconds() - started, 10 * 0.02);
  EXPECT_EQ(run.log.size(), 10u);
}

TEST(StepPause, StopCutsALongPauseShort) {
  RunOptions paced = RunOptions::AtSpeed(kMinSpeed);
  paced.step_pause = 1;  // 100 s before the first step
  auto program = Program::Start([] { Log("never"); }, paced);
  program->Stop();
  ASSERT_TRUE(program->WaitFor(10)) << "a paused thread did not end after Stop";
  RunSnapshot run;
  program->Read(run);
  EXPECT_EQ(run.status, RunStatus::stopped);
  EXPECT_TRUE(run.log.empty());
}

TEST(StepPause, OutOfRangeIsRefused) {
  for (double pause : {-0.1, 1.5}) {
    RunOptions options;
    options.step_pause = pause;
    EXPECT_THROW(Program::Start([] {}, options), std::invalid_argument) << pause;
  }
}

// ---- bounds --------------------------------------------------------------------------------

TEST(Bounds, ARunThatLogsForeverStopsWhenItsLogIsFull) {
  const RunSnapshot run = RunProgram([] {
    for (;;) Log("again");
  }, kMaxSpeed);
  EXPECT_EQ(run.status, RunStatus::full);
  EXPECT_EQ(run.log.size(), kMaxLogLines);
  EXPECT_EQ(run.outcome, "stopped: the log is full (20000 lines)");
}

TEST(Bounds, ZeroTimeProducersAndConsumersEndWithinTheBound) {
  const RunSnapshot run = RunLesson(
      "producer-consumer-queue",
      {{"producers", 16}, {"consumers", 16}, {"produce_time", 0}, {"consume_time", 0}},
      kMaxSpeed);
  EXPECT_TRUE(run.done);
  EXPECT_LE(run.log.size(), kMaxLogLines);
  EXPECT_LE(run.trace.size(), kMaxTraceEvents);
}

// ---- the gate records what it must ---------------------------------------------------------

TEST(Gate, ATimedOutGetLeavesTheLaneRunning) {
  const RunSnapshot run = RunProgram([] {
    Queue queue(1, "q");
    queue.Get(0.05);
    Log("after");
  });
  ASSERT_EQ(run.threads.size(), 1u);
  int timeouts = CountEvents(run, EventKind::wait_timeout);
  EXPECT_EQ(timeouts, 1);
  // The state just before the log line: running, not blocked on the queue.
  StateTracker states;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::log) break;
    states.Apply(event);
  }
  EXPECT_EQ(states.State(0), ThreadState::running);
}

// ---- controlled runs -----------------------------------------------------------------------

// Steps one thread in a step-mode run, waiting until the run stands still for the learner.
void StepThread(Program& program, int thread) {
  for (int tries = 0; tries < 20000; ++tries) {
    if (program.TryStep(thread)) return;
    WhileRunsMove(0.0001);
  }
  FAIL() << "thread " << thread << " could not step";
}

RunSnapshot WhenStill(Program& program) {
  RunSnapshot run;
  for (int tries = 0; tries < 20000; ++tries) {
    program.Read(run);
    if (run.awaiting_step || run.done) return run;
    WhileRunsMove(0.0001);
  }
  ADD_FAILURE() << "the run never stood still";
  return run;
}

// Steps the lowest enabled thread whose next step is not `avoid`'s until `want` holds.
template <class Want>
RunSnapshot StepUntil(Program& program, Want want) {
  for (int steps = 0; steps < 1000; ++steps) {
    RunSnapshot run = WhenStill(program);
    if (want(run) || run.done) return run;
    for (size_t thread = 0; thread < run.next.size(); ++thread)
      if (run.next[thread].enabled) {
        StepThread(program, static_cast<int>(thread));
        break;
      }
  }
  return WhenStill(program);
}

std::string NextOf(const RunSnapshot& run, int thread) {
  return thread < static_cast<int>(run.next.size()) ? run.next[thread].text : "";
}

// The race, stated as a schedule: Thread A reads, Thread B reads, both write: one is lost.
TEST(Controlled, ALearnerLosesAnUpdateByHandReadReadWriteWrite) {
  long long ending = -1;
  auto program = Program::Start([&] {
    SharedValue value("value", 0);
    Thread a("A", [&] { const long long copy = value.Load(); value.Store(copy + 1); });
    Thread b("B", [&] { const long long copy = value.Load(); value.Store(copy + 1); });
    a.Start();
    b.Start();
    a.Join();
    b.Join();
    ending = value.Load();
  }, Controlled(SchedulePolicy::step));
  RunSnapshot run = StepUntil(*program, [](const RunSnapshot& r) {
    return NextOf(r, 1) == "read value (0)" && NextOf(r, 2) == "read value (0)";
  });
  ASSERT_EQ(NextOf(run, 1), "read value (0)");
  StepThread(*program, 1);  // A reads 0
  StepThread(*program, 2);  // B reads 0
  run = WhenStill(*program);
  EXPECT_EQ(NextOf(run, 1), "write 1 to value");
  EXPECT_EQ(NextOf(run, 2), "write 1 to value");
  StepThread(*program, 1);
  StepThread(*program, 2);
  run = StepUntil(*program, [](const RunSnapshot&) { return false; });
  EXPECT_TRUE(run.done);
  EXPECT_EQ(ending, 1);
}

TEST(Controlled, StopAtAStepEndsEveryThread) {
  auto program = Program::Start([] {
    Lock lock("l");
    Thread a("A", [&] { LockGuard<Lock> with(lock); Sleep(1); });
    a.Start();
    a.Join();
  }, Controlled(SchedulePolicy::step));
  WhenStill(*program);
  StepThread(*program, 0);
  WhenStill(*program);
  program->Stop();
  ASSERT_TRUE(program->WaitFor(5));
  RunSnapshot run;
  program->Read(run);
  EXPECT_EQ(run.status, RunStatus::stopped);
  for (const ThreadInfo& thread : run.threads)
    EXPECT_TRUE(thread.state == ThreadState::killed || thread.state == ThreadState::finished)
        << thread.name;
}

// The Timer's thread waits out its delay, and leaving a pool's `with` block shuts it down:
// each step reads as what it is (they once read "wait for Timer" and "set ThreadPoolExecutor").
TEST(Controlled, ATimersWaitAndAPoolsShutdownReadAsWhatTheyAre) {
  auto program = Program::Start([] {
    Timer timer(2, [] {}, "t");
    timer.Start();
    timer.Cancel();
    timer.Join();
    ThreadPoolExecutor pool(1, "pool");
    pool.Submit([] {});
  }, Controlled(SchedulePolicy::step));
  RunSnapshot run = StepUntil(*program, [](const RunSnapshot& r) {
    return NextOf(r, 1) == "wait out the delay of Timer 't' (2 s left)";
  });
  EXPECT_EQ(NextOf(run, 1), "wait out the delay of Timer 't' (2 s left)");
  run = StepUntil(*program, [](const RunSnapshot& r) {
    return NextOf(r, 0) == "shut down ThreadPoolExecutor 'pool'";
  });
  EXPECT_EQ(NextOf(run, 0), "shut down ThreadPoolExecutor 'pool'");
  run = StepUntil(*program, [](const RunSnapshot&) { return false; });
  EXPECT_TRUE(run.done);
}

// A Condition's wait is four steps, each read as what it is: join the waiters, give the
// lock up, wake once notified, take the lock again.
TEST(Controlled, AConditionsStepsReadAsWhatTheyAre) {
  auto program = Program::Start([] {
    Lock lock("l");
    Condition condition(lock, "c");
    Thread waiter("W", [&] {
      LockGuard<Condition> with(condition);
      condition.Wait();
    });
    waiter.Start();
    Sleep(1);
    {
      LockGuard<Condition> with(condition);
      condition.NotifyAll();
    }
    waiter.Join();
  }, Controlled(SchedulePolicy::step));
  std::vector<std::string> seen;  // each step the threads come to stand at, in order
  std::string last[2];
  const RunSnapshot run = StepUntil(*program, [&](const RunSnapshot& r) {
    for (int thread : {0, 1}) {
      const std::string text = std::to_string(thread) + ": " + NextOf(r, thread);
      if (text != last[thread]) seen.push_back(last[thread] = text);
    }
    return false;
  });
  EXPECT_TRUE(run.done);
  const std::vector<std::string> in_order = {
      "1: wait on Condition 'c'", "1: release Lock 'l'",
      "1: wake up from Condition 'c' (once notified)", "0: notify_all Condition 'c' (1 waiting)",
      "1: acquire Lock 'l'"};
  auto at = seen.begin();
  for (const std::string& step : in_order) {
    at = std::find_if(at, seen.end(),
                      [&](const std::string& text) { return text.rfind(step, 0) == 0; });
    EXPECT_NE(at, seen.end()) << "no \"" << step << "\" in order";
    if (at == seen.end()) break;
  }
}

TEST(Controlled, TheSameSeedGivesTheSameRun) {
  const Lesson& lesson = *FindLesson("race-condition");
  const ParamValues values = Values("race-condition", {{"workers", 4}, {"updates", 8}, {"sleep", 0}});
  for (std::uint64_t seed : {1u, 7u, 42u}) {
    const RunSnapshot first = RunToEnd(StartLesson(lesson, values, Controlled(SchedulePolicy::random, {}, seed)));
    const RunSnapshot again = RunToEnd(StartLesson(lesson, values, Controlled(SchedulePolicy::random, {}, seed)));
    EXPECT_EQ(first.schedule, again.schedule);
    EXPECT_EQ(Messages(first), Messages(again));
    EXPECT_EQ(first.outcome, again.outcome);
  }
}

// ---- replay ---------------------------------------------------------------------------------

// Every lesson at small values, so that many runs stay quick; the sleeps stay in, since the
// clock is virtual.
const std::map<std::string, std::map<std::string, double>> kSmall = {
    {"race-condition", {{"workers", 3}, {"updates", 4}, {"sleep", 0}}},
    {"lock", {{"workers", 3}, {"updates", 4}, {"sleep", 0}}},
    {"thread-pool", {{"sleep", 0}}},
    {"multiple-threads", {{"sleep", 0}}},
    {"semaphore", {{"hold", 0}}},
    {"condition", {{"produce_time", 0}, {"recheck", 0}}},
    {"producer-consumer-queue", {{"run_time", 0.01}}},
    {"dining-philosophers", {{"pause", 0}, {"eat", 0}}},
    {"lost-wakeup", {{"head_start", 0}}},
    {"semaphore-leak", {{"stay", 0}, {"wait", 0}}},
    {"check-outside-lock", {{"sleep", 0}}},
    {"check-then-act", {{"threads", 3}, {"work", 0}}},
    {"narrow-lock", {{"think", 0}}},
};

// 200 free runs of each lesson, each replayed; 20 under a sanitizer, which runs ten times slower.
#ifdef THREADLAB_SANITIZER_BUILD
constexpr int kReplaysPerLesson = 20;
#else
constexpr int kReplaysPerLesson = 200;
#endif

TEST(Replay, EveryRecordedFreeRunOfEveryLessonReplaysToTheSameLogAndOutcome) {
  int replays = 0;
  for (const Lesson* lesson : Lessons()) {
    const auto small = kSmall.find(lesson->id);
    const ParamValues values = Values(lesson->id, small == kSmall.end() ? std::map<std::string, double>{} : small->second);
    for (int i = 0; i < kReplaysPerLesson; ++i) {
      const RunSnapshot free_run = RunToEnd(StartLesson(*lesson, values, RunOptions::AtSpeed(kMaxSpeed)));
      const RunSnapshot replay = RunToEnd(
          StartLesson(*lesson, values, Controlled(SchedulePolicy::replay, free_run.schedule)));
      ASSERT_EQ(Messages(replay), Messages(free_run)) << lesson->id << " run " << i;
      ASSERT_EQ(replay.outcome, free_run.outcome) << lesson->id << " run " << i;
      ASSERT_EQ(replay.status, free_run.status) << lesson->id;
      ++replays;
    }
  }
  std::printf("replayed %d free runs exactly\n", replays);
}

// A free run's threads do not wait for one another between steps; a replay takes a step only
// when every thread stands at its next one. So whatever one thread writes and another reads
// must be written by a step, or a replay may see it where the free run did not. Here a pool
// worker stays busy (a real 0.2 s, outside any step) after its task's last step, while Main,
// which never waits, submits the next task: in the free run the worker is usually not free yet, and the pool
// starts a second one. Whichever way the free run went, its replay must go the same way.
TEST(Replay, APoolWorkerBusyBetweenStepsReplaysTheSame) {
  auto busy_pool = [] {
    Event first_done("first done");
    ThreadPoolExecutor pool(2);
    pool.Submit([] {});  // the first worker starts, and finishes it
    pool.Submit([&] {
      first_done.Set();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    });
    while (!first_done.IsSet()) std::this_thread::yield();  // steps that never wait
    pool.Submit([] { Log("second task"); });
  };
  const RunSnapshot free_run = RunProgram(busy_pool, RunOptions::AtSpeed(kMaxSpeed));
  const RunSnapshot replay = RunProgram(busy_pool, Controlled(SchedulePolicy::replay, free_run.schedule));
  EXPECT_EQ(replay.status, free_run.status) << replay.outcome;
  EXPECT_EQ(replay.threads.size(), free_run.threads.size());
  EXPECT_EQ(Messages(replay), Messages(free_run));
}

TEST(Replay, AScheduleThatDoesNotFitStopsTheRunAndSaysSo) {
  const Lesson& lesson = *FindLesson("race-condition");
  const RunSnapshot run = RunToEnd(StartLesson(
      lesson, DefaultValues(lesson), Controlled(SchedulePolicy::replay, {0, 0, 0, 5, 5, 5})));
  EXPECT_EQ(run.status, RunStatus::diverged);
  EXPECT_NE(run.outcome.find("does not fit"), std::string::npos);
}

// ---- exploring every interleaving -------------------------------------------------------------

std::set<std::string> Outcomes(const ManyRuns& many) {
  std::set<std::string> outcomes;
  for (const OutcomeCount& outcome : many.outcomes) outcomes.insert(outcome.outcome);
  return outcomes;
}

TEST(Explore, TwoRacingWorkersEndWithOneOrTwoAndALockedPairOnlyWithTwo) {
  const ParamValues race = Values("race-condition", {{"sleep", 0}});
  const ManyRuns racy = Explore(*FindLesson("race-condition"), race);
  ASSERT_TRUE(racy.complete);
  for (const OutcomeCount& outcome : racy.outcomes)
    std::printf("race-condition: %zu of %zu interleavings: %s\n", outcome.count, racy.runs,
                outcome.outcome.c_str());
  EXPECT_EQ(Outcomes(racy), (std::set<std::string>{"expected 2, got 1: one update was lost",
                                                    "expected 2, got 2: no update was lost"}));
  // Each witness replays to its outcome.
  for (const OutcomeCount& outcome : racy.outcomes) {
    const RunSnapshot replay = RunToEnd(StartLesson(*FindLesson("race-condition"), race,
                                                    Controlled(SchedulePolicy::replay, outcome.witness)));
    EXPECT_EQ(replay.outcome, outcome.outcome);
  }

  const ManyRuns locked = Explore(*FindLesson("lock"), Values("lock", {{"sleep", 0}}));
  ASSERT_TRUE(locked.complete);
  std::printf("lock: %zu interleavings, all: %s\n", locked.runs, locked.outcomes[0].outcome.c_str());
  EXPECT_EQ(Outcomes(locked), (std::set<std::string>{"expected 2, got 2: no update was lost"}));
}

TEST(Explore, FindsTheDeadlock) {
  const ManyRuns many = Explore(*FindLesson("deadlock"), DefaultValues(*FindLesson("deadlock")));
  ASSERT_EQ(many.outcomes.size(), 1u);
  EXPECT_EQ(many.outcomes[0].outcome.rfind("deadlock: ", 0), 0u) << many.outcomes[0].outcome;
}

// The condition lesson at its defaults: both consumers wait before the first item, in every
// interleaving (the producer sleeps first, and the clock moves on only once all wait).
TEST(Explore, AConditionCheckedWithWhileNeverFailsAndWithIfAlwaysFailsOnceBothWait) {
  const Lesson& condition = *FindLesson("condition");
  const ManyRuns with_while = Explore(condition, Values("condition", {}));
  ASSERT_TRUE(with_while.complete);
  std::printf("condition, while: %zu interleavings\n", with_while.runs);
  EXPECT_EQ(Outcomes(with_while), (std::set<std::string>{"2 put, 2 taken: every consumer got an item"}));

  const ParamValues if_values = Values("condition", {{"recheck", 0}});
  const ManyRuns with_if = Explore(condition, if_values);
  ASSERT_TRUE(with_if.complete);
  std::printf("condition, if: %zu interleavings\n", with_if.runs);
  const std::string failed =
      "2 put, 1 taken; 1 consumer woke to an empty shelf and raised IndexError: 'if' checked only once";
  EXPECT_EQ(Outcomes(with_if), (std::set<std::string>{failed}));
  const RunSnapshot replay = RunToEnd(
      StartLesson(condition, if_values, Controlled(SchedulePolicy::replay, with_if.outcomes.at(0).witness)));
  EXPECT_EQ(replay.outcome, failed);
  EXPECT_EQ(CountLines(replay, ": IndexError: pop from empty list"), 1);
}

// Without the producer's sleep, a consumer may also come late and find the item; `while`
// still never pops from an empty shelf, and `if` does in some interleavings only.
TEST(Explore, AConditionCheckedWithWhileNeverPopsFromAnEmptyShelfWhateverComesFirst) {
  const Lesson& condition = *FindLesson("condition");
  for (const double recheck : {1.0, 0.0}) {
    const ManyRuns many =
        Explore(condition, Values("condition", {{"items", 1}, {"produce_time", 0}, {"recheck", recheck}}));
    ASSERT_TRUE(many.complete);
    int raised = 0;
    for (const OutcomeCount& outcome : many.outcomes) {
      // One item for two consumers: unless one raised, the other waits forever.
      const bool raises = outcome.outcome.find("raised IndexError") != std::string::npos;
      raised += raises;
      EXPECT_TRUE(raises || outcome.outcome.rfind("deadlock: ", 0) == 0) << outcome.outcome;
    }
    std::printf("condition, items=1, recheck=%g: %zu interleavings, %zu outcomes\n", recheck,
                many.runs, many.outcomes.size());
    EXPECT_EQ(raised, recheck ? 0 : 1) << (recheck ? "while" : "if");
  }
}

TEST(Explore, ABoundEndsItAndSaysItIsIncomplete) {
  ManyRunsOptions options;
  options.max_runs = 3;
  const ManyRuns many =
      Explore(*FindLesson("race-condition"), Values("race-condition", {{"sleep", 0}, {"workers", 4}, {"updates", 8}}), options);
  EXPECT_EQ(many.runs, 3u);
  EXPECT_FALSE(many.complete);
}

// ---- the thread pool -----------------------------------------------------------------------

// A run's OS threads park once they have unwound, a moment after the run reports its end.
bool AllParkedWithin(double seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (ParkedThreads() != PooledThreads())
    if (std::chrono::steady_clock::now() > deadline) return false;
    else WhileRunsMove(0.001);
  return true;
}

TEST(ThreadPool, LessonThreadsReuseParkedThreads) {
  // All 8 threads sleep at once: a run needs main and 8 more OS threads at the same time.
  const std::map<std::string, double> values = {{"threads", 8}, {"sleep", 1}};
  RunLesson("multiple-threads", values, kMaxSpeed);
  ASSERT_TRUE(AllParkedWithin(30));
  const int after_first = PooledThreads();
  EXPECT_GE(after_first, 9);
  for (int i = 0; i < 20; ++i) {
    RunLesson("multiple-threads", values, kMaxSpeed);
    ASSERT_TRUE(AllParkedWithin(30));
  }
  EXPECT_EQ(PooledThreads(), after_first) << "a run took a new OS thread while enough were parked";
}

}  // namespace
}  // namespace threadlab
