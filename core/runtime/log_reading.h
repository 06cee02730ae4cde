// Reading what a run recorded: the lessons' outcomes and the tests read the log with these.
#pragma once

#include <string>
#include <vector>

#include "runtime/snapshot.h"

namespace threadlab {

// The index of the first log line with exactly this message, or -1.
int LogIndex(const RunSnapshot& run, const std::string& message);
// The number each log line that matches `format` (one %d, as for sscanf) carries, in order.
std::vector<int> LoggedNumbers(const RunSnapshot& run, const char* format);
// How many log lines contain this text.
int CountLines(const RunSnapshot& run, const std::string& text);
// "RuntimeError: release unlocked lock" when an exception escaped a thread, else "".
std::string RaisedError(const RunSnapshot& run);
// Each thread named as its log lines name it ("Thread 1" for the pool's worker
// ThreadPoolExecutor-0_1), so a lane, a step and a log line name a thread by the same words;
// a thread that logs under no name keeps its own. A prefix counts as a name when it is short.
std::vector<std::string> ThreadLabels(const RunSnapshot& run);

}  // namespace threadlab
