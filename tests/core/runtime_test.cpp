// The runtime's primitives behave like Python's, every step is recorded, and a run can
// always be ended: by Stop, by the shutdown at exit, or by a detected deadlock.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <memory>
#include <regex>
#include <vector>

#include "runtime/primitives.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

// Starts `count` threads running body(index) and joins them.
void RunThreads(int count, const std::function<void(int)>& body) {
  std::vector<std::unique_ptr<Thread>> threads;
  for (int i = 0; i < count; ++i) {
    threads.push_back(std::make_unique<Thread>("T" + std::to_string(i), [body, i] { body(i); }));
    threads.back()->Start();
  }
  for (auto& thread : threads) thread->Join();
}

// ---- log and trace ------------------------------------------------------------------------

TEST(Log, LinesUseTheSeedsLoggingFormat) {
  const RunSnapshot run = RunProgram([] { Log("Thread %d: starting", 1); });
  ASSERT_EQ(run.log.size(), 1u);
  EXPECT_TRUE(std::regex_match(run.log[0].Formatted(),
                               std::regex(R"(\d\d:\d\d:\d\d: Thread 1: starting)")))
      << run.log[0].Formatted();
}

TEST(Log, TheProgramsClockRunsInLessonSeconds) {
  // At speed 100, a 3 s sleep takes 30 ms of wall time but 3 s on the lesson's clock.
  const RunSnapshot run = RunProgram([] { Log("a"); Sleep(3); Log("b"); }, 100);
  ASSERT_EQ(run.log.size(), 2u);
  EXPECT_GE(run.log[1].time - run.log[0].time, 3.0);
  EXPECT_LT(run.log[1].time - run.log[0].time, 60.0);
  // The "HH:MM:SS" of each line moves with the lesson seconds.
  auto seconds_of_day = [](const std::string& clock) {
    return std::stoi(clock.substr(0, 2)) * 3600 + std::stoi(clock.substr(3, 2)) * 60 +
           std::stoi(clock.substr(6, 2));
  };
  const int moved = static_cast<int>(std::floor(run.log[1].time) - std::floor(run.log[0].time));
  EXPECT_EQ((seconds_of_day(run.log[1].clock) - seconds_of_day(run.log[0].clock) + 86400) % 86400,
            moved)
      << run.log[0].clock << " then " << run.log[1].clock;
}

TEST(Trace, StampsNeverGoBackSoAReleaseIsNeverAfterTheNextAcquire) {
  const RunSnapshot run = RunProgram([] {
    Lock lock;
    RunThreads(4, [&](int) {
      for (int i = 0; i < 50; ++i) LockGuard<Lock> hold(lock);
    });
  });
  ASSERT_EQ(CountEvents(run, EventKind::lock_acquired), 200);
  for (size_t i = 1; i < run.trace.size(); ++i)
    ASSERT_LE(run.trace[i - 1].time, run.trace[i].time) << "event " << i;
  // In trace order, acquires and releases of the lock alternate.
  int held = 0;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::lock_acquired) { ASSERT_EQ(++held, 1); }
    if (event.kind == EventKind::lock_released) { ASSERT_EQ(--held, 0); }
  }
}

// ---- Lock and RLock -----------------------------------------------------------------------

TEST(Lock, OnlyOneThreadHoldsItAtATime) {
  const RunSnapshot run = RunProgram([] {
    Lock lock;
    RunThreads(4, [&](int) {
      for (int i = 0; i < 3; ++i) {
        LockGuard<Lock> hold(lock);
        Sleep(0.01);
      }
    });
  });
  EXPECT_EQ(MostAtOnce(run, EventKind::lock_acquired, EventKind::lock_released), 1);
  EXPECT_GT(CountEvents(run, EventKind::lock_wait), 0) << "the threads should have contended";
}

TEST(Lock, ReleasingAnUnlockedLockRaisesRuntimeError) {
  std::string error;
  RunProgram([&] {
    Lock lock;
    try {
      lock.Release();
    } catch (const RuntimeError& e) {
      error = e.what();
    }
  });
  EXPECT_EQ(error, "release unlocked lock");
}

