// The run controller the playground, the JS API and the desktop share: step mode picks the
// threads by hand, Undo takes back a pick, a witness replays, Run ×N counts outcomes, and a
// prediction is asked, ticked and revealed once.
// Each run is driven by a stated schedule, never by timing: the waits below only bound how
// long a broken build may take to fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string_view>
#include <thread>

#include "run/session.h"
#include "runtime/clock.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

constexpr double kPatience = 20;  // wall seconds before a test gives up on a run

// Polls as a frame would until `done` holds; fails the test when it never does.
bool PollUntil(Session& session, const std::function<bool()>& done) {
  const double give_up = WallSeconds() + kPatience;
  while (!done()) {
    if (WallSeconds() > give_up) return false;
    WhileRunsMove(0.001);
    session.Poll();
  }
  return true;
}

// The run waits for a pick, or has ended.
bool Settle(Session& session) {
  return PollUntil(session, [&] { return session.awaiting_step() || session.ended(); });
}

Session& RaceWithTwoWorkers(Session& session) {
  session.Select(*FindLesson("race-condition"));
  session.values().Set("workers", 2);
  session.values().Set("updates", 2);
  session.values().Set("sleep", 0);
  session.every_step = true;  // the tests pick every step, even where one thread can go
  return session;
}

// A pool starts a second worker only when the first is busy: Thread 1 takes its task first.
const char* const kTakeTask = "get from ThreadPoolExecutor 'ThreadPoolExecutor'";

struct Pick {
  int thread;
  std::string step;  // its next step, as step mode words it
};

// Takes the planned steps in their order. Until a planned step's turn, the thread of the next
// planned step moves toward it, else the lowest thread that can go, unless its next step is
// one the plan has for later.
void Drive(Session& session, std::vector<Pick> plan) {
  while (!plan.empty()) {
    ASSERT_TRUE(Settle(session));
    ASSERT_FALSE(session.ended()) << "ended before " << plan.front().step;
    const RunSnapshot& run = session.snapshot();
    auto free_to_go = [&](int thread) {
      if (thread >= static_cast<int>(run.next.size()) || !run.next[thread].enabled) return false;
      for (const Pick& pick : plan)
        if (pick.thread == thread && run.next[thread].text == pick.step) return false;
      return true;
    };
    const Pick first = plan.front();
    int thread = -1;
    if (first.thread < static_cast<int>(run.next.size()) && run.next[first.thread].enabled &&
        run.next[first.thread].text == first.step) {
      thread = first.thread;
      plan.erase(plan.begin());
    } else if (free_to_go(first.thread)) {
      thread = first.thread;
    } else {
      for (int i = 0; i < static_cast<int>(run.next.size()) && thread < 0; ++i)
        if (free_to_go(i)) thread = i;
    }
    ASSERT_GE(thread, 0) << "no thread can go before " << first.step;
    ASSERT_EQ(session.Step(thread), std::nullopt);
  }
}

// Picks the lowest thread that can go until the run ends.
void FinishByHand(Session& session) {
  while (true) {
    ASSERT_TRUE(Settle(session));
    if (session.ended()) return;
    const RunSnapshot& run = session.snapshot();
    int thread = 0;
    while (!run.next[thread].enabled) ++thread;
    ASSERT_EQ(session.Step(thread), std::nullopt);
  }
}

TEST(Pace, EachLessonOpensAtItsPaceAndKeepsTheSpeedTheLearnerChose) {
  Session session;
  const Lesson& race = *FindLesson("race-condition");
  const Lesson& timer = *FindLesson("timer");
  session.Select(race);
  EXPECT_EQ(session.speed(), race.pace);
  EXPECT_LT(race.pace, 1);  // its 0.1 s would be over before it could be watched
  session.Select(timer);
  EXPECT_EQ(session.speed(), timer.pace);
  EXPECT_GT(timer.pace, 1);  // its 30 s would be too long to wait
  ASSERT_TRUE(session.SetSpeed(2));
  session.Select(race);
  EXPECT_EQ(session.speed(), race.pace);
  session.Select(timer);
  EXPECT_EQ(session.speed(), 2);
}

