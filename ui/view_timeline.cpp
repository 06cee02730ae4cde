// The timeline: one lane per thread, one coloured span per state, drawn from the recorded
// trace (Tracy's split: the data is core's Timeline, this file only draws it).
//
// Drawing follows Tracy's zone timeline: spans narrower than 3 px are folded into one
// rectangle, x is clamped to the visible track, one AddRectFilled per span, labels only
// where they fit. Lock waits are never folded: a short wait is still drawn, 2 px at least,
// because it is what the learner looks for.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "runtime/events.h"
#include "views.h"

namespace threadlab {

namespace {

constexpr float kFoldPixels = 3;

struct Track {
  ImVec2 origin;  // top-left of the first lane's track (right of the labels)
  float width = 1;
  float lane_height = 1;
  double begin = 0, end = 1;

  float X(double time) const {
    return origin.x + static_cast<float>((time - begin) / (end - begin)) * width;
  }
  double Time(float x) const { return begin + (x - origin.x) / width * (end - begin); }
};

// 1, 2 or 5 times a power of ten, so that ticks stand about `pixels` apart.
double TickStep(double range, float width, float pixels) {
  const double raw = range / std::max(1.0f, width / pixels);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0})
    if (raw <= factor * power) return factor * power;
  return 10 * power;
}

void DrawAxis(const Track& track, ImDrawList* draw, float top, float height) {
  const double step = TickStep(track.end - track.begin, track.width, ImGui::GetFontSize() * 6);
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  const ImU32 color = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (double t = std::ceil(track.begin / step) * step; t <= track.end; t += step) {
    const float x = track.X(t);
    draw->AddLine(ImVec2(x, top + height * 0.6f), ImVec2(x, top + height), color);
    char label[32];
    std::snprintf(label, sizeof label, "%.*f s", decimals, std::abs(t) < step / 2 ? 0.0 : t);
    // A label that would run past the track's end goes on the left of its tick.
    const float label_width = ImGui::CalcTextSize(label).x;
    const float right = track.origin.x + track.width;
    draw->AddText(ImVec2(x + 3 + label_width <= right ? x + 3 : x - 3 - label_width, top), color,
                  label);
  }
}

// Did another thread write `event`'s shared value between this thread's read and this write?
// Then this write puts back a stale copy: the other update is lost.
bool OverwritesAnUpdate(const RunSnapshot& run, int index) {
  const TraceEvent& write = run.trace[index];
  bool other_wrote = false;
  for (int i = index - 1; i >= 0; --i) {
    const TraceEvent& event = run.trace[i];
    if (event.object != write.object) continue;
    if (event.kind == EventKind::shared_write && event.thread != write.thread) other_wrote = true;
    if (event.kind == EventKind::shared_read && event.thread == write.thread) return other_wrote;
  }
  return false;
}

// A trace event in the learner's words: "read value: 0", "took Lock 'l'".
std::string DescribeEvent(const RunSnapshot& run, int index) {
  if (index < 0 || index >= static_cast<int>(run.trace.size())) return {};
  const TraceEvent& event = run.trace[index];
  const bool lost = event.kind == EventKind::shared_write && OverwritesAnUpdate(run, index);
  return EventWords(run, event) + (lost ? " \u2014 over another thread's update" : "");
}

void SpanTooltip(const std::string& lane, const Span& span, const RunSnapshot& run) {
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(lane.c_str());
  const float size = ImGui::GetFontSize();
  ImGui::ColorButton("##state", ImGui::ColorConvertU32ToFloat4(StateColor(span.state)),
                     ImGuiColorEditFlags_NoTooltip, ImVec2(size, size));
  ImGui::SameLine();
  ImGui::Text("%s", ThreadStateName(span.state));
  ImGui::TextDisabled("from %.3f s to %.3f s (%.3f s)", span.begin, span.end,
                      span.end - span.begin);
  const std::string event = DescribeEvent(run, span.event);
  if (!event.empty()) ImGui::Text("began: %s", event.c_str());
  ImGui::EndTooltip();
}

void LaneTooltip(const Lane& lane, const std::string& label) {
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(label.c_str());
  if (label != lane.name) ImGui::TextDisabled("the thread named %s", lane.name.c_str());
  if (lane.daemon) ImGui::TextDisabled("a daemon thread: killed when the program exits");
  ImGui::EndTooltip();
}