TEST(Lock, AnotherThreadMayReleaseIt) {
  bool released = false;
  RunProgram([&] {
    Lock lock;
    lock.Acquire();
    Thread other("other", [&] { lock.Release(); });
    other.Start();
    other.Join();
    released = !lock.Locked();
  });
  EXPECT_TRUE(released);
}

TEST(RLock, TheOwnerMayAcquireAgainAndMustReleaseAsOften) {
  std::string error;
  const RunSnapshot run = RunProgram([&] {
    RLock lock;
    lock.Acquire();
    lock.Acquire();
    lock.Release();
    lock.Release();
    try {
      lock.Release();
    } catch (const RuntimeError& e) {
      error = e.what();
    }
  });
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_EQ(error, "cannot release un-acquired lock");
}

TEST(RLock, OnlyTheOwnerMayReleaseIt) {
  std::string error;
  RunProgram([&] {
    RLock lock;
    lock.Acquire();
    Thread other("other", [&] {
      try {
        lock.Release();
      } catch (const RuntimeError& e) {
        error = e.what();
      }
    });
    other.Start();
    other.Join();
    lock.Release();
  });
  EXPECT_EQ(error, "cannot release un-acquired lock");
}

// ---- Semaphore, Event, Barrier, Queue -----------------------------------------------------

TEST(Semaphore, NeverLetsMoreThanItsPermitsIn) {
  const RunSnapshot run = RunProgram([] {
    Semaphore semaphore(2);
    RunThreads(6, [&](int) {
      semaphore.Acquire();
      Sleep(0.02);
      semaphore.Release();
    });
  });
  EXPECT_EQ(MostAtOnce(run, EventKind::semaphore_acquired, EventKind::semaphore_released), 2);
  EXPECT_EQ(CountEvents(run, EventKind::semaphore_acquired), 6);
}

// Python's acquire(blocking=False): a permit while one is left, else False at once (the
// second call would wait forever if it blocked: nobody else gives one back).
TEST(Semaphore, TryAcquireTakesAPermitWhileOneIsLeftAndOtherwiseGivesUpAtOnce) {
  std::vector<bool> got;
  int left = -1;
  const RunSnapshot run = RunProgram([&] {
    Semaphore semaphore(1);
    got.push_back(semaphore.TryAcquire());
    got.push_back(semaphore.TryAcquire());
    semaphore.Release();
    got.push_back(semaphore.TryAcquire());
    left = semaphore.Value();
  });
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_EQ(got, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(left, 0);
  EXPECT_EQ(CountEvents(run, EventKind::semaphore_acquired), 2);
}

TEST(BoundedSemaphore, RefusesOneReleaseTooMany) {
  std::string error;
  RunProgram([&] {
    BoundedSemaphore semaphore(1);
    semaphore.Acquire();
    semaphore.Release();
    try {
      semaphore.Release();
    } catch (const ValueError& e) {
      error = e.what();
    }
  });
  EXPECT_EQ(error, "Semaphore released too many times");
}

TEST(Event, WaitReturnsWhenSetOrFalseAfterTheTimeout) {
  bool timed_out_result = true, set_result = false;
  RunProgram([&] {
    Event event;
    timed_out_result = event.Wait(0.05);
    Thread setter("setter", [&] {
      Sleep(0.05);
      event.Set();
    });
    setter.Start();
    set_result = event.Wait();
    setter.Join();
  });
  EXPECT_FALSE(timed_out_result);
  EXPECT_TRUE(set_result);
}

TEST(Barrier, NoThreadPassesBeforeTheLastArrives) {
  std::vector<int> indices;
  const RunSnapshot run = RunProgram([&] {
    Barrier barrier(3);
    Lock lock;
    RunThreads(3, [&](int i) {
      Sleep(0.02 * i);
      const int index = barrier.Wait();
      LockGuard<Lock> hold(lock);
      indices.push_back(index);
    });
  });
  size_t last_arrival = 0, first_pass = run.trace.size();
  for (size_t i = 0; i < run.trace.size(); ++i) {
    if (run.trace[i].kind == EventKind::barrier_wait) last_arrival = i;
    if (run.trace[i].kind == EventKind::barrier_passed) first_pass = std::min(first_pass, i);
  }
  EXPECT_EQ(CountEvents(run, EventKind::barrier_wait), 2) << "the last one does not wait";
  EXPECT_LT(last_arrival, first_pass);
  std::sort(indices.begin(), indices.end());
  EXPECT_EQ(indices, (std::vector<int>{0, 1, 2}));
}

TEST(Queue, IsFifoAndBlocksAPutWhileFull) {
  std::vector<int> got;
  const RunSnapshot run = RunProgram([&] {
    Queue queue(2);
    Thread consumer("consumer", [&] {
      Sleep(0.05);  // let the producer fill the queue and block
      for (int i = 0; i < 5; ++i) got.push_back(queue.Get());
    });
    consumer.Start();
    for (int i = 0; i < 5; ++i) queue.Put(i);
    consumer.Join();
  });
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_GT(CountEvents(run, EventKind::queue_blocked), 0);
  int fill = 0;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::queue_put) {
      ASSERT_LE(++fill, 2);
    }
    if (event.kind == EventKind::queue_get) --fill;
  }
}

