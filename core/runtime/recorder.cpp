#include "runtime/recorder.h"

#include <cmath>
#include <cstdio>

namespace threadlab {

int Recorder::AddThread(std::string name, bool daemon) {
  threads.push_back(ThreadInfo{std::move(name), daemon, ThreadState::running});
  return static_cast<int>(threads.size()) - 1;
}

int Recorder::AddObject(ObjectKind kind, std::string name, long long capacity) {
  ObjectInfo info;
  info.kind = kind;
  info.name = std::move(name);
  info.capacity = capacity;
  objects.push_back(std::move(info));
  return static_cast<int>(objects.size()) - 1;
}

bool Recorder::Event(double time, int thread, EventKind kind, int object, long long value,
                     std::string text) {
  if (m_full) return false;
  if (trace.size() >= kMaxTraceEvents) {
    m_full = true;
    return false;
  }
  if (text.size() > kMaxMessageLength) text.resize(kMaxMessageLength);
  TraceEvent event{time, thread, kind, object, value, std::move(text)};
  const ThreadState state = m_states.Apply(event);
  if (thread >= 0 && thread < static_cast<int>(threads.size())) threads[thread].state = state;
  if (m_keep) trace.push_back(std::move(event));
  return true;
}

bool Recorder::Log(double time, int thread, std::string message) {
  if (m_full) return false;
  if (log.size() >= kMaxLogLines) {
    m_full = true;
    return false;
  }
  if (message.size() > kMaxMessageLength) message.resize(kMaxMessageLength);
  if (m_keep) log.push_back(LogLine{time, ClockText(time), thread, std::move(message)});
  return true;
}

std::string Recorder::ClockText(double lesson_time) {
  const long long seconds =
      (m_start_of_day_seconds + static_cast<long long>(std::floor(lesson_time))) % 86400;
  if (seconds != m_clock_second) {
    char text[16];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60,
                  seconds % 60);
    m_clock_second = seconds;
    m_clock_text = text;
  }
  return m_clock_text;
}

}  // namespace threadlab
