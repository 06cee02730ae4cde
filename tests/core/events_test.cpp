// The events table (runtime/events.h), one test per event kind: every kind has a name, words
// for the timeline, and, when it makes a thread wait, words for the scrubber and the deadlock
// report; its words fill every placeholder.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runtime/events.h"

namespace threadlab {
namespace {

bool Waits(ThreadState state) {
  return state == ThreadState::waiting_lock || state == ThreadState::waiting ||
         state == ThreadState::waiting_barrier || state == ThreadState::blocked_queue;
}

// Facts for every placeholder, so that a phrase filled from them keeps no `{`.
WordFacts EveryFact(const ObjectInfo& object, const std::vector<std::string>& names, long long value) {
  WordFacts facts;
  facts.object = &object;
  facts.names = &names;
  facts.value = value;
  facts.thread = 1;
  facts.seconds = 1.5;
  facts.text = "a line";
  return facts;
}

class EveryEventKind : public ::testing::TestWithParam<int> {};

TEST_P(EveryEventKind, HasANameAndWordsForEachPlaceThatShowsIt) {
  const EventRow& row = kEvents[GetParam()];
  SCOPED_TRACE(row.name);
  ASSERT_NE(row.name, nullptr);
  EXPECT_EQ(std::string(row.name).find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos);
  EXPECT_NE(row.event.text, nullptr) << "the timeline's tooltip has no words";
  if (row.state && Waits(*row.state)) {
    EXPECT_NE(row.waiting.text, nullptr) << "a wait the scrubber cannot name";
    // A timer's delay always ends: it never takes part in a deadlock.
    if (row.kind != EventKind::timer_wait) {
      EXPECT_NE(row.deadlock.text, nullptr) << "a wait the deadlock report cannot name";
    }
  }
  if (row.alt == Alt::never) {
    for (Place place : {Place::step, Place::event, Place::waiting, Place::deadlock})
      EXPECT_EQ(PhraseOf(row, place).alt, nullptr) << "a second form that nothing picks";
  }
}

TEST_P(EveryEventKind, ItsWordsFillEveryPlaceholder) {
  const EventRow& row = kEvents[GetParam()];
  SCOPED_TRACE(row.name);
  const ObjectInfo lock{ObjectKind::lock, "l", 1, 0, 0};
  const std::vector<std::string> names = {"Main", "Thread 1"};
  for (long long value : {0LL, 3LL}) {
    const WordFacts facts = EveryFact(lock, names, value);
    for (Place place : {Place::step, Place::event, Place::waiting, Place::deadlock}) {
      const std::string words = Words(row.kind, place, facts);
      EXPECT_FALSE(words.empty());
      EXPECT_EQ(words.find('{'), std::string::npos) << words;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Events, EveryEventKind, ::testing::Range(0, kEventKindCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(kEvents[info.param].name);
                         });

TEST(Events, NoTwoKindsShareAName) {
  std::set<std::string> names;
  for (const EventRow& row : kEvents) EXPECT_TRUE(names.insert(row.name).second) << row.name;
  std::set<std::string> states;
  for (const ThreadStateRow& row : kThreadStates) EXPECT_TRUE(states.insert(row.name).second) << row.name;
}

}  // namespace
}  // namespace threadlab
