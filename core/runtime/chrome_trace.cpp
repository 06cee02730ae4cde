#include "runtime/chrome_trace.h"

#include <cstdio>

#include "runtime/events.h"
#include "runtime/timeline.h"

namespace threadlab {

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

namespace {
long long Micros(double lesson_seconds) { return static_cast<long long>(lesson_seconds * 1e6); }
}  // namespace

void WriteChromeTrace(const RunSnapshot& run, std::ostream& out) {
  Timeline timeline;
  timeline.Update(run);
  out << "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
  bool first = true;
  auto begin = [&] {
    out << (first ? "" : ",\n");
    first = false;
  };
  for (size_t tid = 0; tid < timeline.lanes().size(); ++tid) {
    const Lane& lane = timeline.lanes()[tid];
    begin();
    out << "{\"ph\":\"M\",\"pid\":1,\"tid\":" << tid << ",\"name\":\"thread_name\",\"args\":{\"name\":"
        << JsonString(lane.name + (lane.daemon ? " (daemon)" : "")) << "}}";
    for (const Span& span : lane.spans) {
      if (Ended(span.state)) continue;
      begin();
      out << "{\"ph\":\"X\",\"pid\":1,\"tid\":" << tid << ",\"name\":"
          << JsonString(ThreadStateName(span.state)) << ",\"ts\":" << Micros(span.begin)
          << ",\"dur\":" << Micros(span.end - span.begin) << "}";
    }
  }
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::sleep_end || event.kind == EventKind::log) continue;
    begin();
    std::string name = EventKindName(event.kind);
    if (event.object >= 0 && static_cast<size_t>(event.object) < run.objects.size())
      name += " " + run.objects[event.object].name;
    out << "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" << event.thread
        << ",\"name\":" << JsonString(name) << ",\"ts\":" << Micros(event.time)
        << ",\"args\":{\"value\":" << event.value << ",\"text\":" << JsonString(event.text) << "}}";
  }
  for (const LogLine& line : run.log) {
    begin();
    out << "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" << line.thread
        << ",\"name\":" << JsonString(line.message) << ",\"ts\":" << Micros(line.time) << "}";
  }
  out << "\n]}\n";
}

}  // namespace threadlab