// At each lesson's pace, at default values, its story takes from 1 to 5 s of the learner's
// time: the lesson time of a run (the clock is virtual, so at any speed) over the pace, plus
// the pauses of a lesson without sleeps. Deadlock, daemon and rlock end at once by design.
TEST(Pace, EveryLessonsStoryTakesAFewSecondsAtItsPace) {
  for (const Lesson* lesson : Lessons()) {
    const std::string id = lesson->id;
    if (id == "deadlock" || id == "daemon" || id == "rlock") continue;
    const RunSnapshot run = RunLesson(id, {}, kMaxSpeed);
    const double seconds = run.log.back().time / lesson->pace +
                           run.schedule.size() * lesson->step_pause / lesson->pace;
    EXPECT_GE(seconds, 1) << id;
    EXPECT_LE(seconds, 5) << id;
  }
}

TEST(StepMode, TwoWorkersReadBeforeEitherWritesAndTheEndingValueIsOne) {
  Session session;
  ASSERT_EQ(RaceWithTwoWorkers(session).StartStepMode(), std::nullopt);
  Drive(session, {{1, kTakeTask}, {1, "read value (0)"}, {2, "read value (0)"},
                  {1, "write 1 to value"}, {2, "write 1 to value"}});
  FinishByHand(session);
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  EXPECT_EQ(EndingValue(session.snapshot()), 1);
  EXPECT_EQ(session.snapshot().outcome, "expected 2, got 1: one update was lost");
}

TEST(StepMode, OneWorkerWritesBeforeTheOtherReadsAndNoUpdateIsLost) {
  Session session;
  ASSERT_EQ(RaceWithTwoWorkers(session).StartStepMode(), std::nullopt);
  Drive(session, {{1, kTakeTask}, {1, "read value (0)"}, {2, kTakeTask}, {1, "write 1 to value"}, {2, "read value (1)"},
                  {2, "write 2 to value"}});
  FinishByHand(session);
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  EXPECT_EQ(EndingValue(session.snapshot()), 2);
}

// Steps `thread` until its next step reads `step` (it stands there, the step not taken).
void MoveUntil(Session& session, int thread, const std::string& step) {
  while (true) {
    ASSERT_TRUE(Settle(session));
    ASSERT_FALSE(session.ended()) << "ended before " << step;
    const NextStep& next = session.snapshot().next.at(thread);
    if (next.text == step) return;
    ASSERT_EQ(session.Step(thread), std::nullopt) << "on the way to " << step;
  }
}

// The shown line a thread stands on, as the code view shows it (or "" when none).
std::string ShownLineOf(Session& session, int thread) {
  const std::string_view source = session.lesson().code.source;
  int line = ShownLine(session.lesson(), session.snapshot().next.at(thread).at);
  if (line < 0) return "";
  size_t begin = 0;
  while (line-- > 0) begin = source.find('\n', begin) + 1;
  const std::string_view text = source.substr(begin, source.find('\n', begin) - begin);
  return std::string(text.substr(text.find_first_not_of(' ')));
}

TEST(StepMode, EachThreadStandsOnTheShownLineOfItsNextStep) {
  Session session;
  ASSERT_EQ(RaceWithTwoWorkers(session).StartStepMode(), std::nullopt);
  // Thread 1 reads, then Thread 2 comes up to its read: each stands on its own line.
  Drive(session, {{1, kTakeTask}, {1, "read value (0)"}, {2, kTakeTask}});
  MoveUntil(session, 1, "write 1 to value");
  MoveUntil(session, 2, "read value (0)");
  EXPECT_EQ(ShownLineOf(session, 1), "value.Store(local_copy);");
  EXPECT_EQ(ShownLineOf(session, 2), "long long local_copy = value.Load();");
  // Thread 1 writes and stands on the log line after it.
  ASSERT_EQ(session.Step(1), std::nullopt);
  MoveUntil(session, 1, "log a line");
  EXPECT_EQ(ShownLineOf(session, 1), "Log(\"Thread %d: finishing update\", name);");
  // A pool worker waiting for a task stands in the runtime, on no line of the lesson.
  MoveUntil(session, 1, kTakeTask);
  EXPECT_EQ(ShownLineOf(session, 1), "");
  session.Stop();
}