TEST(Queue, GetWithATimeoutGivesUpOnAnEmptyQueue) {
  std::optional<int> got = 1;
  RunProgram([&] {
    Queue queue;
    got = queue.Get(0.02);
  });
  EXPECT_EQ(got, std::nullopt);
}

// ---- Timer and ThreadPoolExecutor ---------------------------------------------------------

TEST(Timer, CancelledBeforeItsDelayItNeverFires) {
  bool fired = false;
  const RunSnapshot run = RunProgram([&] {
    Timer timer(1.0, [&] { fired = true; });
    timer.Start();
    Sleep(0.1);
    timer.Cancel();
  });
  EXPECT_FALSE(fired);
  EXPECT_EQ(CountEvents(run, EventKind::timer_cancelled), 1);
  EXPECT_EQ(CountEvents(run, EventKind::timer_fired), 0);
}

TEST(Timer, CancelAfterItFiredIsHarmless) {
  int fired = 0;
  const RunSnapshot run = RunProgram([&] {
    Timer timer(0.05, [&] { ++fired; });
    timer.Start();
    timer.Join();
    timer.Cancel();
  });
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(run.status, RunStatus::finished);
  EXPECT_EQ(CountEvents(run, EventKind::timer_cancelled), 0);
}

TEST(ThreadPoolExecutor, NeverRunsMoreThanMaxWorkersTasksAtOnce) {
  std::atomic<int> done{0};
  // Each task sleeps long enough (100 ms) that no worker is idle before all three started.
  const RunSnapshot run = RunProgram(
      [&] {
        ThreadPoolExecutor executor(3);
        executor.Map([&](int) { Sleep(1); ++done; }, 10);
      },
      10);
  EXPECT_EQ(done, 10);
  EXPECT_EQ(MostAtOnce(run, EventKind::task_begin, EventKind::task_end), 3);
  EXPECT_EQ(run.threads.size(), 4u) << "Main and three workers";
}

// ---- threads: exit, errors, budget --------------------------------------------------------

TEST(Thread, ADaemonThreadIsKilledAtExitAndLogsNothingMore) {
  const RunSnapshot run = RunProgram([] {
    Thread daemon("daemon", [] { Sleep(100); Log("never"); }, true);
    daemon.Start();
  });
  EXPECT_EQ(IndexOf(run, "never"), -1);
  EXPECT_EQ(run.threads[1].state, ThreadState::killed);
  EXPECT_EQ(run.status, RunStatus::finished);
}

TEST(Thread, TheProgramWaitsForANonDaemonThreadAtExit) {
  const RunSnapshot run = RunProgram([] {
    Thread worker("worker", [] { Sleep(0.05); Log("worker done"); });
    worker.Start();
    Log("main done");
  });
  EXPECT_LT(IndexOf(run, "main done"), IndexOf(run, "worker done"));
  EXPECT_EQ(run.threads[1].state, ThreadState::finished);
}

TEST(Thread, AnExceptionIsLoggedLikePythonAndTheRunSaysItRaised) {
  const RunSnapshot run = RunProgram([] {
    Thread worker("Thread 1", [] { throw RuntimeError("boom"); });
    worker.Start();
    worker.Join();
  });
  EXPECT_NE(IndexOf(run, "Exception in thread Thread 1: RuntimeError: boom"), -1);
  EXPECT_EQ(run.status, RunStatus::raised);
}

