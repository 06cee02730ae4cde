#include "runtime/log_reading.h"

#include <cstdio>

namespace threadlab {

int LogIndex(const RunSnapshot& run, const std::string& message) {
  for (size_t i = 0; i < run.log.size(); ++i)
    if (run.log[i].message == message) return static_cast<int>(i);
  return -1;
}

std::vector<int> LoggedNumbers(const RunSnapshot& run, const char* format) {
  std::vector<int> numbers;
  for (const LogLine& line : run.log) {
    int number = 0;
    if (std::sscanf(line.message.c_str(), format, &number) == 1) numbers.push_back(number);
  }
  return numbers;
}

int CountLines(const RunSnapshot& run, const std::string& text) {
  int count = 0;
  for (const LogLine& line : run.log) count += line.message.find(text) != std::string::npos;
  return count;
}

std::string RaisedError(const RunSnapshot& run) {
  for (const TraceEvent& event : run.trace)
    if (event.kind == EventKind::error) return event.text;
  return "";
}

}  // namespace threadlab