TEST(StepMode, AStepNamesTheOtherThreadAsItsLogLinesDo) {
  Session session;
  session.Select(*FindLesson("lock"));
  session.values().Set("workers", 2);
  session.values().Set("updates", 2);
  session.values().Set("sleep", 0);
  session.every_step = true;
  ASSERT_EQ(session.StartStepMode(), std::nullopt);
  // The pool's first worker logs as "Thread 0" and takes the lock; the second comes to it.
  Drive(session, {{1, kTakeTask}, {1, "acquire Lock '_lock'"}, {2, kTakeTask}});
  MoveUntil(session, 2, "acquire Lock '_lock' (held by Thread 0)");
  EXPECT_EQ(session.snapshot().threads[1].name, "ThreadPoolExecutor-0_0");
  EXPECT_EQ(ShownLineOf(session, 2), "LockGuard<Lock> with_lock(_lock);");
  EXPECT_FALSE(session.snapshot().next[2].enabled);
  session.Stop();
}

// Log's format is checked against its arguments when the lesson is compiled.
static_assert(format_check::Fits<long long, int, const char*>("%lld: %d %s, 100%%"));
static_assert(format_check::Fits<double>("%.3f s") && format_check::Fits<>("no values"));
static_assert(!format_check::Fits<long long>("%d") && !format_check::Fits<int>("%s"));
static_assert(!format_check::Fits<int>("%d %d") && !format_check::Fits<int, int>("%d"));

TEST(StepMode, AThreadThatCannotGoIsRefusedWithItsReason) {
  Session session;
  session.Select(*FindLesson("deadlock"));
  session.every_step = true;
  ASSERT_EQ(session.StartStepMode(), std::nullopt);
  // Main alone: it logs, takes the lock, logs, and then waits for the lock it holds.
  while (true) {
    ASSERT_TRUE(Settle(session));
    if (session.ended()) break;
    ASSERT_EQ(session.Step(0), std::nullopt);
  }
  const RunSnapshot& run = session.snapshot();
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_EQ(run.next[0].text, "acquire Lock 'l' (held by Main)");
  EXPECT_EQ(session.Step(0), std::optional<std::string>(
                                 "the run has ended: Undo steps back, Step starts again"));
  EXPECT_EQ(session.Step(7).has_value(), true);
  session.Stop();
}

// Two clicks in one frame: the second is read from a snapshot the first pick has made stale
// (whether the first went at once or waits for the run's lock), so it is refused, not queued.
TEST(StepMode, ASecondPickBeforeTheRunHasTakenTheFirstIsRefused) {
  Session session;
  ASSERT_EQ(RaceWithTwoWorkers(session).StartStepMode(), std::nullopt);
  ASSERT_TRUE(Settle(session));
  ASSERT_FALSE(session.ended());
  ASSERT_EQ(session.Step(0), std::nullopt);
  EXPECT_FALSE(session.awaiting_step());
  EXPECT_EQ(session.Step(0), std::optional<std::string>("the run is between two steps: try again"));
  ASSERT_TRUE(Settle(session));
  EXPECT_EQ(session.snapshot().schedule, Schedule{0});
  session.Stop();
}

TEST(StepMode, UndoGivesBackThePreviousStatesLog) {
  Session session;
  ASSERT_EQ(RaceWithTwoWorkers(session).StartStepMode(), std::nullopt);
  EXPECT_EQ(session.Undo(), std::optional<std::string>("nothing to undo: no thread was picked yet"));
  Drive(session, {{1, kTakeTask}, {1, "read value (0)"}, {2, "read value (0)"},
                  {1, "sleep, 0 s left"}});
  ASSERT_TRUE(Settle(session));
  const std::vector<std::string> before = Messages(session.snapshot());
  const Schedule schedule_before = session.snapshot().schedule;
  const int run_before = session.run_id();
  // Thread 1 writes, then logs "finishing update": two picks, two undos.
  Drive(session, {{1, "write 1 to value"}, {1, "log a line"}});
  ASSERT_TRUE(Settle(session));
  EXPECT_EQ(session.snapshot().log.size(), before.size() + 1);
  ASSERT_EQ(session.Undo(), std::nullopt);
  ASSERT_EQ(session.Undo(), std::nullopt);
  ASSERT_TRUE(Settle(session));
  EXPECT_GT(session.run_id(), run_before);  // a new run, replayed to the same place
  EXPECT_EQ(Messages(session.snapshot()), before);
  EXPECT_EQ(session.snapshot().schedule, schedule_before);
  EXPECT_EQ(session.snapshot().next[1].text, "write 1 to value");
  // And it goes on from there like any step-mode run.
  Drive(session, {{1, "write 1 to value"}, {2, "write 1 to value"}});
  FinishByHand(session);
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  EXPECT_EQ(EndingValue(session.snapshot()), 1);
}