TEST(Thread, MoreThreadsThanTheBudgetRaiseAClearError) {
  std::string error;
  const RunSnapshot run = RunProgram([&] {
    std::vector<std::unique_ptr<Thread>> threads;
    try {
      for (int i = 0; i < kMaxThreadsPerRun + 5; ++i) {
        threads.push_back(std::make_unique<Thread>("T", [] { Sleep(0.01); }));
        threads.back()->Start();
      }
    } catch (const RuntimeError& e) {
      error = e.what();
    }
    for (auto& thread : threads)
      if (thread->IsAlive()) thread->Join();
  });
  EXPECT_NE(error.find("can't start new thread"), std::string::npos) << error;
  EXPECT_EQ(run.threads.size(), static_cast<size_t>(kMaxThreadsPerRun));
}

// ---- stop and deadlock --------------------------------------------------------------------

TEST(Stop, EndsEveryBlockedThreadPromptly) {
  auto program = Program::Start(
      [] {
        Lock lock;
        Event never;
        Queue queue(1);
        lock.Acquire();
        Thread a("a", [&] { lock.Acquire(); });
        Thread b("b", [&] { never.Wait(); });
        Thread c("c", [&] { queue.Get(); });
        Thread d("d", [&] { Sleep(1000); }, true);
        a.Start(), b.Start(), c.Start(), d.Start();
        Sleep(1000);
      },
      RunOptions::AtSpeed(1));
  RunSnapshot run;
  // WaitFor, not a spin: under Emscripten the main thread starts the workers' threads
  // while it waits, never while it spins.
  while (run.threads.size() < 5 || run.threads.back().state != ThreadState::sleeping) {
    ASSERT_FALSE(program->WaitFor(0.001));
    program->Read(run);
  }
  program->Stop();
  ASSERT_TRUE(program->WaitFor(10)) << "the run did not end after Stop";
  program->Read(run);
  EXPECT_EQ(run.status, RunStatus::stopped);
  for (const ThreadInfo& thread : run.threads)
    EXPECT_EQ(thread.state, ThreadState::killed) << thread.name;
}

TEST(Deadlock, TwoThreadsTakingTwoLocksInOppositeOrderAreReported) {
  const RunSnapshot run = RunProgram([] {
    Lock first("first"), second("second");
    Barrier both_hold_one(2);
    Thread a("A", [&] {
      LockGuard<Lock> hold(first);
      both_hold_one.Wait();
      LockGuard<Lock> also(second);
    });
    Thread b("B", [&] {
      LockGuard<Lock> hold(second);
      both_hold_one.Wait();
      LockGuard<Lock> also(first);
    });
    a.Start(), b.Start();
    a.Join(), b.Join();
  });
  EXPECT_EQ(run.status, RunStatus::deadlocked);
  EXPECT_NE(run.deadlock.find("A waits for Lock 'second' held by B"), std::string::npos)
      << run.deadlock;
  EXPECT_NE(run.deadlock.find("B waits for Lock 'first' held by A"), std::string::npos)
      << run.deadlock;
  EXPECT_NE(run.deadlock.find("Main waits for A to finish"), std::string::npos) << run.deadlock;
  for (const ThreadInfo& thread : run.threads) EXPECT_EQ(thread.state, ThreadState::killed);
}

TEST(Deadlock, AHandOverOfLocksBetweenThreadsIsNoDeadlock) {
  // The producer waits for a lock it holds itself, but the consumer will release it.
  const RunSnapshot run = RunProgram([] {
    Lock produced, consumed;
    consumed.Acquire();
    Thread consumer("consumer", [&] {
      for (int i = 0; i < 20; ++i) {
        consumed.Acquire();
        produced.Release();
      }
    });
    consumer.Start();
    for (int i = 0; i < 20; ++i) {
      produced.Acquire();
      consumed.Release();
    }
    consumer.Join();
  });
  EXPECT_EQ(run.status, RunStatus::finished) << run.deadlock;
}

}  // namespace
}  // namespace threadlab
