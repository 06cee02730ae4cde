// Condition behaves like Python's threading.Condition, and every one of its steps goes
// through the gate: the orders below come from controlled runs (random seeds, or every
// interleaving), never from timing.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lesson.h"
#include "run/explore.h"
#include "runtime/moment.h"
#include "runtime/primitives.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

constexpr std::uint64_t kSeeds = 8;

RunSnapshot RunSeeded(const std::function<void()>& main, std::uint64_t seed) {
  return RunToEnd(Program::Start(main, Controlled(SchedulePolicy::random, {}, seed)));
}

// The index of the first trace event of `thread` of this kind at or after `from`, or -1.
int FindEvent(const RunSnapshot& run, int thread, EventKind kind, int from = 0) {
  for (int i = from; i < static_cast<int>(run.trace.size()); ++i)
    if (run.trace[i].thread == thread && run.trace[i].kind == kind) return i;
  return -1;
}

TEST(Condition, WaitOrNotifyWithoutTheLockRaisesRuntimeError) {
  std::vector<std::string> errors;
  const RunSnapshot run = RunSeeded([&] {
    Lock lock("l");
    Condition condition(lock, "c");
    auto expect_error = [&](const std::function<void()>& call) {
      try {
        call();
        errors.push_back("no error");
      } catch (const RuntimeError& e) {
        errors.push_back(e.what());
      }
    };
    expect_error([&] { condition.Wait(); });
    expect_error([&] { condition.Notify(); });
    expect_error([&] { condition.NotifyAll(); });
    // The lock held by another thread is not this thread's either.
    LockGuard<Condition> with(condition);
    Thread other("other", [&] {
      expect_error([&] { condition.Wait(1); });
      expect_error([&] { condition.Notify(); });
    });
    other.Start();
    other.Join();
  }, 1);
  EXPECT_EQ(run.status, RunStatus::finished) << run.deadlock;
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "cannot wait on un-acquired lock", "cannot notify on un-acquired lock",
                        "cannot notify on un-acquired lock", "cannot wait on un-acquired lock",
                        "cannot notify on un-acquired lock"}));
}

// Three waiters W0, W1, W2 join the waiters in that order (main lets the next one start once
// the last one waits); then main notifies once, by `notify`, and looks who woke up before it
// tells the rest with NotifyAll.
std::set<std::string> WokenBy(const std::function<void(Condition&)>& notify, std::uint64_t seed) {
  std::set<std::string> woken, first_woken;
  const RunSnapshot run = RunSeeded([&] {
    Lock lock("l");
    Condition condition(lock, "c");
    int waiting = 0;
    std::vector<std::unique_ptr<Thread>> threads;
    for (int i = 0; i < 3; ++i) {
      const std::string name = "W" + std::to_string(i);
      threads.push_back(std::make_unique<Thread>(name, [&, name] {
        LockGuard<Condition> with(condition);
        ++waiting;
        EXPECT_TRUE(condition.Wait());
        woken.insert(name);
      }));
      threads.back()->Start();
      condition.Acquire();  // nobody notifies: it looks once a second
      while (!condition.WaitFor([&] { return waiting == i + 1; }, 1)) {}
      condition.Release();
    }
    {
      LockGuard<Condition> with(condition);
      notify(condition);
    }
    Sleep(1);  // the woken ones take the lock and finish; the others wait on
    {
      LockGuard<Condition> with(condition);
      first_woken = woken;
      condition.NotifyAll();
    }
    for (auto& thread : threads) thread->Join();
  }, seed);
  EXPECT_EQ(run.status, RunStatus::finished) << run.deadlock;
  EXPECT_EQ(woken.size(), 3u);
  return first_woken;
}

TEST(Condition, NotifyWakesTheLongestWaitingFirst) {
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    EXPECT_EQ(WokenBy([](Condition& c) { c.Notify(); }, seed), (std::set<std::string>{"W0"}));
    EXPECT_EQ(WokenBy([](Condition& c) { c.Notify(2); }, seed),
              (std::set<std::string>{"W0", "W1"}));
  }
}

TEST(Condition, NotifyAllAndANotifyOfMoreThanWaitWakeEveryWaiter) {
  const std::set<std::string> all = {"W0", "W1", "W2"};
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    EXPECT_EQ(WokenBy([](Condition& c) { c.NotifyAll(); }, seed), all);
    EXPECT_EQ(WokenBy([](Condition& c) { c.Notify(5); }, seed), all);
    EXPECT_EQ(WokenBy([](Condition& c) { c.Notify(0); }, seed), std::set<std::string>{});
  }
}

// The waiter times out while another thread holds the lock: Wait returns false only once it
// has the lock again.
TEST(Condition, AWaitThatTimesOutReturnsFalseHoldingTheLockAgain) {
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    bool result = true, locked_after = false;
    const RunSnapshot run = RunSeeded([&] {
      Lock lock("l");
      Condition condition(lock, "c");
      Thread holder("holder", [&] {
        Sleep(0.5);
        LockGuard<Lock> with(lock);
        Sleep(2);  // past the waiter's timeout
      });
      holder.Start();
      {
        LockGuard<Condition> with(condition);
        result = condition.Wait(1);
        locked_after = lock.Locked();
      }
      holder.Join();
    }, seed);
    ASSERT_EQ(run.status, RunStatus::finished) << run.deadlock;
    EXPECT_FALSE(result);
    EXPECT_TRUE(locked_after);
    const int timeout = FindEvent(run, 0, EventKind::wait_timeout);
    const int holder_released = FindEvent(run, 1, EventKind::lock_released);
    const int taken_again = FindEvent(run, 0, EventKind::lock_acquired, timeout);
    ASSERT_GE(timeout, 0);
    EXPECT_GT(taken_again, holder_released) << "it took the lock while the holder had it";
    EXPECT_EQ(CountEvents(run, EventKind::condition_woke), 0);
  }
}