TEST(Replay, AStatedScheduleReplaysAtOnceAndWatchedStepByStep) {
  Session session;
  RaceWithTwoWorkers(session).StartStepMode();
  Drive(session, {{1, kTakeTask}, {1, "read value (0)"}, {2, "read value (0)"}});
  FinishByHand(session);
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  const RunSnapshot lost = session.snapshot();

  ScheduleOptions replay;
  replay.policy = SchedulePolicy::replay;
  replay.schedule = lost.schedule;
  ASSERT_EQ(session.Start(replay), std::nullopt);
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  EXPECT_EQ(Messages(session.snapshot()), Messages(lost));
  EXPECT_EQ(session.snapshot().outcome, lost.outcome);

  session.SetSpeed(kMaxUiSpeed);
  ASSERT_EQ(session.Watch(lost.schedule), std::nullopt);
  EXPECT_TRUE(session.step_mode());
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  EXPECT_EQ(Messages(session.snapshot()), Messages(lost));
  EXPECT_EQ(session.snapshot().outcome, lost.outcome);
}

TEST(RunMany, RacingWorkersEndWithOneOrTwoAndEachWitnessReplaysToItsOutcome) {
  Session session;
  RaceWithTwoWorkers(session);
  EXPECT_TRUE(session.StartMany(0).has_value());
  EXPECT_TRUE(session.StartMany(kMaxManyRuns + 1).has_value());
  const double start = WallSeconds();
  ASSERT_EQ(session.StartMany(100), std::nullopt);
  EXPECT_TRUE(session.many().running);
  ASSERT_TRUE(PollUntil(session, [&] { return !session.many().running; }));
  const double seconds = WallSeconds() - start;
  const ManyRuns& many = session.many().result;
  EXPECT_EQ(many.runs, 100u);
  // What a controlled step costs, roughly: every run of this lesson takes about as many
  // steps as a witness (thread start-up and the run's end included).
  size_t steps = 0;
  for (const OutcomeCount& outcome : many.outcomes) steps += outcome.witness.size() * outcome.count;
  std::printf("100 random-controlled runs in %.0f ms, about %zu steps: %.1f us a step\n",
              seconds * 1000, steps, seconds * 1e6 / std::max<size_t>(1, steps));
  std::set<std::string> outcomes;
  for (const OutcomeCount& outcome : many.outcomes) {
    outcomes.insert(outcome.outcome);
    std::printf("race-condition, 100 random runs: %zu %s\n", outcome.count, outcome.outcome.c_str());
  }
  EXPECT_EQ(outcomes, (std::set<std::string>{"expected 2, got 1: one update was lost",
                                              "expected 2, got 2: no update was lost"}));
  for (const OutcomeCount& outcome : many.outcomes) {
    ScheduleOptions replay;
    replay.policy = SchedulePolicy::replay;
    replay.schedule = outcome.witness;
    ASSERT_EQ(session.Start(replay), std::nullopt);
    ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
    EXPECT_EQ(session.snapshot().outcome, outcome.outcome);
  }
}

TEST(RunMany, StopEndsItEarlyAndSaysSo) {
  Session session;
  RaceWithTwoWorkers(session);
  ASSERT_EQ(session.StartMany(kMaxManyRuns), std::nullopt);
  session.StopMany();
  ASSERT_TRUE(PollUntil(session, [&] { return !session.many().running; }));
  EXPECT_FALSE(session.many().result.complete);
  EXPECT_LT(session.many().result.runs, kMaxManyRuns);
}

