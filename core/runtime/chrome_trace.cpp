#include "runtime/chrome_trace.h"

#include "json.h"
#include "runtime/events.h"
#include "runtime/timeline.h"

namespace threadlab {

namespace {
long long Micros(double lesson_seconds) { return static_cast<long long>(lesson_seconds * 1e6); }

// An instant event's fields up to its name: {"ph":"i","s":"t","pid":1,"tid":N,"name":
JsonWriter& BeginInstant(JsonWriter& json, long long tid) {
  return json.BeginObject().Key("ph").Text("i").Key("s").Text("t").Key("pid").Integer(1)
      .Key("tid").Integer(tid).Key("name");
}
}  // namespace

void WriteChromeTrace(const RunSnapshot& run, std::ostream& out) {
  Timeline timeline;
  timeline.Update(run);
  JsonWriter json;
  // One event a line: a trace stays readable, and diffable, as text.
  json.BeginObject().Key("displayTimeUnit").Text("ms").Key("traceEvents").BeginArray(true);
  for (size_t tid = 0; tid < timeline.lanes().size(); ++tid) {
    const Lane& lane = timeline.lanes()[tid];
    json.BeginObject().Key("ph").Text("M").Key("pid").Integer(1).Key("tid").Integer(tid)
        .Key("name").Text("thread_name")
        .Key("args").BeginObject().Key("name").Text(lane.name + (lane.daemon ? " (daemon)" : "")).End()
        .End();
    for (const Span& span : lane.spans) {
      if (Ended(span.state)) continue;
      json.BeginObject().Key("ph").Text("X").Key("pid").Integer(1).Key("tid").Integer(tid)
          .Key("name").Text(ThreadStateName(span.state))
          .Key("ts").Integer(Micros(span.begin)).Key("dur").Integer(Micros(span.end - span.begin))
          .End();
    }
  }
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::sleep_end || event.kind == EventKind::log) continue;
    std::string name = EventKindName(event.kind);
    if (event.object >= 0 && static_cast<size_t>(event.object) < run.objects.size())
      name += " " + run.objects[event.object].name;
    BeginInstant(json, event.thread).Text(name).Key("ts").Integer(Micros(event.time))
        .Key("args").BeginObject().Key("value").Integer(event.value).Key("text").Text(event.text).End()
        .End();
  }
  for (const LogLine& line : run.log)
    BeginInstant(json, line.thread).Text(line.message).Key("ts").Integer(Micros(line.time)).End();
  json.End().End();
  out << json.text() << "\n";
}

}  // namespace threadlab
