// The fiber build's own promises (runtime/threads.h): the thread's own context gets the thread
// back within the share it gives, however much the fibers still have to do, and gets it
// again and again until they are done. (With OS threads there is nothing to give back.)
#include <gtest/gtest.h>

#include "run/session.h"
#include "runtime/threads.h"
#include "test_helpers.h"

namespace threadlab::testing {
namespace {

TEST(Fibers, TheMainContextGetsTheThreadBackWhileAJobExploresAndTheJobStillEnds) {
  if (!kFibers) GTEST_SKIP() << "OS threads run by themselves";
  Session session;
  session.Select(*FindLesson("race-condition"));
  session.values().Set("sleep", 0);
  ASSERT_EQ(session.StartPrediction(), std::nullopt);
  // Every interleaving of the race: far more steps than a millisecond holds.
  RunFibersFor(0.001);
  session.Poll();
  EXPECT_TRUE(session.prediction().working);
  int shares = 1;
  while (session.prediction().working) {
    RunFibersFor(0.001);
    session.Poll();
    ASSERT_LT(++shares, 1'000'000) << "the endings were never worked out";
  }
  EXPECT_GT(shares, 10);
  EXPECT_TRUE(session.prediction().endings.complete);
  EXPECT_EQ(session.prediction().endings.runs, 7787u);
}

}  // namespace
}  // namespace threadlab::testing
