// Reading what a run recorded: the lessons' outcomes and the tests read the log with these.
#pragma once

#include <string>
#include <vector>

#include "runtime/program.h"

namespace threadlab {

// The index of the first log line with exactly this message, or -1.
int LogIndex(const RunSnapshot& run, const std::string& message);
// The number each log line that matches `format` (one %d, as for sscanf) carries, in order.
std::vector<int> LoggedNumbers(const RunSnapshot& run, const char* format);
// How many log lines contain this text.
int CountLines(const RunSnapshot& run, const std::string& text);
// "RuntimeError: release unlocked lock" when an exception escaped a thread, else "".
std::string RaisedError(const RunSnapshot& run);

}  // namespace threadlab
