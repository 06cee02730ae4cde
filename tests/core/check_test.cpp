// "Check my fix" (run/check.h): each verdict on the levels' fixes and faults, decided over
// every interleaving (never by a run's timing), with the evidence it gives: a witness that
// replays to the bug, the count of interleavings, the parallelism, the line under a lock.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "run/check.h"
#include "run/explore.h"
#include "run/link.h"
#include "run/session.h"
#include "test_helpers.h"

namespace threadlab::testing {
namespace {

PlacedLevel Level(const char* id) { return *FindLevel(id); }

ParamValues With(const PlacedLevel& level, const std::map<std::string, double>& switches) {
  ParamValues values = LevelValues(level);
  for (const auto& [name, value] : switches) values.Set(name, value);
  return values;
}

// The witness, replayed from its link as the page would open it, meets the level's goal.
void ExpectWitnessBreaksIt(const PlacedLevel& level, const FixCheck& check) {
  const Link link = ParseLink(check.link);
  ASSERT_TRUE(link.schedule) << check.link;
  EXPECT_EQ(*link.schedule, check.witness);
  RunOptions options = Controlled(SchedulePolicy::replay, *link.schedule);
  options.goal = level.level->goal;
  const RunSnapshot replay = RunToEnd(StartLesson(*link.lesson, link.values, options));
  EXPECT_TRUE(replay.goal.met) << check.link;
}

TEST(CheckMyFix, TheRaceWithoutALockIsRefutedByTheFewestPreemptions) {
  const PlacedLevel race = Level("lose-an-update");
  const FixCheck check = CheckFix(race, With(race, {{"lock", 0}}));
  EXPECT_EQ(check.verdict, Verdict::refuted) << check.text;
  // Two, not one: the pool starts a second worker only while the first is busy, so Main
  // must be stopped once to let the first take its task before the second is submitted.
  EXPECT_EQ(check.preemptions, 2) << ScheduleText(check.witness);
  ExpectWitnessBreaksIt(race, check);
  EXPECT_NE(check.text.find("2 preemptions"), std::string::npos) << check.text;
}

TEST(CheckMyFix, TheRaceWithTheSleepInsideTheLockIsOverSynchronised) {
  const PlacedLevel race = Level("lose-an-update");
  const FixCheck check = CheckFix(race, With(race, {{"lock", 1}, {"sleep_first", 0}}));
  EXPECT_EQ(check.verdict, Verdict::over_synchronised) << check.text;
  EXPECT_TRUE(check.complete);
  EXPECT_EQ(check.parallelism, 1);
  EXPECT_EQ(check.expected, 2);
  ASSERT_GE(check.line, 0) << check.text;
  EXPECT_NE(ShownLineText(*race.lesson, check.line, check.values).find("Sleep("), std::string::npos) << check.text;
}

TEST(CheckMyFix, TheRaceWithTheLockAroundTheReadAndWriteIsProvedWithTwoAtOnce) {
  const PlacedLevel race = Level("lose-an-update");
  const FixCheck check = CheckFix(race, With(race, {{"lock", 1}, {"sleep_first", 1}}));
  EXPECT_EQ(check.verdict, Verdict::proved) << check.text;
  EXPECT_TRUE(check.complete);
  EXPECT_GT(check.interleavings, 1u);
  EXPECT_EQ(check.parallelism, 2);
  EXPECT_NE(check.text.find(Printf("no interleaving of %zu breaks it", check.interleavings)), std::string::npos);
}

// Every fix level: its own fix holds (proved, or over-synchronised where it serialises what
// the level wants parallel), and the level as it stands is refuted by a witness that replays.
class EveryFixLevel : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryFixLevel, TheFixHoldsAndTheFaultIsRefuted) {
  const PlacedLevel level = Level(GetParam().c_str());
  const FixCheck fixed = CheckFix(level, LevelValues(level, true));
  std::printf("%s fixed: %s\n", level.level->id, fixed.text.c_str());
  EXPECT_TRUE(fixed.verdict == Verdict::proved || fixed.verdict == Verdict::over_synchronised) << fixed.text;
  if (level.level->parallel > 0) {
    EXPECT_EQ(fixed.verdict, Verdict::proved) << fixed.text;
  }
  const FixCheck fault = CheckFix(level, LevelValues(level));
  std::printf("%s as it stands: %s\n", level.level->id, fault.text.c_str());
  EXPECT_EQ(fault.verdict, Verdict::refuted) << fault.text;
  ExpectWitnessBreaksIt(level, fault);
}

// Every fix level natively; under wasm and the sanitizers, where each run costs far more, five.
std::vector<std::string> FixLevels() {
#if defined(__EMSCRIPTEN__) || defined(THREADLAB_SANITIZER_BUILD)
  return {"two-in-the-section", "overdraw", "opposite-lock-order", "lost-wakeup", "checked-outside-the-lock"};
#else
  std::vector<std::string> ids;
  for (const PlacedLevel& level : AllLevels())
    if (!level.prove()) ids.push_back(level.level->id);
  return ids;
#endif
}
INSTANTIATE_TEST_SUITE_P(Levels, EveryFixLevel, ::testing::ValuesIn(FixLevels()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) if (c == '-') c = '_';
                           return name;
                         });

TEST(CheckMyFix, ACheckTooLargeForItsBoundIsRefusedWithTheEstimate) {
  const PlacedLevel race = Level("lose-an-update");
  CheckOptions options;
  options.max_runs = 2;
  const FixCheck check = CheckFix(race, With(race, {{"lock", 1}}), options);
  EXPECT_EQ(check.verdict, Verdict::refused);
  EXPECT_EQ(check.interleavings, 0u) << "refused before it starts";
  EXPECT_NE(check.text.find("about "), std::string::npos) << check.text;
  EXPECT_NE(check.text.find("interleavings, about "), std::string::npos) << check.text;
}

// Knuth's estimate against the explorer's real count, on five lessons.
struct Sized {
  const char* lesson;
  std::map<std::string, double> params;
};
class EstimateOf : public ::testing::TestWithParam<Sized> {};

TEST_P(EstimateOf, IsWithinTwiceTheRealCount) {
  const Lesson& lesson = *FindLesson(GetParam().lesson);
  ParamValues values = DefaultValues(lesson);
  for (const auto& [name, value] : GetParam().params) values.Set(name, value);
  const ManyRuns real = Explore(lesson, values);
  ASSERT_TRUE(real.complete);
  const Estimate estimate = EstimateInterleavings(lesson, values);
  std::printf("%s: %zu interleavings, estimated %.0f\n", lesson.id, real.runs, estimate.interleavings);
  EXPECT_LE(estimate.interleavings, 2.0 * real.runs);
  EXPECT_GE(estimate.interleavings, 0.5 * real.runs);
  EXPECT_GT(estimate.seconds, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Lessons, EstimateOf,
    ::testing::Values(Sized{"race-condition", {{"workers", 2}, {"updates", 2}, {"sleep", 0}, {"lock", 1}, {"sleep_first", 1}}},
                      Sized{"lock", {{"workers", 2}, {"updates", 2}, {"sleep", 0}}},
                      Sized{"deadlock", {}},
                      Sized{"check-then-act", {}},
                      Sized{"narrow-lock", {}}),
    [](const auto& info) {
      std::string name = info.param.lesson;
      for (char& c : name) if (c == '-') c = '_';
      return name;
    });

}  // namespace
}  // namespace threadlab::testing