TEST(Condition, WaitForReturnsOnceThePredicateHoldsOrFalseAfterItsTimeout) {
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    bool reached = false, never = true;
    int seen = -1;
    const RunSnapshot run = RunSeeded([&] {
      Lock lock("l");
      Condition condition(lock, "c");
      int count = 0;
      Thread counter("counter", [&] {
        for (int i = 0; i < 5; ++i) {
          LockGuard<Condition> with(condition);
          ++count;
          condition.Notify();
        }
      });
      counter.Start();
      {
        LockGuard<Condition> with(condition);
        reached = condition.WaitFor([&] { return count >= 3; });
        seen = count;
        never = condition.WaitFor([&] { return count > 5; }, 1);
      }
      counter.Join();
    }, seed);
    ASSERT_EQ(run.status, RunStatus::finished) << run.deadlock;
    EXPECT_TRUE(reached);
    EXPECT_GE(seen, 3);
    EXPECT_FALSE(never);
  }
}

TEST(Condition, EveryThreadWaitingAndNobodyToNotifyIsADeadlock) {
  const RunSnapshot run = RunSeeded([] {
    Lock lock("l");
    Condition condition(lock, "c");
    auto wait = [&] {
      LockGuard<Condition> with(condition);
      condition.Wait();
    };
    Thread a("A", wait), b("B", wait);
    a.Start(), b.Start();
    a.Join(), b.Join();
  }, 1);
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_NE(run.deadlock.find("A waits on Condition 'c' to be notified"), std::string::npos)
      << run.deadlock;
  EXPECT_NE(run.deadlock.find("B waits on Condition 'c' to be notified"), std::string::npos)
      << run.deadlock;
  for (const ThreadInfo& thread : run.threads) EXPECT_EQ(thread.state, ThreadState::killed);
  // The scrubber, just before the runtime ended them: both wait, and the condition counts them.
  size_t before_end = 0;
  while (before_end < run.trace.size() && run.trace[before_end].kind != EventKind::thread_killed)
    ++before_end;
  const Moment moment = MomentAfter(run, before_end);
  for (int thread : {1, 2}) {
    EXPECT_EQ(moment.threads[thread].state, ThreadState::waiting);
    EXPECT_EQ(moment.threads[thread].words, "waiting on Condition 'c' to be notified");
  }
  ASSERT_EQ(moment.objects.size(), 2u);
  EXPECT_EQ(moment.objects[1].kind, ObjectKind::condition);
  EXPECT_EQ(moment.objects[1].value, 2);
}

// ---- every interleaving of two consumers -------------------------------------------------

int TwoConsumers() {
  Lock lock("lock");
  Condition condition(lock, "condition");
  int items = 0;
  auto consumer = [&](int name) {
    LockGuard<Condition> with(condition);
    while (items == 0) condition.Wait();
    --items;
    Log("Consumer %d took an item", name);
  };
  Thread one("Consumer 1", [&] { consumer(1); }), two("Consumer 2", [&] { consumer(2); });
  one.Start(), two.Start();
  {
    LockGuard<Condition> with(condition);
    items = 2;
    condition.NotifyAll();
  }
  one.Join(), two.Join();
  return 0;
}

Outcome FirstConsumer(const RunSnapshot& run, const ParamValues&) {
  if (run.status == RunStatus::deadlocked) return {"deadlock: " + run.deadlock, {}};
  for (const LogLine& line : run.log)
    if (line.message.find("took an item") != std::string::npos)
      return {line.message.substr(0, line.message.find(" took")) + " first", {}};
  return {"nobody took an item", {}};
}

const Lesson kTwoConsumers = {.id = "two-consumers", .title = "Two consumers", .text = "",
                              .params = {}, .code = {"", "", {}}, .python_note = "",
                              .run = &TwoConsumers, .outcome = &FirstConsumer};

TEST(Condition, TwoConsumersFinishInAFreeRunToo) {
  const RunSnapshot run = RunProgram([] { TwoConsumers(); });
  EXPECT_EQ(run.status, RunStatus::finished) << run.deadlock;
  EXPECT_GE(IndexOf(run, "Consumer 1 took an item"), 0);
  EXPECT_GE(IndexOf(run, "Consumer 2 took an item"), 0);
}

TEST(Condition, ExploringTwoConsumersFinishesAndSeesBothOrders) {
  const ManyRuns many = Explore(kTwoConsumers, DefaultValues(kTwoConsumers));
  ASSERT_TRUE(many.complete) << many.runs << " runs";
  std::printf("two consumers: %zu interleavings\n", many.runs);
  std::set<std::string> outcomes;
  for (const OutcomeCount& outcome : many.outcomes) outcomes.insert(outcome.outcome);
  EXPECT_EQ(outcomes, (std::set<std::string>{"Consumer 1 first", "Consumer 2 first"}));
  // Each witness replays to its outcome.
  for (const OutcomeCount& outcome : many.outcomes) {
    const RunSnapshot replay =
        RunToEnd(StartLesson(kTwoConsumers, DefaultValues(kTwoConsumers),
                             Controlled(SchedulePolicy::replay, outcome.witness)));
    EXPECT_EQ(FirstConsumer(replay, {}).text, outcome.outcome);
  }
}

}  // namespace
}  // namespace threadlab