// A prove-it level, won in the UI by exploring: every interleaving, none meets the goal. A
// level that can be won is not proved by exploring, and says so.
TEST(Challenges, AProveItLevelIsProvedByExploringEveryInterleavingAndAWinnableOneRefused) {
  Session session;
  EXPECT_TRUE(session.StartProof().has_value()) << "no level played";
  session.SelectLevel(*FindLevel("lose-an-update"));
  EXPECT_TRUE(session.StartProof().has_value()) << "a level with a win is not a proof";
  session.SelectLevel(*FindLevel("prove-the-semaphore"));  // 177 interleavings: quick everywhere
  EXPECT_EQ(&session.lesson(), FindLesson("semaphore"));
  ASSERT_EQ(session.StartProof(), std::nullopt);
  ASSERT_TRUE(PollUntil(session, [&] { return !session.many().running; }));
  const ManyRunsView& proof = session.many();
  EXPECT_EQ(proof.proof, session.level()->level);
  EXPECT_TRUE(proof.result.complete) << proof.result.runs;
  EXPECT_EQ(proof.result.wins, 0u);
  EXPECT_GT(proof.result.runs, 100u) << "every interleaving, not a few";
}

// ---- Predict, then reveal -------------------------------------------------------------------
// The question is worked out on a thread of its own; nothing of it is known until a Poll reads
// the answer, so each step below holds whatever the thread's timing.

std::vector<std::string> CandidateIds(const PredictionView& view) {
  std::vector<std::string> ids;
  for (const Ending& ending : view.endings.candidates) ids.push_back(ending.id);
  return ids;
}

bool Answered(Session& session) {
  return PollUntil(session, [&] { return !session.prediction().working; });
}

TEST(Predict, TheLearnerTicksOnceTheEndingsAreKnownAndRevealsOnce) {
  Session session;
  RaceWithTwoWorkers(session);
  EXPECT_EQ(session.RevealPrediction(), "there is no question yet: press Predict to ask it");
  ASSERT_EQ(session.StartPrediction(), std::nullopt);
  EXPECT_TRUE(session.prediction().working);  // until a Poll reads the answer
  EXPECT_EQ(session.TickPrediction("ending_value=2", true), "the endings are still being worked out");
  EXPECT_EQ(session.RevealPrediction(), "the endings are still being worked out");
  ASSERT_TRUE(Answered(session));
  const PredictionView& view = session.prediction();
  ASSERT_TRUE(view.error.empty()) << view.error;
  EXPECT_TRUE(view.endings.complete);
  EXPECT_EQ(view.done, view.endings.runs);
  EXPECT_EQ(CandidateIds(view), (std::vector<std::string>{"ending_value=0", "ending_value=1", "ending_value=2",
                                                          "ending_value=3", "deadlock", "exception"}));
  ASSERT_EQ(session.StartPrediction(), std::nullopt);  // the same question: kept, not asked anew
  EXPECT_FALSE(session.prediction().working);

  const std::optional<std::string> unknown = session.TickPrediction("ending_value=9", true);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->find("no ending 'ending_value=9' among the candidates (ending_value=0, "), 0u) << *unknown;
  // The learner who thinks a race is only slow, and who first thought of a deadlock too.
  EXPECT_EQ(session.TickPrediction("ending_value=2", true), std::nullopt);
  EXPECT_EQ(session.TickPrediction("deadlock", true), std::nullopt);
  EXPECT_EQ(session.TickPrediction("deadlock", false), std::nullopt);
  EXPECT_EQ(session.prediction().result.seq, 0);
  ASSERT_EQ(session.RevealPrediction(), std::nullopt);
  const PredictionResult& result = session.prediction().result;
  EXPECT_TRUE(session.prediction().revealed);
  EXPECT_EQ(result.seq, 1);
  EXPECT_EQ(result.lesson, FindLesson("race-condition"));
  EXPECT_EQ(result.reveal.predicted, (std::vector<std::string>{"ending value: 2"}));
  EXPECT_EQ(result.reveal.actual, (std::vector<std::string>{"ending value: 1", "ending value: 2"}));
  EXPECT_EQ(result.reveal.missed, (std::vector<std::string>{"ending value: 1"}));
  EXPECT_TRUE(result.reveal.wrong.empty());
  EXPECT_EQ(result.reveal.right, 5u);

  // Revealed once: a second reveal or a new tick would score a guess made knowing the answer.
  EXPECT_TRUE(session.RevealPrediction().has_value());
  EXPECT_TRUE(session.TickPrediction("ending_value=1", true).has_value());
  EXPECT_EQ(session.prediction().result.seq, 1);

  // The missed ending's witness, watched, ends with the value missed.
  const EndingSeen* missed = session.prediction().endings.Seen("ending_value=1");
  ASSERT_NE(missed, nullptr);
  session.SetSpeed(kMaxUiSpeed);
  ASSERT_EQ(session.Watch(missed->witness), std::nullopt);
  ASSERT_TRUE(PollUntil(session, [&] { return session.snapshot().done; }));
  EXPECT_EQ(EndingValue(session.snapshot()), 1);
}

