#include "runtime/log_reading.h"

#include <algorithm>
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

std::vector<std::string> ThreadLabels(const RunSnapshot& run) {
  std::vector<std::vector<std::string>> names(run.threads.size());
  for (const LogLine& line : run.log) {
    if (line.thread < 0 || line.thread >= static_cast<int>(names.size())) continue;
    const size_t colon = line.message.find(':');
    if (colon == std::string::npos || colon > 16) continue;
    std::string name = line.message.substr(0, colon);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.empty() || std::count(name.begin(), name.end(), ' ') > 1) continue;
    std::vector<std::string>& known = names[line.thread];
    if (std::find(known.begin(), known.end(), name) == known.end()) known.push_back(name);
  }
  std::vector<std::string> labels;
  for (size_t i = 0; i < run.threads.size(); ++i) {
    std::string label;
    for (size_t k = 0; k < names[i].size() && k < 3; ++k) label += (k ? ", " : "") + names[i][k];
    if (names[i].size() > 3) label += ", …";
    labels.push_back(label.empty() ? run.threads[i].name : label);
  }
  return labels;
}

}  // namespace threadlab
