// The largest run the page allows fits its memory. The threads page's memory is fixed
// (CMakeLists.txt: growing shared memory crashes iPhones), and the wasm tests are linked with
// the same size, so there these runs prove it; natively they check the same runs end on the
// runtime's own bounds. Each is watched through a Session, as the page's frames read it: the
// page holds a copy of the log and the trace beside the run's own.
#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "run/session.h"
#include "runtime/clock.h"
#include "run/explore.h"
#include "runtime/primitives.h"
#include "runtime/timeline.h"
#include "test_helpers.h"

namespace threadlab::testing {
namespace {

constexpr double kPatience = 300;  // wall seconds before a test gives up on a run

// Runs the session's lesson at its values to the end and returns what the page would show.
const RunSnapshot& WatchToTheEnd(Session& session) {
  EXPECT_EQ(session.Start(), std::nullopt);
  const double give_up = WallSeconds() + kPatience;
  while (!session.ended() && WallSeconds() < give_up) {
    WhileRunsMove(0.002);
    session.Poll();
    if (session.snapshot().status == RunStatus::deadlocked) session.Stop();
  }
  while (!session.snapshot().done && WallSeconds() < give_up) {
    WhileRunsMove(0.002);
    session.Poll();
  }
  EXPECT_TRUE(session.snapshot().done) << session.lesson().id << " did not end";
  return session.snapshot();
}

// Every lesson with every value at the top of its range: the most threads, items and time
// it allows, at the fastest speed.
TEST(Memory, EveryLessonsLargestRunFits) {
  Session session;
  for (const Lesson* lesson : Lessons()) {
    session.Select(*lesson);
    for (const Param& param : lesson->params) session.values().Set(param.name, param.max);
    ASSERT_TRUE(session.SetSpeed(kMaxSpeed));
    const RunSnapshot& run = WatchToTheEnd(session);
    EXPECT_EQ(run.outcome.find("out of memory"), std::string::npos) << lesson->id << ": " << run.outcome;
    EXPECT_LE(run.log.size(), kMaxLogLines) << lesson->id;
    EXPECT_LE(run.trace.size(), kMaxTraceEvents) << lesson->id;
  }
}

// Past any lesson: the most threads a run may have, each taking steps until the run is cut
// short by a bound: the log, full of the longest lines; or the trace, full of steps.
RunSnapshot Flood(bool log) {
  const auto flood = [log] {
    std::vector<std::unique_ptr<Thread>> threads;
    SharedValue value("value", 0);
    for (int i = 1; i < kMaxThreadsPerRun; ++i) {
      threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(i), [log, &value] {
        const std::string longest(kMaxMessageLength, 'x');
        for (;;) {
          if (log) Log("%s", longest.c_str());
          value.Store(value.Load() + 1);
        }
      }));
      threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
  };
  // Read as the page reads it: a copy of what the run recorded, and the timeline's lanes.
  auto program = Program::Start(flood, Controlled(SchedulePolicy::random));
  RunSnapshot run = RunToEnd(program);
  Timeline timeline;
  timeline.Update(run);
  EXPECT_GT(timeline.lanes().size(), 1u);
  return run;
}

TEST(Memory, AFullLogOfTheLongestLinesFromTheMostThreadsFits) {
  const RunSnapshot run = Flood(true);
  EXPECT_EQ(run.outcome, "stopped: the log is full (" + std::to_string(kMaxLogLines) + " lines)");
  EXPECT_EQ(static_cast<int>(run.threads.size()), kMaxThreadsPerRun);
}

TEST(Memory, AFullTraceFromTheMostThreadsFits) {
  const RunSnapshot run = Flood(false);
  EXPECT_EQ(run.outcome, "stopped: the trace is full (" + std::to_string(kMaxTraceEvents) + " events)");
  EXPECT_EQ(static_cast<int>(run.threads.size()), kMaxThreadsPerRun);
}

// Should a run ever outgrow it, the run stops and says so; the page goes on.
TEST(Memory, ARunThatOutgrowsTheMemoryStopsAndSaysSo) {
  const auto greedy = [] {
    Thread worker("Thread 1", [] { throw std::bad_alloc(); });
    worker.Start();
    worker.Join();
    Log("Main: not reached");
  };
  for (const RunOptions& options : {RunOptions::AtSpeed(kMaxSpeed), Controlled(SchedulePolicy::random)}) {
    const RunSnapshot run = RunProgram(greedy, options);
    EXPECT_EQ(run.status, RunStatus::full);
    EXPECT_EQ(run.outcome, "stopped: out of memory for this run");
    EXPECT_EQ(IndexOf(run, "Main: not reached"), -1);
  }
  const RunSnapshot main_too = RunProgram([] { throw std::bad_alloc(); }, Controlled(SchedulePolicy::random));
  EXPECT_EQ(main_too.outcome, "stopped: out of memory for this run");
}

}  // namespace
}  // namespace threadlab::testing
