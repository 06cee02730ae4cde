// Predict, then reveal (run/predict.h): the endings every interleaving shows, the candidates a
// learner ticks among, the score of a guess, and the witness of each ending, which replays to it.
#include <gtest/gtest.h>

#include "run/explore.h"
#include "run/levels.h"
#include "run/predict.h"
#include "test_helpers.h"

namespace threadlab::testing {
namespace {

std::vector<std::string> Ids(const std::vector<Ending>& endings) {
  std::vector<std::string> ids;
  for (const Ending& ending : endings) ids.push_back(ending.id);
  return ids;
}

std::vector<std::string> SeenIds(const Endings& endings) {
  std::vector<std::string> ids;
  for (const EndingSeen& seen : endings.seen) ids.push_back(seen.ending.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Each ending's witness, replayed, ends that very way.
void ExpectWitnessesReplay(const Lesson& lesson, const ParamValues& values, const Endings& endings) {
  for (const EndingSeen& seen : endings.seen) {
    const RunSnapshot replay =
        RunToEnd(StartLesson(lesson, values, Controlled(SchedulePolicy::replay, seen.witness)));
    EXPECT_EQ(EndingOf(lesson, values, replay).id, seen.ending.id) << ScheduleText(seen.witness);
  }
}

TEST(Predict, TwoRacingWorkersEndWithOneOrTwoAndNeverZeroThreeOrADeadlock) {
  const Lesson& race = *FindLesson("race-condition");
  const ParamValues values = LevelValues(*FindLevel("lose-an-update"));
  const Endings endings = FindEndings(race, values);
  ASSERT_TRUE(endings.complete);
  EXPECT_EQ(SeenIds(endings), (std::vector<std::string>{"ending_value=1", "ending_value=2"}));
  EXPECT_EQ(Ids(endings.candidates),
            (std::vector<std::string>{"ending_value=0", "ending_value=1", "ending_value=2", "ending_value=3",
                                      "deadlock", "exception"}));
  EXPECT_EQ(endings.candidates[1].label, "ending value: 1");
  ExpectWitnessesReplay(race, values, endings);

  // The learner who thinks a race is only slow: the lost update is what they missed.
  const Reveal naive = ScorePrediction(endings, {"ending_value=2"});
  EXPECT_EQ(naive.missed, (std::vector<std::string>{"ending value: 1"}));
  EXPECT_TRUE(naive.wrong.empty());
  EXPECT_EQ(naive.right, 5u);
  EXPECT_EQ(naive.of, 6u);
  const Reveal wild = ScorePrediction(endings, {"ending_value=0", "ending_value=1", "ending_value=2", "deadlock"});
  EXPECT_EQ(wild.wrong, (std::vector<std::string>{"ending value: 0", "deadlock"}));
  EXPECT_EQ(wild.actual, (std::vector<std::string>{"ending value: 1", "ending value: 2"}));
  EXPECT_EQ(wild.right, 4u);
  EXPECT_EQ(ScorePrediction(endings, {"ending_value=1", "ending_value=2"}).right, 6u);
}

TEST(Predict, TheLockLeavesOneEndingAndTheDeadlockAnother) {
  const Lesson& lock = *FindLesson("lock");
  ParamValues values = DefaultValues(lock);
  values.Set("sleep", 0);
  const Endings locked = FindEndings(lock, values);
  ASSERT_TRUE(locked.complete);
  EXPECT_EQ(SeenIds(locked), (std::vector<std::string>{"ending_value=2"}));

  const Lesson& deadlock = *FindLesson("deadlock");
  const Endings stuck = FindEndings(deadlock, DefaultValues(deadlock));
  EXPECT_EQ(SeenIds(stuck), (std::vector<std::string>{"deadlock"}));
  EXPECT_EQ(ScorePrediction(stuck, {}).missed, (std::vector<std::string>{"deadlock"}));
  ExpectWitnessesReplay(deadlock, DefaultValues(deadlock), stuck);
}

TEST(Predict, AnExceptionIsAnEndingAndTheQuestionStaysShort) {
  const Lesson& rlock = *FindLesson("rlock");
  const Endings endings = FindEndings(rlock, DefaultValues(rlock));
  EXPECT_NE(endings.Seen("exception"), nullptr);
  for (const Lesson* lesson : Lessons()) {
    const Endings each = FindEndings(*lesson, DefaultValues(*lesson), 200);
    EXPECT_LE(each.candidates.size(), kMaxCandidates) << lesson->id;
    EXPECT_GE(each.candidates.size(), 2u) << lesson->id;
  }
}

}  // namespace
}  // namespace threadlab::testing