// Draws one lane's spans; returns the span under the mouse, if any.
const Span* DrawLaneSpans(const Lane& lane, const Track& track, ImDrawList* draw, float y0,
                          float y1, const ImVec2& mouse, bool hovered_lane) {
  const Span* hovered = nullptr;
  float fold_x0 = 0, fold_x1 = -1;
  double fold_longest = -1;
  ThreadState fold_state = ThreadState::running;
  auto flush_fold = [&] {
    if (fold_x1 < fold_x0) return;
    draw->AddRectFilled(ImVec2(fold_x0, y0), ImVec2(std::max(fold_x1, fold_x0 + 1), y1),
                        (StateColor(fold_state) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 170));
    fold_x1 = -1;
    fold_longest = -1;
  };
  const float left = track.origin.x, right = track.origin.x + track.width;
  // Spans follow each other in time: skip to the first that reaches the view.
  auto first = std::partition_point(lane.spans.begin(), lane.spans.end(),
                                    [&](const Span& span) { return span.end < track.begin; });
  for (auto it = first; it != lane.spans.end() && it->begin <= track.end; ++it) {
    const Span& span = *it;
    const bool ended = Ended(span.state);
    float x0 = std::max(left, track.X(span.begin));
    float x1 = std::min(right, track.X(span.end));
    if (ended) {  // a thread's end is a moment: a short bar marks it
      flush_fold();
      draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + 3, y1), StateColor(span.state));
      if (hovered_lane && std::abs(mouse.x - x0) <= 4) hovered = &span;
      continue;
    }
    const bool keep = span.state == ThreadState::waiting_lock;
    if (x1 - x0 < kFoldPixels && !keep) {
      if (fold_x1 >= fold_x0 && x0 - fold_x1 > kFoldPixels) flush_fold();
      if (fold_x1 < fold_x0) fold_x0 = x0;
      fold_x1 = x1;
      if (span.end - span.begin > fold_longest) {
        fold_longest = span.end - span.begin;
        fold_state = span.state;
      }
    } else {
      flush_fold();
      if (keep && x1 - x0 < 2) x1 = x0 + 2;
      draw->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), StateColor(span.state));
    }
    if (hovered_lane && mouse.x >= x0 - 1 && mouse.x <= std::max(x1, x0 + 2) + 1 &&
        (!hovered || span.end - span.begin > 0))
      hovered = &span;
  }
  flush_fold();
  return hovered;
}

// The cursor's time on the axis, in a box that stays inside the track.
void DrawCursorTime(const Track& track, const Moment& moment, ImDrawList* draw, float top,
                    float height) {
  char label[32];
  std::snprintf(label, sizeof label, "%.3f s", moment.time);
  const ImVec2 size = ImGui::CalcTextSize(label);
  const float pad = ImGui::GetFontSize() * 0.25f;
  const float right = track.origin.x + track.width;
  const float x = std::clamp(track.X(moment.time) - size.x * 0.5f - pad, track.origin.x,
                             right - size.x - pad * 2);
  draw->AddRectFilled(ImVec2(x, top), ImVec2(x + size.x + pad * 2, top + height),
                      TintColor(Tint::accent), 3);
  draw->AddText(ImVec2(x + pad, top + (height - size.y) * 0.5f), IM_COL32(20, 20, 24, 255), label);
}

