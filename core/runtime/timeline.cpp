#include "runtime/timeline.h"

#include "runtime/events.h"

namespace threadlab {

namespace {
bool IsMark(EventKind kind) {
  return kind == EventKind::log || kind == EventKind::shared_read ||
         kind == EventKind::shared_write || kind == EventKind::error;
}
}  // namespace

void Timeline::Update(const RunSnapshot& snapshot) {
  if (snapshot.trace.size() < m_seen) *this = Timeline();  // a new run
  if (m_lanes.size() < snapshot.threads.size()) m_lanes.resize(snapshot.threads.size());
  for (size_t i = 0; i < snapshot.threads.size(); ++i) {
    m_lanes[i].name = snapshot.threads[i].name;
    m_lanes[i].daemon = snapshot.threads[i].daemon;
  }
  for (; m_seen < snapshot.trace.size(); ++m_seen) {
    const TraceEvent& event = snapshot.trace[m_seen];
    if (event.thread < 0 || static_cast<size_t>(event.thread) >= m_lanes.size()) continue;
    Lane& lane = m_lanes[event.thread];
    if (IsMark(event.kind)) lane.marks.push_back(static_cast<int>(m_seen));
    const ThreadState state = m_states.Apply(event);
    if (!lane.spans.empty()) {
      Span& last = lane.spans.back();
      last.end = event.time;
      if (last.state == state) continue;
      if (Ended(last.state)) continue;  // nothing follows the end of a thread
    }
    lane.spans.push_back(Span{event.time, event.time, state, static_cast<int>(m_seen)});
  }
  m_end = snapshot.now;
  for (Lane& lane : m_lanes) {
    if (lane.spans.empty() || Ended(lane.spans.back().state)) continue;
    lane.spans.back().end = snapshot.done ? lane.spans.back().end : snapshot.now;
  }
}

}  // namespace threadlab
