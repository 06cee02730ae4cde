// The challenges (run/levels.h): the campaign's shape, and for every level what it promises
// the learner, checked over every interleaving rather than by any run's timing: a win exists
// (or, for a "prove it" level, none does), the shortest win replays to a win, the fix leaves
// no win, the goal fires once at the step the timeline marks, and the hints lead to a win.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "run/levels.h"
#include "runtime/log_reading.h"
#include "runtime/primitives.h"
#include "test_helpers.h"

namespace threadlab::testing {
namespace {

TEST(Campaign, HasSixteenLevelsInChaptersEachWithItsBriefAndValidValues) {
  std::set<std::string> ids;
  size_t prove = 0;
  for (const Chapter& chapter : Campaign()) {
    EXPECT_FALSE(chapter.levels.empty()) << chapter.id;
    for (const PlacedLevel& level : chapter.levels) {
      EXPECT_TRUE(ids.insert(level.level->id).second) << "twice: " << level.level->id;
      EXPECT_GT(std::string(level.level->brief).size(), 80u) << level.level->id;
      EXPECT_EQ(CheckValues(*level.lesson, LevelValues(level)), std::nullopt) << level.level->id;
      if (level.prove()) ++prove;
      else EXPECT_EQ(CheckValues(*level.lesson, LevelValues(level, true)), std::nullopt) << level.level->id;
      EXPECT_EQ(FindLevel(level.level->id)->level, level.level);
    }
  }
  EXPECT_GE(ids.size(), 16u);
  EXPECT_GE(prove, 2u);
  EXPECT_FALSE(FindLevel("no-such-level"));
}

class EveryLevel : public ::testing::TestWithParam<std::string> {
 protected:
  PlacedLevel level() const { return *FindLevel(GetParam()); }
};

// A level's win, replayed: a step-mode run that takes these steps, then waits.
RunSnapshot Replay(const PlacedLevel& level, const Schedule& schedule) {
  return RunToEnd(StartLevel(level, Controlled(SchedulePolicy::replay, schedule)));
}

// Sanitizers run ten times slower: there, the levels whose exploration is long are left to
// the plain builds.
#ifdef THREADLAB_SANITIZER_BUILD
constexpr size_t kMostRunsChecked = 1000;
#else
constexpr size_t kMostRunsChecked = 1'000'000;
#endif

// One exploration, and what each level promises of it.
TEST_P(EveryLevel, HasAWinThatReplaysTenTimesOutOfTenAndAFixThatLeavesNone) {
  const ManyRuns explored = ExploreLevel(level(), false);
  if (level().prove()) {
    EXPECT_TRUE(explored.complete) << explored.runs << " interleavings";
    EXPECT_EQ(explored.wins, 0u) << "a prove-it level's goal is unreachable";
    return;
  }
  ASSERT_GT(explored.wins, 0u) << explored.runs << " interleavings, none won";
  if (explored.runs > kMostRunsChecked) GTEST_SKIP() << explored.runs << " interleavings";
  const Schedule& win = explored.shortest_win;
  for (int attempt = 0; attempt < 10; ++attempt) {
    const RunSnapshot run = Replay(level(), win);
    ASSERT_TRUE(run.goal.met) << attempt << ": " << run.outcome;
    EXPECT_EQ(run.goal.step, win.size()) << attempt;
  }
  const ManyRuns fixed = ExploreLevel(level(), true);
  EXPECT_TRUE(fixed.complete) << fixed.runs << " interleavings of the fix";
  EXPECT_EQ(fixed.wins, 0u) << "the fix still loses: " << ScheduleText(fixed.shortest_win);
}

TEST_P(EveryLevel, ItsGoalFiresOnceAtTheStepTheTimelineMarks) {
  if (level().prove()) GTEST_SKIP() << "no win";
  const ManyRuns explored = ExploreLevel(level(), false);
  const Schedule& win = explored.shortest_win;
  const RunSnapshot run = Replay(level(), win);
  ASSERT_TRUE(run.goal.met) << run.outcome;
  EXPECT_EQ(CountEvents(run, EventKind::goal_reached), 1);
  EXPECT_EQ(run.schedule.size(), win.size()) << "the run stopped at the winning step";
  for (const TraceEvent& event : run.trace) {
    if (event.kind != EventKind::goal_reached) continue;
    EXPECT_EQ(event.time, run.goal.time);
    EXPECT_EQ(event.thread, run.goal.thread);
    EXPECT_EQ(event.thread, win.back()) << "the thread that took the winning step";
  }
  int said = 0;
  for (const LogLine& line : run.log) said += line.message.rfind(kGoalLogPrefix, 0) == 0;
  EXPECT_EQ(said, 1) << "the log says it once";
  for (const std::string& label : ThreadLabels(run))
    EXPECT_EQ(label.find("Goal"), std::string::npos) << "the goal's line names no thread";
  EXPECT_EQ(run.status, level().level->goal.kind == GoalKind::deadlock ? RunStatus::deadlocked : RunStatus::won);
}

// The first hint, taken again and again from the start: each is the next step of a win from
// where the learner stands, so following them always wins.
TEST_P(EveryLevel, FollowingTheHintsFromTheStartWins) {
  if (!level().prove() && ExploreLevel(level(), false).runs > kMostRunsChecked)
    GTEST_SKIP() << "a long exploration, for each hint";
  Schedule taken, known_win;
  for (int step = 0; step < 200; ++step) {
    const Hints hints = HintsFor(level(), taken, known_win);
    if (level().prove()) {
      EXPECT_FALSE(hints.reachable);
      return;
    }
    ASSERT_TRUE(hints.reachable) << "after " << ScheduleText(taken);
    ASSERT_FALSE(hints.next.empty());
    ASSERT_FALSE(hints.why.empty());
    ASSERT_GT(hints.show_me.size(), taken.size());
    EXPECT_TRUE(std::equal(taken.begin(), taken.end(), hints.show_me.begin())) << "show me goes on from here";
    EXPECT_EQ(hints.show_me[taken.size()], hints.thread) << "show me takes the hinted step";
    taken.push_back(hints.thread);
    known_win = hints.show_me;
    if (Replay(level(), taken).goal.met) return;
  }
  FAIL() << "200 hints and no win: " << ScheduleText(taken);
}

// Events fix the order: A reads 0, B reads 0 and writes 1, A writes 1: lost at A's write.
TEST(Goal, ALostUpdateIsAWriteFromAReadThatAnotherWriteMadeStale) {
  RunOptions options = RunOptions::AtSpeed(kTestSpeed);
  options.goal = Goal::LostUpdate("value");
  const RunSnapshot run = RunProgram([] {
    SharedValue value("value", 0);
    Event a_read("a read"), b_wrote("b wrote");
    Thread a("A", [&] {
      const long long copy = value.Load();
      a_read.Set();
      b_wrote.Wait();
      value.Store(copy + 1);
    });
    Thread b("B", [&] {
      a_read.Wait();
      value.Store(value.Load() + 1);
      b_wrote.Set();
    });
    a.Start();
    b.Start();
    a.Join();
    b.Join();
  }, options);
  ASSERT_TRUE(run.goal.met) << run.outcome;
  EXPECT_EQ(run.status, RunStatus::won);
  EXPECT_EQ(run.threads.at(run.goal.thread).name, "A");
  EXPECT_NE(run.goal.text.find("A wrote 1 to 'value'"), std::string::npos) << run.goal.text;

  const RunSnapshot alone = RunProgram([] {
    SharedValue value("value", 0);
    for (int round = 0; round < 3; ++round) value.Store(value.Load() + 1);
  }, options);
  EXPECT_FALSE(alone.goal.met) << "a thread that reads its own writes loses nothing";
  EXPECT_EQ(alone.status, RunStatus::finished);
}

std::vector<std::string> LevelIds() {
  std::vector<std::string> ids;
  for (const PlacedLevel& level : AllLevels()) ids.push_back(level.level->id);
  return ids;
}

INSTANTIATE_TEST_SUITE_P(Levels, EveryLevel, ::testing::ValuesIn(LevelIds()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace threadlab::testing