// The scrubber's line across the lanes, and beside it each thread's state then, in words.
void DrawCursor(const Track& track, const Moment& moment, ImDrawList* draw, float lanes_height) {
  const float x = track.X(moment.time);
  const float right = track.origin.x + track.width;
  if (x < track.origin.x || x > right) return;
  draw->AddLine(ImVec2(x, track.origin.y), ImVec2(x, track.origin.y + lanes_height),
                TintColor(Tint::accent), 2);
  const float pad = ImGui::GetFontSize() * 0.25f;
  const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + ImGui::GetWindowHeight();
  draw->PushClipRect(ImVec2(track.origin.x, clip_top), ImVec2(right, clip_bottom), true);
  for (size_t i = 0; i < moment.threads.size(); ++i) {
    const float y0 = track.origin.y + track.lane_height * i;
    if (y0 + track.lane_height < clip_top || y0 > clip_bottom) continue;
    const char* words = moment.threads[i].words.c_str();
    const ImVec2 size = ImGui::CalcTextSize(words);
    // Right of the line where the words fit, else left of it; cut at the right (their start
    // says the most) where they fit neither.
    const float box = size.x + pad * 2;
    const bool left_of_line = x + pad + box > right && x - pad - box >= track.origin.x;
    const float left = left_of_line ? x - pad - box : x + pad;
    const float top = y0 + (track.lane_height - size.y) * 0.5f;
    draw->AddRectFilled(ImVec2(left, top - 1), ImVec2(left + box, top + size.y + 1),
                        IM_COL32(20, 22, 26, 225), 3);
    draw->AddText(ImVec2(left + pad, top), ImGui::GetColorU32(ImGuiCol_Text), words);
  }
  draw->PopClipRect();
}

// A challenge won: a line across the lanes at the step that met its goal, flagged on top.
void DrawGoalMarker(const Track& track, const RunSnapshot& run, ImDrawList* draw,
                    float lanes_height) {
  const auto reached = std::find_if(run.trace.begin(), run.trace.end(), [](const TraceEvent& event) {
    return event.kind == EventKind::goal_reached;
  });
  if (reached == run.trace.end()) return;
  const float x = track.X(reached->time);
  if (x < track.origin.x || x > track.origin.x + track.width) return;
  const ImU32 color = TintColor(Tint::good);
  draw->AddLine(ImVec2(x, track.origin.y), ImVec2(x, track.origin.y + lanes_height), color, 2);
  const float flag = ImGui::GetFontSize() * 0.6f;
  draw->AddTriangleFilled(ImVec2(x, track.origin.y), ImVec2(x + flag, track.origin.y + flag * 0.5f),
                          ImVec2(x, track.origin.y + flag), color);
  if (ImGui::IsMouseHoveringRect(ImVec2(x - 4, track.origin.y), ImVec2(x + flag, track.origin.y + lanes_height)))
    ImGui::SetTooltip("Goal reached at %.3f s: %s", reached->time, run.goal.text.c_str());
}

}  // namespace

void ScrubTo(TimelineView& view, const RunSnapshot& run, double time) {
  view.scrubbing = true;
  view.moment = MomentAt(run, std::clamp(time, 0.0, std::max(run.now, 0.0)));
}

void ScrubStep(TimelineView& view, const RunSnapshot& run, int direction) {
  if (run.trace.empty()) return;
  const size_t from = view.scrubbing ? view.moment.events
                      : direction < 0 ? run.trace.size() + 1
                                      : 0;
  const size_t events = direction < 0 ? (from > 0 ? from - 1 : 0) : from + 1;
  view.scrubbing = true;
  view.moment = MomentAfter(run, events);
}

void ScrubLive(TimelineView& view) {
  view.scrubbing = false;
  view.moment = Moment();
}

void DrawLegend() {
  for (const ThreadStateRow& row : kThreadStates) {
    const ThreadState state = row.state;
    const float size = ImGui::GetFontSize() * 0.8f;
    const float label_width = ImGui::CalcTextSize(row.name).x;
    const float item_width = size + ImGui::GetStyle().ItemInnerSpacing.x + label_width;
    if (state != kThreadStates.front().state) {  // wrap like text when the row is full
      ImGui::SameLine();
      if (ImGui::GetContentRegionAvail().x < item_width) ImGui::NewLine();
    }
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float offset = (ImGui::GetTextLineHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + offset),
                                              ImVec2(at.x + size, at.y + offset + size),
                                              StateColor(state), 2);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(row.name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.meaning);
  }
}