TEST(Predict, AQuestionAboutOtherValuesIsStaleAndAskingAgainKeepsTheLastReveal) {
  Session session;
  RaceWithTwoWorkers(session);
  ASSERT_EQ(session.StartPrediction(), std::nullopt);
  ASSERT_TRUE(Answered(session));
  ASSERT_EQ(session.RevealPrediction(), std::nullopt);
  session.values().Set("lock", 1);
  EXPECT_FALSE(session.PredictionCurrent());
  const char* const kStale = "the lesson or its values changed since the question: ask it again";
  EXPECT_EQ(session.TickPrediction("ending_value=2", true), kStale);
  session.values().Set("lock", 0);  // the values asked about again: the reveal stands
  EXPECT_TRUE(session.PredictionCurrent());
  EXPECT_TRUE(session.prediction().revealed);
  session.Select(*FindLesson("lock"));
  EXPECT_FALSE(session.PredictionCurrent());

  ASSERT_EQ(session.StartPrediction(), std::nullopt);  // about the lock lesson now
  EXPECT_TRUE(session.prediction().working);
  EXPECT_FALSE(session.prediction().revealed);
  EXPECT_EQ(session.prediction().lesson, FindLesson("lock"));
  // The page may not have reported the last reveal yet: it stays until the next one.
  EXPECT_EQ(session.prediction().result.seq, 1);
  EXPECT_EQ(session.prediction().result.lesson, FindLesson("race-condition"));
}

TEST(Predict, WithPredictFirstNoRunOfTheLessonStartsBeforeAReveal) {
  Session session;
  RaceWithTwoWorkers(session);
  session.predict_first = true;
  const std::optional<std::string> pending = session.PredictionPending();
  ASSERT_TRUE(pending.has_value());
  EXPECT_EQ(session.Start(), pending);
  EXPECT_EQ(session.StartStepMode(), pending);
  EXPECT_EQ(session.Watch(*ParseSchedule("0x4.1x4.0x3.2x8.1")), pending);
  EXPECT_EQ(session.StartMany(10), pending);
  EXPECT_FALSE(session.has_run());
  EXPECT_FALSE(session.many().running);

  ASSERT_EQ(session.StartPrediction(), std::nullopt);
  ASSERT_TRUE(Answered(session));
  EXPECT_EQ(session.StartMany(10), pending) << "asked is not revealed";
  ASSERT_EQ(session.RevealPrediction(), std::nullopt);  // nothing ticked is a guess too
  EXPECT_EQ(session.PredictionPending(), std::nullopt);
  EXPECT_EQ(session.StartMany(10), std::nullopt);
  session.values().Set("updates", 3);  // once revealed, the lesson is the learner's to try
  EXPECT_EQ(session.Start(), std::nullopt);

  session.Select(*FindLesson("lock"));  // another lesson asks again
  EXPECT_EQ(session.Start(), pending);
}

}  // namespace
}  // namespace threadlab
