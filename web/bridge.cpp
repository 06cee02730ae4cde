// The C side of window.threadlab. web/api.js calls these through ccall; each returns a
// string (JSON, or an error message, empty when all went well) that stays valid until the
// next call. A run is prepared in steps (lesson, then each value), and only a complete,
// valid request reaches the UI: a bad value leaves the playground as it was.
#include "bridge.h"

#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app.h"
#include "imgui_internal.h"  // the hovered window's scroll, for the wheel in a frame
#include "run/link.h"
#include "json.h"
#include "runtime/thread_pool.h"

using namespace threadlab;

namespace {

App* g_app = nullptr;
std::string g_out;
bool g_wheel_wanted = true;
const Lesson* g_staged_lesson = nullptr;
ParamValues g_staged_values;

const char* Out(std::string text) {
  g_out = std::move(text);
  return g_out.c_str();
}

// Builds a JSON object one field at a time: {"run":1,"status":"finished"}.
class JsonObject {
 public:
  JsonObject& Raw(const char* key, const std::string& json) {
    m_text += (m_text.size() > 1 ? ",\"" : "\"") + std::string(key) + "\":" + json;
    return *this;
  }
  JsonObject& Text(const char* key, const std::string& text) { return Raw(key, JsonString(text)); }
  JsonObject& Number(const char* key, double value);
  JsonObject& Flag(const char* key, bool value) { return Raw(key, value ? "true" : "false"); }
  std::string Done() const { return m_text + "}"; }

