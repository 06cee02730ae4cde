// Running lessons and programs to their end, and reading what they recorded.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "lesson.h"
#include "runtime/program.h"

namespace threadlab::testing {

// Fast enough for tests, slow enough that each lesson's sleeps still order its steps.
constexpr double kTestSpeed = 50;

// Runs a lesson to its end (a deadlocked run is stopped) and returns what it recorded.
RunSnapshot RunLesson(const std::string& id, const std::map<std::string, double>& params = {},
                      double speed = kTestSpeed);
// Runs a function as a program's main to its end.
RunSnapshot RunProgram(const std::function<void()>& main, double speed = kTestSpeed);
RunSnapshot RunProgram(const std::function<void()>& main, const RunOptions& options);

// Lets the wall clock go on for `seconds` while the runs move: with OS threads this thread
// sleeps; with fibers (runtime/threads.h) it runs them meanwhile, as a page's frames do.
void WhileRunsMove(double seconds);

// A controlled run at full speed (its clock is virtual, so the speed changes nothing).
RunOptions Controlled(SchedulePolicy policy, Schedule schedule = {}, std::uint64_t seed = 1);

std::vector<std::string> Messages(const RunSnapshot& run);
// The index of the first log line with this message, or -1.
int IndexOf(const RunSnapshot& run, const std::string& message);
int CountEvents(const RunSnapshot& run, EventKind kind);
// Most threads that were between `enter` and `leave` events at once.
int MostAtOnce(const RunSnapshot& run, EventKind enter, EventKind leave);
// What a per-lesson table (its rows' lesson ids) misses: each lesson it has no row for, and
// each row that names no lesson; empty when it covers every lesson.
std::vector<std::string> UncoveredLessons(const std::vector<std::string>& table);
// A lesson's ending value in "Testing update. Ending value is N."
long long EndingValue(const RunSnapshot& run);

}  // namespace threadlab::testing
