// The thread budget (kMaxThreadsPerRun): asking for more threads than a run may use ends in
// a clear Python-like error, never an abort; and every lesson, each of its thread counts at
// its maximum, fits the budget.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lesson.h"
#include "runtime/primitives.h"
#include "test_helpers.h"

using namespace threadlab;
using namespace threadlab::testing;

namespace {

bool LogHas(const RunSnapshot& run, const std::string& text) {
  for (const std::string& message : Messages(run))
    if (message.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(ThreadBudget, StartingOneThreadTooManyRaisesAClearRuntimeError) {
  const RunSnapshot run = RunProgram([] {
    std::vector<std::unique_ptr<Thread>> threads;
    for (int i = 0; i < kMaxThreadsPerRun + 6; ++i) {
      threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(i), [] { Sleep(0.01); }));
      threads.back()->Start();
    }
  });
  EXPECT_EQ(run.status, RunStatus::raised);
  EXPECT_TRUE(LogHas(run, "RuntimeError: can't start new thread: a run may use at most " +
                              std::to_string(kMaxThreadsPerRun) + " threads"));
  EXPECT_EQ(run.threads.size(), static_cast<size_t>(kMaxThreadsPerRun));
  for (const ThreadInfo& thread : run.threads)
    EXPECT_TRUE(thread.state == ThreadState::finished || thread.state == ThreadState::killed) << thread.name;
}

TEST(ThreadBudget, EveryLessonAtItsMostThreadsFitsTheBudget) {
  for (const Lesson* lesson : Lessons()) {
    std::map<std::string, double> values;
    for (const Param& param : lesson->params) {
      const std::string name = param.name;
      if (name == "threads" || name == "workers" || name == "max_workers" || name == "parties" ||
          name == "producers" || name == "consumers" || name == "tasks")
        values[name] = param.max;
      if (param.kind == ParamKind::number && name != "cancel_after") values[name] = param.min;
    }
    const RunSnapshot run = RunLesson(lesson->id, values, kMaxSpeed);
    EXPECT_FALSE(LogHas(run, "can't start new thread")) << lesson->id;
    EXPECT_LE(run.threads.size(), static_cast<size_t>(kMaxThreadsPerRun)) << lesson->id;
  }
}

TEST(ThreadBudget, AThreadCountOverItsRangeIsRefusedWithTheRange) {
  for (const Lesson* lesson : Lessons())
    for (const Param& param : lesson->params) {
      const std::string name = param.name;
      if (name != "threads" && name != "workers" && name != "max_workers" && name != "parties" &&
          name != "producers" && name != "consumers")
        continue;
      ParamValues values;
      const auto error = ParseParam(*lesson, name, "100000", values);
      ASSERT_TRUE(error) << lesson->id << " " << name;
      EXPECT_NE(error->find(name + " must be between"), std::string::npos) << *error;
    }
}