 private:
  std::string m_text = "{";
};

const char* KindName(ParamKind kind) {
  switch (kind) {
    case ParamKind::integer: return "integer";
    case ParamKind::number: return "number";
    case ParamKind::boolean: return "boolean";
  }
  return "?";
}

std::string NumberText(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

JsonObject& JsonObject::Number(const char* key, double value) {
  return Raw(key, NumberText(value));
}

std::string UnknownLesson(const char* id) {
  std::string ids;
  for (const Lesson* lesson : Lessons()) ids += (ids.empty() ? "" : ", ") + std::string(lesson->id);
  return "unknown lesson '" + Shown(id) + "' (lessons: " + ids + ")";
}

std::string ValuesJson(const Lesson& lesson, const ParamValues& values) {
  JsonObject json;
  for (const Param& param : lesson.params) {
    const double value = values.Number(param.name);
    if (param.kind == ParamKind::boolean)
      json.Flag(param.name, value != 0);
    else
      json.Number(param.name, value);
  }
  return json.Done();
}

// Where something was drawn on the canvas: {"name":..,"x":..,"y":..,"w":..,"h":..}.
JsonObject SpotJson(const std::string& name, ImVec2 min, ImVec2 max) {
  JsonObject json;
  json.Text("name", name).Number("x", min.x).Number("y", min.y).Number("w", max.x - min.x).Number("h", max.y - min.y);
  return json;
}

// Run ×N as it stands; each outcome's witness when its text is short enough for a link.
std::string ManyJson(const ManyRunsView& many) {
  std::string outcomes = "[";
  for (const OutcomeCount& outcome : many.result.outcomes) {
    const std::string witness = ScheduleText(outcome.witness);
    outcomes += (outcomes.size() > 1 ? "," : "") +
                JsonObject()
                    .Text("outcome", outcome.outcome)
                    .Number("count", static_cast<double>(outcome.count))
                    .Text("witness", witness.size() <= kMaxLinkScheduleLength ? witness : "")
                    .Done();
  }
  return JsonObject()
      .Flag("running", many.running)
      .Number("asked", static_cast<double>(many.asked))
      .Number("done", static_cast<double>(many.done))
      .Raw("lesson", many.lesson ? JsonString(many.lesson->id) : "null")
      .Text("error", many.error)
      .Raw("outcomes", outcomes + "]")
      .Done();
}

// The timeline's scrubber: null while it shows the whole run, else the moment it shows,
// each thread named as its lane is ({name: "Thread 1", state, words: "waiting for Lock
// '_lock'"}), and where the time axis is drawn, to click on.
std::string ScrubJson(const TimelineView& view, const RunSnapshot& run) {
  const JsonObject axis = JsonObject()
                              .Number("x", view.axis_min.x)
                              .Number("y", view.axis_min.y)
                              .Number("w", view.axis_max.x - view.axis_min.x)
                              .Number("h", view.axis_max.y - view.axis_min.y)
                              .Number("begin", view.begin)
                              .Number("end", view.end);
  if (!view.scrubbing) return JsonObject().Flag("on", false).Raw("axis", axis.Done()).Done();
  const std::vector<std::string> labels = ThreadLabels(run);
  std::string threads = "[";
  for (size_t i = 0; i < view.moment.threads.size(); ++i) {
    const ThreadMoment& thread = view.moment.threads[i];
    threads += (threads.size() > 1 ? "," : "") +
               JsonObject()
                   .Text("name", i < labels.size() ? labels[i] : "")
                   .Text("state", ThreadStateName(thread.state))
                   .Text("words", thread.words)
                   .Done();
  }
  std::string objects = "[";
  for (const ObjectInfo& object : view.moment.objects) {
    const bool owned = object.owner >= 0 && static_cast<size_t>(object.owner) < labels.size();
    objects += (objects.size() > 1 ? "," : "") +
               JsonObject()
                   .Text("name", object.name)
                   .Text("kind", ObjectKindName(object.kind))
                   .Number("value", static_cast<double>(object.value))
                   .Text("owner", owned ? labels[object.owner] : "")
                   .Done();
  }
  const size_t lines = view.moment.log_lines;
  return JsonObject()
      .Flag("on", true)
      .Raw("axis", axis.Done())
      .Number("time", view.moment.time)
      .Number("events", static_cast<double>(view.moment.events))
      .Number("logLines", static_cast<double>(lines))
      .Text("lastLine", lines > 0 && lines <= run.log.size() ? run.log[lines - 1].Formatted() : "")
      .Raw("threads", threads + "]")
      .Raw("objects", objects + "]")
      .Done();
}

// The staged values go to the UI: the lesson is selected and its code view shows them.
void Commit() {
  Session& session = g_app->session;
  session.Select(*g_staged_lesson);
  session.values() = g_staged_values;
  g_app->message.clear();
  g_app->timeline_view.fit = true;
}

EM_JS(void, NotifyReady, (), { if (Module.threadlabReady) Module.threadlabReady(); });

// The shown line (from 1, as an editor counts) a thread's next step is called from, or null.
std::string ShownLineJson(const Lesson* lesson, CallSite at) {
  const int line = lesson ? ShownLine(*lesson, at) : -1;
  return line < 0 ? "null" : std::to_string(line + 1);
}

}  // namespace

namespace threadlab {

void BridgeAttach(App& app) { g_app = &app; }

// Whether the wheel over the app does something there: a panel that can scroll, or one that
// takes the wheel itself (the timeline zooms), or an open popup. Otherwise, in a frame, the
// wheel is the course page's to scroll (web/page.js).
bool WheelWanted() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.OpenPopupStack.Size > 0) return true;
  for (const ImGuiWindow* window = g.HoveredWindow; window; window = window->ParentWindow) {
    if (window->ScrollMax.y > 0 || (window->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return true;
    if (!(window->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return false;
}

void BridgeAfterFrame(App& app) {
  if (app.frame == 1) NotifyReady();
  g_wheel_wanted = WheelWanted();
}

}  // namespace threadlab

extern "C" {

EMSCRIPTEN_KEEPALIVE int tl_wheel_wanted() { return g_wheel_wanted; }

EMSCRIPTEN_KEEPALIVE const char* tl_lessons() {
  std::string lessons = "[";
  for (const Lesson* lesson : Lessons()) {
    std::string params = "[";
    for (const Param& param : lesson->params)
      params += (params.size() > 1 ? "," : "") + JsonObject()
                                                     .Text("name", param.name)
                                                     .Text("kind", KindName(param.kind))
                                                     .Number("default", param.default_value)
                                                     .Number("min", param.min)
                                                     .Number("max", param.max)
                                                     .Text("help", param.help)
                                                     .Done();
    lessons += (lessons.size() > 1 ? "," : "") + JsonObject()
                                                     .Text("id", lesson->id)
                                                     .Text("title", lesson->title)
                                                     .Raw("params", params + "]")
                                                     .Done();
  }
  return Out(lessons + "]");
}

EMSCRIPTEN_KEEPALIVE const char* tl_select(const char* id) {
  const Lesson* lesson = FindLesson(id);
  if (!lesson) return Out(UnknownLesson(id));
  g_app->session.Select(*lesson);
  return Out("");
}

// Starts a request: the lesson, with its default values.
EMSCRIPTEN_KEEPALIVE const char* tl_prepare(const char* id) {
  g_staged_lesson = FindLesson(id);
  if (!g_staged_lesson) return Out(UnknownLesson(id));
  g_staged_values = DefaultValues(*g_staged_lesson);
  return Out("");
}

EMSCRIPTEN_KEEPALIVE const char* tl_set_number(const char* name, double value) {
  if (!g_staged_lesson) return Out("no lesson prepared");
  if (auto error = CheckParam(*g_staged_lesson, name, value)) return Out(*error);
  g_staged_values.Set(name, value);
  return Out("");
}

// A value given as text ("5", "true"): written as a person writes it, or refused (" 5" and
// "0x10" are not numbers here, though strtod would take them).
EMSCRIPTEN_KEEPALIVE const char* tl_set_text(const char* name, const char* text) {
  if (!g_staged_lesson) return Out("no lesson prepared");
  if (auto error = ParsePlainParam(*g_staged_lesson, name, text, g_staged_values)) return Out(*error);
  return Out("");
}

// Opens a link (the page's query): its lesson, values, speed and view; a bad part is named
// in the status line and the rest still applies; a clean link with autorun=1 runs.
// Returns {"parent": ORIGIN or ""}, the only origin the postMessage API may then talk to.
EMSCRIPTEN_KEEPALIVE const char* tl_open_link(const char* query) {
  const Link link = ParseLink(query);
  Session& session = g_app->session;
  if (link.lesson) {
    g_staged_lesson = link.lesson;
    g_staged_values = link.values;
    Commit();
  }
  if (link.speed) session.speed = *link.speed;
  g_app->compact = link.view == LinkView::compact;
  g_app->message = link.Notice();
  // A clean link's schedule opens in Replay: playing with autorun, else waiting at its start.
  std::optional<std::string> error;
  if (link.schedule && link.problem_count == 0) {
    error = session.Watch(*link.schedule);
    session.playing = link.autorun;
  } else if (link.autorun) {
    error = session.Start();
  }
  if (error) g_app->message = "link: " + *error;
  return Out(JsonObject().Text("parent", link.parent).Done());
}

// The query that opens what the page shows now: the lesson, its values and the speed, and
// the schedule of a replay shown (a reload opens it again).
EMSCRIPTEN_KEEPALIVE const char* tl_link() {
  Session& session = g_app->session;
  const Schedule* replay = session.script().empty() ? nullptr : &session.script();
  return Out(FormatLink(session.lesson(), session.values(), session.speed, replay));
}

// Shows the prepared request in the UI without running it.
EMSCRIPTEN_KEEPALIVE const char* tl_show() {
  if (!g_staged_lesson) return Out("no lesson prepared");
  Commit();
  return Out("");
}

// The speed of the next run.
EMSCRIPTEN_KEEPALIVE const char* tl_set_speed(double speed) {
  if (auto error = CheckSpeed(speed)) return Out(*error);
  g_app->session.speed = speed;
  return Out("");
}

// Commits the prepared request and runs it. speed <= 0 keeps the UI's speed. A schedule
// (ScheduleText's form, "0x3.1.2x2") replays that run; empty runs free.
EMSCRIPTEN_KEEPALIVE const char* tl_start(double speed, const char* schedule_text) {
  auto refuse = [](const std::string& error) { return Out("{\"error\":" + JsonString(error) + "}"); };
  if (!g_staged_lesson) return refuse("no lesson prepared");
  if (speed > 0 || std::isnan(speed))
    if (auto error = CheckSpeed(speed)) return refuse(*error);
  ScheduleOptions schedule;
  if (*schedule_text) {
    const std::optional<Schedule> steps = ParseSchedule(schedule_text);
    if (!steps)
      return refuse("schedule must be thread numbers like 0x3.1.2x2 (as run() gives it), got '" +
                    Shown(schedule_text) + "'");
    schedule.policy = SchedulePolicy::replay;
    schedule.schedule = *steps;
  }
  Session& session = g_app->session;
  const double kept_speed = session.speed;
  if (speed > 0) session.speed = speed;
  Commit();
  if (auto error = session.Start(schedule)) {
    session.speed = kept_speed;
    g_app->message = *error;
    return refuse(*error);
  }
  return Out("{\"run\":" + std::to_string(session.run_id()) + "}");
}

// Starts step mode: with the prepared request when `staged`, else with what the UI shows.
// every_step: stop where only one thread can go, too.
EMSCRIPTEN_KEEPALIVE const char* tl_step_mode(int staged, int every_step) {
  if (staged) {
    if (!g_staged_lesson) return Out("no lesson prepared");
    Commit();
  }
  Session& session = g_app->session;
  session.every_step = every_step != 0;
  if (auto error = session.StartStepMode()) return Out(g_app->message = *error);
  g_app->message.clear();
  return Out("");
}

// Step mode: moves a thread one step, or says why it cannot.
EMSCRIPTEN_KEEPALIVE const char* tl_step(int thread) {
  return Out(g_app->session.Step(thread).value_or(""));
}

EMSCRIPTEN_KEEPALIVE const char* tl_undo() { return Out(g_app->session.Undo().value_or("")); }

EMSCRIPTEN_KEEPALIVE void tl_stop() { g_app->session.Stop(); }

// Shows a message in the UI's status line (a bad link, say).
EMSCRIPTEN_KEEPALIVE void tl_message(const char* text) { g_app->message = Shown(text, 300); }

// The page's address without its query (web/link.js): Share and Embed links start with it.
EMSCRIPTEN_KEEPALIVE void tl_set_page_url(const char* url) { g_app->share.page_url = url; }

// What became of a Share or Embed copy: "Copied", or why not.
EMSCRIPTEN_KEEPALIVE void tl_share_notice(const char* text) {
  g_app->share.notice = Shown(text, 300);
}

// The run's log lines from `first` on, at most `count` of them (postMessage's log events).
EMSCRIPTEN_KEEPALIVE const char* tl_log_lines(int first, int count) {
  const std::vector<LogLine>& log = g_app->session.snapshot().log;
  std::string lines = "[";
  for (int i = std::max(first, 0); i < static_cast<int>(log.size()) && count > 0; ++i, --count)
    lines += (lines.size() > 1 ? "," : "") + JsonString(log[i].Formatted());
  return Out(lines + "]");
}

EMSCRIPTEN_KEEPALIVE const char* tl_state() {
  Session& session = g_app->session;
  session.Poll();
  const RunSnapshot& run = session.snapshot();
  const Lesson* run_lesson = session.run_lesson();
  std::string threads = "[";
  for (size_t i = 0; i < run.threads.size(); ++i) {
    const ThreadInfo& thread = run.threads[i];
    const NextStep next = i < run.next.size() ? run.next[i] : NextStep();
    threads += (threads.size() > 1 ? "," : "") + JsonObject()
                                                      .Text("name", thread.name)
                                                      .Text("state", ThreadStateName(thread.state))
                                                      .Flag("daemon", thread.daemon)
                                                      .Text("next", next.text)
                                                      .Raw("line", ShownLineJson(run_lesson, next.at))
                                                      .Flag("canGo", session.awaiting_step() && next.enabled)
                                                      .Done();
  }
  return Out(JsonObject()
                 .Flag("ready", true)
                 .Number("frame", static_cast<double>(g_app->frame))
                 .Text("lesson", session.lesson().id)
                 .Raw("params", ValuesJson(session.lesson(), session.values()))
                 .Number("speed", session.speed)
                 .Number("run", session.run_id())
                 .Raw("runLesson", run_lesson ? JsonString(run_lesson->id) : "null")
                 .Flag("running", session.running())
                 .Flag("ended", session.has_run() && session.ended())
                 .Flag("done", run.done)
                 .Raw("status", session.has_run() ? JsonString(RunStatusName(run.status)) : "null")
                 .Number("now", run.now)
                 .Number("logLines", static_cast<double>(run.log.size()))
                 .Raw("threads", threads + "]")
                 .Raw("policy", session.has_run() ? JsonString(SchedulePolicyName(run.policy)) : "null")
                 .Flag("stepMode", session.step_mode())
                 .Flag("everyStep", session.every_step)
                 .Flag("awaiting", session.awaiting_step())
                 .Number("steps", static_cast<double>(run.schedule.size()))
                 .Flag("canUndo", session.can_undo())
                 .Flag("replaying", !session.script().empty())
                 .Text("note", session.note())
                 .Raw("many", ManyJson(session.many()))
                 // The workers that lesson threads run on: a parked one waits for the next.
                 .Raw("osThreads", JsonObject()
                                       .Number("pooled", PooledThreads())
                                       .Number("parked", ParkedThreads())
                                       .Done())
                 .Text("outcome", run.outcome)
                 .Text("deadlock", run.deadlock)
                 .Text("message", g_app->message)
                 .Flag("compact", g_app->compact)
                 .Text("shareNotice", g_app->share.notice)
                 .Raw("scrub", ScrubJson(g_app->timeline_view, run))
                 .Done());
}

// Puts the timeline's scrubber at `time` (lesson seconds) of the ended run shown, or back to
// the whole run when time < 0; returns why not, or "".
EMSCRIPTEN_KEEPALIVE const char* tl_scrub(double time) {
  Session& session = g_app->session;
  if (!std::isfinite(time)) return Out("time must be a number of lesson seconds");
  if (time < 0) {
    ScrubLive(g_app->timeline_view);
    return Out("");
  }
  if (!session.has_run() || session.running() || session.step_mode())
    return Out("no ended run to look at: the scrubber shows a run once it has ended");
  ScrubTo(g_app->timeline_view, session.snapshot(), time);
  return Out("");
}

// The current run as the CLI would report it.
EMSCRIPTEN_KEEPALIVE const char* tl_result() {
  const Session& session = g_app->session;
  const RunSnapshot& run = session.snapshot();
  std::string log = "[";
  for (const LogLine& line : run.log)
    log += (log.size() > 1 ? "," : "") + JsonString(line.Formatted());
  const Lesson* lesson = session.run_lesson();
  return Out(JsonObject()
                 .Number("run", session.run_id())
                 .Raw("lesson", lesson ? JsonString(lesson->id) : "null")
                 .Raw("status", session.has_run() ? JsonString(RunStatusName(run.status)) : "null")
                 .Number("exitStatus", session.ExitStatus())
                 .Raw("log", log + "]")
                 .Text("outcome", run.outcome)
                 .Raw("fields", OutcomeOf(run).FieldsJson())  // what the outcome says, for a program
                 .Text("deadlock", run.deadlock)
                 .Number("time", run.now)
                 .Text("schedule", ScheduleText(run.schedule))
                 .Done());
}

// ---- The page's text layer (web/text_layer.js) ------------------------------------------

// What the canvas shows, as text: the lesson, its values (and where their fields are drawn),
// the status line, the outcome, and the log lines from `log_from` on (at most 500 a call).
EMSCRIPTEN_KEEPALIVE const char* tl_page(int log_from) {
  Session& session = g_app->session;
  const Lesson& lesson = session.lesson();
  const ParamValues& values = session.values();
  const RunSnapshot& run = session.snapshot();
  std::string params = "[";
  for (const Param& param : lesson.params) {
    const std::string value = FormatParam(param, values.Number(param.name));
    params += (params.size() > 1 ? "," : "") + JsonObject()
                                                   .Text("name", param.name)
                                                   .Text("kind", KindName(param.kind))
                                                   .Text("value", value)
                                                   .Number("min", param.min)
                                                   .Number("max", param.max)
                                                   .Text("help", param.help)
                                                   .Done();
  }
  std::string fields = "[";
  for (const FieldSpot& spot : g_app->code_view.spots)
    fields += (fields.size() > 1 ? "," : "") +
              SpotJson(spot.param, spot.min, spot.max).Flag("visible", spot.visible).Done();
  std::string controls = "[";
  for (const Spot& spot : g_app->step_view.spots)
    controls += (controls.size() > 1 ? "," : "") + SpotJson(spot.name, spot.min, spot.max).Done();
  std::string markers = "[";
  for (const MarkerSpot& spot : g_app->code_view.markers)
    markers += (markers.size() > 1 ? "," : "") + SpotJson("thread " + std::to_string(spot.thread), spot.min, spot.max)
                                                     .Number("thread", spot.thread)
                                                     .Number("line", spot.line + 1)
                                                     .Done();
  const size_t first = std::min(run.log.size(), static_cast<size_t>(std::max(0, log_from)));
  const size_t last = std::min(run.log.size(), first + 500);
  std::string log = "[";
  for (size_t i = first; i < last; ++i)
    log += (log.size() > 1 ? "," : "") + JsonString(run.log[i].Formatted());
  const StatusLine status = RunStatusLine(session, g_app->status_view, g_app->message);
  return Out(JsonObject()
                 .Text("lesson", lesson.id)
                 .Text("title", lesson.title)
                 .Text("text", FillSlots(lesson, lesson.text, values))
                 .Raw("params", params + "]")
                 .Raw("fields", fields + "]")
                 .Raw("markers", markers + "]")  // step mode: each thread's tag in the code
                 .Raw("controls", controls + "]")
                 .Text("note", g_app->code_view.note)
                 .Number("run", session.run_id())
                 .Flag("running", session.has_run() && !run.done)
                 .Text("status", status.text)
                 .Text("outcome", run.outcome)
                 .Number("logLines", static_cast<double>(run.log.size()))
                 .Number("logFrom", static_cast<double>(first))
                 .Raw("log", log + "]")
                 .Flag("typing", ImGui::GetIO().WantTextInput)
                 .Raw("scrub", ScrubJson(g_app->timeline_view, run))
                 .Text("copied", g_app->log_view.copied)
                 .Raw("copyButton", JsonObject()
                                        .Number("x", g_app->log_view.copy_button.x)
                                        .Number("y", g_app->log_view.copy_button.y)
                                        .Done())
                 .Done());
}

// A value typed in the text layer, fitted as the code view fits a typed value; returns the
// note that says what it became (empty when it is kept as typed), or why it is not a number.
EMSCRIPTEN_KEEPALIVE const char* tl_set_value(const char* name, const char* text) {
  Session& session = g_app->session;
  const Param* param = FindParam(session.lesson(), name);
  if (!param) return Out(CheckParam(session.lesson(), name, 0).value_or(""));
  if (session.running()) return Out("the values are locked while the lesson runs");
  ParamValues parsed;
  if (param->kind == ParamKind::boolean) {
    if (auto error = ParseParam(session.lesson(), name, text, parsed)) return Out(*error);
  } else {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0' || !std::isfinite(value))
      return Out(std::string(name) + " must be a number, got '" + Shown(text) + "'");
    parsed.Set(name, value);
  }
  session.values().Set(name, FitValue(*param, parsed.Number(name), &g_app->code_view.note));
  return Out(g_app->code_view.note);
}

// The browser's clipboard refused the log that Copy gave it: the log panel says why.
EMSCRIPTEN_KEEPALIVE void tl_copy_failed(const char* why) {
  CopyFailed(g_app->log_view, std::string(why).substr(0, 120));
}

}  // extern "C"