void DrawTimeline(const Timeline& timeline, const RunSnapshot& run, bool live,
                  TimelineView& view) {
  const std::vector<Lane>& lanes = timeline.lanes();
  const std::vector<std::string> labels = ThreadLabels(run);
  auto label_of = [&](size_t lane) -> const std::string& {
    return lane < labels.size() ? labels[lane] : lanes[lane].name;
  };
  const float font = ImGui::GetFontSize();
  float label_width = font * 4;
  for (size_t i = 0; i < lanes.size(); ++i)
    label_width = std::max(label_width, ImGui::CalcTextSize(label_of(i).c_str()).x + font);
  label_width = std::min(label_width, std::max(font * 6, ImGui::GetContentRegionAvail().x * 0.3f));

  if (view.fit) {
    // Before the first run, a plain one-second axis rather than a microscopic one.
    const double shortest = lanes.empty() ? 1.0 : 1e-3;
    const double end = view.stop_at >= 0 ? view.stop_at * 1.02 + 0.05
                       : live            ? run.now * 1.08
                                         : timeline.end() * 1.02;
    view.begin = 0;
    view.end = std::max(end, shortest);
  }
  const ImVec2 area = ImGui::GetContentRegionAvail();
  const float axis_height = ImGui::GetTextLineHeightWithSpacing();
  Track track;
  track.width = std::max(1.0f, area.x - label_width - ImGui::GetStyle().ScrollbarSize);
  track.lane_height = std::round(font * 1.35f);
  track.begin = view.begin;
  track.end = view.end;

  // The axis stays put; the lanes scroll under it. Once the run has ended, the axis is the
  // scrubber's track: a click or a drag puts the cursor there.
  const bool scrubbable = !live && !run.trace.empty();
  if (!scrubbable) view.scrubbing = view.keys = false;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 axis_pos = ImGui::GetCursorScreenPos();
  track.origin = ImVec2(axis_pos.x + label_width, 0);
  if (view.scrubbing) {
    if (ImGui::SmallButton("Live")) ScrubLive(view);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the whole run again (Escape)");
  }
  ImGui::SetCursorScreenPos(ImVec2(track.origin.x, axis_pos.y));
  ImGui::InvisibleButton("time axis", ImVec2(track.width, axis_height));
  view.axis_min = ImGui::GetItemRectMin();
  view.axis_max = ImGui::GetItemRectMax();
  const bool axis_hovered = ImGui::IsItemHovered();
  if (scrubbable) {
    const float mouse_x = ImGui::GetIO().MousePos.x;
    if (ImGui::IsItemActive()) ScrubTo(view, run, track.Time(mouse_x));
    draw->AddRectFilled(view.axis_min, view.axis_max, ImGui::GetColorU32(ImGuiCol_FrameBg), 3);
    if (axis_hovered && !ImGui::IsItemActive()) {  // where a click would put the cursor
      draw->AddLine(ImVec2(mouse_x, view.axis_min.y), ImVec2(mouse_x, view.axis_max.y),
                    TintColor(Tint::accent));
      if (!view.scrubbing)
        ImGui::SetTooltip("Click or drag: the run at that moment, its log and each thread's state");
    }
  }
  DrawAxis(track, draw, axis_pos.y, axis_height);
  if (view.scrubbing) DrawCursorTime(track, view.moment, draw, axis_pos.y, axis_height);

  ImGui::BeginChild("lanes", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
  draw = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  track.origin = ImVec2(top.x + label_width, top.y);
  const float lanes_height = std::max(ImGui::GetContentRegionAvail().y,
                                      track.lane_height * lanes.size());
  ImGui::InvisibleButton("tracks", ImVec2(label_width + track.width, lanes_height));
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 mouse = ImGui::GetIO().MousePos;

  // As most timeline tools do: the wheel scrolls the lanes, Ctrl+wheel zooms around the
  // mouse, Shift+wheel (or a sideways wheel) and dragging pan; double-click fits the run.
  const ImGuiIO& io = ImGui::GetIO();
  double pan = 0;
  if (hovered && io.MouseWheel != 0 && io.KeyCtrl) {
    const double at = track.Time(std::max(mouse.x, track.origin.x));
    const double factor = std::pow(1.25, -io.MouseWheel);
    view.fit = false;
    view.begin = at - (at - view.begin) * factor;
    view.end = at + (view.end - at) * factor;
  } else if (hovered && io.MouseWheel != 0 && !io.KeyShift) {
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * track.lane_height * 3);
  } else if (hovered && (io.MouseWheelH != 0 || io.MouseWheel != 0)) {
    pan = -(io.MouseWheelH != 0 ? io.MouseWheelH : io.MouseWheel) * 0.1 * (view.end - view.begin);
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0)) {
    pan = -io.MouseDelta.x / track.width * (view.end - view.begin);
    ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
  }
  if (pan != 0) {
    view.fit = false;
    view.begin += pan;
    view.end += pan;
  }
  if (view.begin < 0) {  // the run starts at 0: nothing to see before it
    view.end -= view.begin;
    view.begin = 0;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) view.fit = true;
  // A click on the lanes that does not drag them puts the cursor there too.
  const float threshold = io.MouseDragThreshold;
  const bool clicked = io.MouseDragMaxDistanceSqr[0] < threshold * threshold;
  if (scrubbable && ImGui::IsItemDeactivated() && clicked)
    ScrubTo(view, run, track.Time(std::max(mouse.x, track.origin.x)));
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    view.keys = scrubbable && (hovered || axis_hovered);

  if (lanes.empty())
    draw->AddText(ImVec2(top.x + font, top.y + font * 0.5f),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled),
                  "Press Run: each thread gets a lane here, coloured by what it is doing.");

  const Span* hovered_span = nullptr;
  size_t hovered_lane = 0;
  int hovered_mark = -1;
  const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + ImGui::GetWindowHeight();
  for (size_t i = 0; i < lanes.size(); ++i) {
    const Lane& lane = lanes[i];
    const float y0 = track.origin.y + track.lane_height * i;
    const float y1 = y0 + track.lane_height;
    if (y1 < clip_top || y0 > clip_bottom) continue;  // out of view: skip the lane
    if (i % 2) draw->AddRectFilled(ImVec2(top.x, y0), ImVec2(track.origin.x + track.width, y1),
                                   ImGui::GetColorU32(ImGuiCol_TableRowBgAlt));
    draw->PushClipRect(ImVec2(top.x, y0), ImVec2(track.origin.x - font * 0.3f, y1), true);
    const float text_y = y0 + (track.lane_height - font) * 0.5f;
    draw->AddText(ImVec2(top.x + font * 0.3f, text_y), ImGui::GetColorU32(ImGuiCol_Text),
                  label_of(i).c_str());
    draw->PopClipRect();
    const bool mouse_in_lane = hovered && mouse.y >= y0 && mouse.y < y1;
    draw->PushClipRect(ImVec2(track.origin.x, y0), ImVec2(track.origin.x + track.width, y1), true);
    const float pad = std::round(track.lane_height * 0.14f);
    const Span* span = DrawLaneSpans(lane, track, draw, y0 + pad, y1 - pad, mouse, mouse_in_lane);
    if (span) hovered_span = span, hovered_lane = i;
    for (int mark : lane.marks) {  // log lines and shared reads/writes: ticks on top
      const float x = track.X(run.trace[mark].time);
      if (x < track.origin.x - 2 || x > track.origin.x + track.width + 2) continue;
      draw->AddTriangleFilled(ImVec2(x - pad, y0), ImVec2(x + pad, y0), ImVec2(x, y0 + pad * 1.6f),
                              IM_COL32(235, 235, 235, 220));
      if (mouse_in_lane && std::abs(mouse.x - x) <= pad + 1 && mouse.y < y0 + pad * 3)
        hovered_mark = mark;
    }
    draw->PopClipRect();
    if (mouse_in_lane && mouse.x < track.origin.x) LaneTooltip(lane, label_of(i));
  }
  if (live) {
    const float x = track.X(run.now);
    if (x >= track.origin.x && x <= track.origin.x + track.width)
      draw->AddLine(ImVec2(x, top.y), ImVec2(x, top.y + lanes_height), TintColor(Tint::accent), 2);
  }
  DrawGoalMarker(track, run, draw, lanes_height);
  if (view.scrubbing) DrawCursor(track, view.moment, draw, lanes_height);
  if (hovered_mark >= 0 && !ImGui::IsItemActive()) {
    const TraceEvent& mark = run.trace[hovered_mark];
    ImGui::SetTooltip("%s %s\nat %.3f s", label_of(mark.thread).c_str(),
                      DescribeEvent(run, hovered_mark).c_str(), mark.time);
  } else if (hovered_span && !ImGui::IsItemActive()) {
    SpanTooltip(label_of(hovered_lane), *hovered_span, run);
  }
  ImGui::EndChild();
}

}  // namespace threadlab
