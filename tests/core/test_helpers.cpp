#include "test_helpers.h"

#include "run/explore.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "runtime/clock.h"
#include "runtime/threads.h"

#ifdef THREADLAB_SHARED_BROWSER_CLOCK
#include "shared_clock.h"
#endif

namespace threadlab::testing {

namespace {
#ifdef THREADLAB_SHARED_BROWSER_CLOCK
// Before any test starts a run, as web/main does before the first frame.
[[maybe_unused]] const bool kClockInstalled = (UseSharedBrowserClock(), true);
#endif

}  // namespace

std::vector<std::string> UncoveredLessons(const std::vector<std::string>& table) {
  std::vector<std::string> missed;
  for (const Lesson* lesson : Lessons())
    if (std::find(table.begin(), table.end(), lesson->id) == table.end())
      missed.push_back(std::string(lesson->id) + " has no row");
  for (const std::string& id : table)
    if (!FindLesson(id)) missed.push_back(id + " is no lesson");
  return missed;
}

RunSnapshot RunLesson(const std::string& id, const std::map<std::string, double>& params,
                      double speed) {
  const Lesson* lesson = FindLesson(id);
  if (!lesson) throw std::invalid_argument("no lesson " + id);
  ParamValues values = DefaultValues(*lesson);
  for (const auto& [name, value] : params) values.Set(name, value);
  return RunToEnd(StartLesson(*lesson, values, RunOptions::AtSpeed(speed)));
}

RunSnapshot RunProgram(const std::function<void()>& main, double speed) {
  return RunToEnd(Program::Start(main, RunOptions::AtSpeed(speed)));
}

RunSnapshot RunProgram(const std::function<void()>& main, const RunOptions& options) {
  return RunToEnd(Program::Start(main, options));
}

void WhileRunsMove(double seconds) {
  const double end = WallSeconds() + seconds;
  for (double left = seconds; left > 0; left = end - WallSeconds()) {
    RunFibersFor(left);
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(end - WallSeconds(), 0.001)));
  }
}

RunOptions Controlled(SchedulePolicy policy, Schedule schedule, std::uint64_t seed) {
  RunOptions options = RunOptions::AtSpeed(kMaxSpeed);
  options.schedule.policy = policy;
  options.schedule.schedule = std::move(schedule);
  options.schedule.seed = seed;
  return options;
}

std::vector<std::string> Messages(const RunSnapshot& run) {
  std::vector<std::string> messages;
  for (const LogLine& line : run.log) messages.push_back(line.message);
  return messages;
}

int IndexOf(const RunSnapshot& run, const std::string& message) {
  for (size_t i = 0; i < run.log.size(); ++i)
    if (run.log[i].message == message) return static_cast<int>(i);
  return -1;
}

int CountEvents(const RunSnapshot& run, EventKind kind) {
  return static_cast<int>(std::count_if(run.trace.begin(), run.trace.end(),
                                        [kind](const TraceEvent& e) { return e.kind == kind; }));
}

int MostAtOnce(const RunSnapshot& run, EventKind enter, EventKind leave) {
  int now = 0, most = 0;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == enter) most = std::max(most, ++now);
    if (event.kind == leave) --now;
  }
  return most;
}

long long EndingValue(const RunSnapshot& run) {
  for (const LogLine& line : run.log) {
    long long value = 0;
    if (std::sscanf(line.message.c_str(), "Testing update. Ending value is %lld.", &value) == 1)
      return value;
  }
  return -1;
}

}  // namespace threadlab::testing
