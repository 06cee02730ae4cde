// The app as JSON (app_json.h): one function a view of the page's JS API, each a walk over
// the App's session and view state with the project's one writer (core/json.h).
#include "app_json.h"

#include <algorithm>

#include "json.h"
#include "run/exit_status.h"
#include "run/link.h"  // a link's bounds: its length, a witness short enough for one
#include "runtime/threads.h"

namespace threadlab {

namespace {

// A parameter's kind as the JS API names it (ParamKindName words it for a message instead).
const char* KindName(ParamKind kind) {
  switch (kind) {
    case ParamKind::integer: return "integer";
    case ParamKind::number: return "number";
    case ParamKind::boolean: return "boolean";
  }
  return "?";
}

// The fields of a spot on the canvas, in screen pixels: "x", "y", "w", "h".
JsonWriter& Box(JsonWriter& json, ImVec2 min, ImVec2 max) {
  return json.Key("x").Number(min.x).Key("y").Number(min.y).Key("w").Number(max.x - min.x)
      .Key("h").Number(max.y - min.y);
}

// Where something was drawn: {"name", "x", "y", "w", "h"}, left open for more fields.
JsonWriter& BeginSpot(JsonWriter& json, const std::string& name, ImVec2 min, ImVec2 max) {
  return Box(json.BeginObject().Key("name").Text(name), min, max);
}

// The lesson's values by name, booleans as true/false: {"workers": 2, "join": false}.
void WriteValues(JsonWriter& json, const Lesson& lesson, const ParamValues& values) {
  json.BeginObject();
  for (const Param& param : lesson.params) {
    json.Key(param.name);
    if (param.kind == ParamKind::boolean)
      json.Flag(values.Flag(param.name));
    else
      json.Number(values.Number(param.name));
  }
  json.End();
}

void WriteLog(JsonWriter& json, const std::vector<LogLine>& log, size_t first, size_t last) {
  json.BeginArray();
  for (size_t i = first; i < last; ++i) json.Text(log[i].Formatted());
  json.End();
}

// The run's status word, null before the first run.
void WriteStatus(JsonWriter& json, const Session& session) {
  if (session.has_run())
    json.Text(RunStatusName(session.snapshot().status));
  else
    json.Null();
}

void WriteScrub(JsonWriter& json, const TimelineView& view, const RunSnapshot& run) {
  json.BeginObject().Key("on").Flag(view.scrubbing).Key("axis").BeginObject();
  Box(json, view.axis_min, view.axis_max).Key("begin").Number(view.begin).Key("end").Number(view.end).End();
  if (!view.scrubbing) {
    json.End();
    return;
  }
  const Moment& moment = view.moment;
  const std::vector<std::string> labels = ThreadLabels(run);
  const size_t lines = moment.log_lines;
  json.Key("time").Number(moment.time)
      .Key("events").Integer(static_cast<long long>(moment.events))
      .Key("logLines").Integer(static_cast<long long>(lines))
      .Key("lastLine").Text(lines > 0 && lines <= run.log.size() ? run.log[lines - 1].Formatted() : "");
  json.Key("threads").BeginArray();
  for (size_t i = 0; i < moment.threads.size(); ++i) {
    const ThreadMoment& thread = moment.threads[i];
    json.BeginObject().Key("name").Text(i < labels.size() ? labels[i] : "")
        .Key("state").Text(ThreadStateName(thread.state)).Key("words").Text(thread.words).End();
  }
  json.End().Key("objects").BeginArray();
  for (const ObjectInfo& object : moment.objects) {
    const bool owned = object.owner >= 0 && static_cast<size_t>(object.owner) < labels.size();
    json.BeginObject().Key("name").Text(object.name).Key("kind").Text(ObjectKindName(object.kind))
        .Key("value").Integer(object.value).Key("owner").Text(owned ? labels[object.owner] : "")
        .End();
  }
  json.End().End();
}

// The shown line (from 1, as an editor counts) that a thread's next step is called from, or
// null when it stands in the runtime.
void WriteShownLine(JsonWriter& json, const Lesson* lesson, CallSite at) {
  const int line = lesson ? ShownLine(*lesson, at) : -1;
  if (line < 0)
    json.Null();
  else
    json.Integer(line + 1);
}

}  // namespace

std::string LessonsJson() {
  JsonWriter json;
  json.BeginArray();
  for (const Lesson* lesson : Lessons()) {
    json.BeginObject().Key("id").Text(lesson->id).Key("title").Text(lesson->title)
        .Key("params").BeginArray();
    for (const Param& param : lesson->params)
      json.BeginObject().Key("name").Text(param.name).Key("kind").Text(KindName(param.kind))
          .Key("default").Number(param.default_value).Key("min").Number(param.min)
          .Key("max").Number(param.max).Key("help").Text(param.help).End();
    json.End().End();
  }
  json.End();
  return json.text();
}

std::string LimitsJson() {
  JsonWriter json;
  json.BeginObject().Key("minSpeed").Number(kMinSpeed).Key("maxSpeed").Number(kMaxSpeed)
      .Key("maxThreads").Integer(kMaxThreadsPerRun)
      .Key("maxLinkLength").Integer(static_cast<long long>(kMaxLinkLength))
      .Key("maxEndings").Integer(static_cast<long long>(kMaxCandidates))
      .Key("exitStatus").BeginObject()
          .Key("ran").Integer(kExitRan).Key("raised").Integer(kExitRaised)
          .Key("usage").Integer(kExitUsage).Key("deadlock").Integer(kExitDeadlock)
          .Key("cut").Integer(kExitCut).Key("stopped").Integer(kExitStopped)
      .End()
      .End();
  return json.text();
}

std::string ManyJson(const ManyRunsView& many) {
  JsonWriter json;
  json.BeginObject().Key("running").Flag(many.running)
      .Key("asked").Integer(static_cast<long long>(many.asked))
      .Key("done").Integer(static_cast<long long>(many.done))
      .Key("lesson").TextOrNull(many.lesson ? many.lesson->id : nullptr)
      .Key("error").Text(many.error)
      .Key("outcomes").BeginArray();
  for (const OutcomeCount& outcome : many.result.outcomes) {
    const std::string witness = ScheduleText(outcome.witness);
    json.BeginObject().Key("outcome").Text(outcome.outcome)
        .Key("count").Integer(static_cast<long long>(outcome.count))
        .Key("witness").Text(witness.size() <= kMaxLinkScheduleLength ? witness : "").End();
  }
  json.End().End();
  return json.text();
}

std::string ScrubJson(const TimelineView& view, const RunSnapshot& run) {
  JsonWriter json;
  WriteScrub(json, view, run);
  return json.text();
}

std::string LogLinesJson(const RunSnapshot& run, int first, int count) {
  const size_t from = std::min(run.log.size(), static_cast<size_t>(std::max(first, 0)));
  const size_t to = std::min(run.log.size(), from + static_cast<size_t>(std::max(count, 0)));
  JsonWriter json;
  WriteLog(json, run.log, from, to);
  return json.text();
}

namespace {

// The level played (id null when none), its goal as met so far, the hint ladder, and the
// learner's progress: {"level", "goal": {met, text}, "check", "result", "rung", "thinking",
// "progress": {id: mark}}.
// "Check my fix": as it stands, and its verdict once it has ended (seq counts those).
std::string CheckJson(const CheckView& view) {
  const FixCheck& check = view.check;
  const bool ended = !view.running && view.seq > 0 && view.error.empty();
  JsonWriter json;
  json.BeginObject().Key("seq").Integer(view.seq)
      .Key("running").Flag(view.running)
      .Key("level").TextOrNull(view.level ? view.level->id : nullptr)
      .Key("done").Integer(static_cast<long long>(view.done))
      .Key("estimate");
  if (view.running ? view.estimate.has_value() : ended) {
    const Estimate& estimate = view.running ? *view.estimate : check.estimate;
    json.BeginObject().Key("interleavings").Number(estimate.interleavings)
        .Key("seconds").Number(estimate.seconds).End();
  } else {
    json.Null();
  }
  json.Key("verdict").TextOrNull(ended ? VerdictName(check.verdict) : nullptr)
      .Key("text").Text(ended ? check.text : view.error)
      .Key("interleavings").Integer(static_cast<long long>(check.interleavings))
      .Key("parallelism").Integer(check.parallelism)
      .Key("expected").Integer(check.expected)
      .Key("line").Integer(check.line)
      .Key("preemptions").Integer(check.preemptions)
      .Key("witness").Text(check.link.empty() ? "" : "?" + check.link)
      .End();
  return json.text();
}

// The level result last counted: {"seq", "level", "won", "steps", "schedule", "interleavings"}.
std::string LevelResultJson(const LevelResult& result) {
  JsonWriter json;
  json.BeginObject().Key("seq").Integer(result.seq)
      .Key("level").TextOrNull(result.level ? result.level->id : nullptr)
      .Key("won").Flag(result.won)
      .Key("steps").Integer(static_cast<long long>(result.steps))
      .Key("schedule").Text(result.schedule)
      .Key("interleavings").Integer(static_cast<long long>(result.interleavings))
      .End();
  return json.text();
}

void WriteTexts(JsonWriter& json, const std::vector<std::string>& texts) {
  json.BeginArray();
  for (const std::string& text : texts) json.Text(text);
  json.End();
}

// Predict, then reveal: the question as it stands (its candidates with the learner's ticks),
// and the last reveal, which the page's prediction event reports once (result.seq counts them).
std::string PredictionJson(const App& app) {
  const Session& session = app.session;
  const PredictionView& question = session.prediction();
  JsonWriter json;
  json.BeginObject().Key("open").Flag(app.step_view.predict_open)
      .Key("required").Flag(session.predict_first)
      .Key("pending").Flag(session.PredictionPending().has_value())
      .Key("lesson").TextOrNull(question.lesson ? question.lesson->id : nullptr)
      .Key("current").Flag(question.lesson && session.PredictionCurrent())
      .Key("working").Flag(question.working)
      .Key("done").Integer(static_cast<long long>(question.done))
      .Key("error").Text(question.error)
      .Key("runs").Integer(static_cast<long long>(question.endings.runs))
      .Key("complete").Flag(question.endings.complete)
      .Key("candidates").BeginArray();
  for (const Ending& candidate : question.endings.candidates)
    json.BeginObject().Key("id").Text(candidate.id).Key("label").Text(candidate.label)
        .Key("ticked").Flag(question.picked.count(candidate.id) > 0).End();
  const PredictionResult& result = question.result;
  json.End().Key("revealed").Flag(question.revealed)
      .Key("result").BeginObject().Key("seq").Integer(result.seq)
          .Key("lesson").TextOrNull(result.lesson ? result.lesson->id : nullptr)
          .Key("predicted");
  WriteTexts(json, result.reveal.predicted);
  json.Key("actual");
  WriteTexts(json, result.reveal.actual);
  json.Key("missed");
  WriteTexts(json, result.reveal.missed);
  json.Key("wrong");
  WriteTexts(json, result.reveal.wrong);
  json.Key("right").Integer(static_cast<long long>(result.reveal.right))
      .Key("of").Integer(static_cast<long long>(result.reveal.of))
      .End()
      .End();
  return json.text();
}

std::string ChallengeJson(const App& app) {
  const Session& session = app.session;
  const auto& level = session.level();
  const GoalMet& goal = session.snapshot().goal;
  JsonWriter json;
  json.BeginObject().Key("open").Flag(app.challenges)
      .Key("level").TextOrNull(level ? level->level->id : nullptr)
      .Key("goal").BeginObject()
          .Key("met").Flag(level && session.run_lesson() == level->lesson && goal.met)
          .Key("text").Text(goal.text)
      .End()
      .Key("check").Raw(CheckJson(session.check()))
      .Key("result").Raw(LevelResultJson(app.level_view.result))
      .Key("rung").Integer(app.level_view.rung)
      .Key("thinking").Flag(session.hints().working)
      .Key("progress").BeginObject();
  for (const auto& [id, mark] : app.progress.marks)
    json.Key(id).Text(mark == LevelMark::won ? "won" : "shown");
  json.End().End();
  return json.text();
}

}  // namespace

std::string StateJson(const App& app) {
  const Session& session = app.session;
  const RunSnapshot& run = session.snapshot();
  const Lesson* run_lesson = session.run_lesson();
  JsonWriter json;
  json.BeginObject().Key("ready").Flag(true)
      .Key("frame").Integer(static_cast<long long>(app.frame))
      .Key("build").Text(kFibers ? "fibers" : "threads")  // runtime/threads.h
      .Key("lesson").Text(session.lesson().id)
      .Key("params");
  WriteValues(json, session.lesson(), session.values());
  json.Key("speed").Number(session.speed())
      .Key("run").Integer(session.run_id())
      .Key("runLesson").TextOrNull(run_lesson ? run_lesson->id : nullptr)
      .Key("running").Flag(session.running())
      .Key("ended").Flag(session.has_run() && session.ended())
      .Key("done").Flag(run.done)
      .Key("status");
  WriteStatus(json, session);
  json.Key("now").Number(run.now)
      .Key("logLines").Integer(static_cast<long long>(run.log.size()))
      .Key("threads").BeginArray();
  for (size_t i = 0; i < run.threads.size(); ++i) {
    const ThreadInfo& thread = run.threads[i];
    const NextStep next = i < run.next.size() ? run.next[i] : NextStep();
    json.BeginObject().Key("name").Text(thread.name)
        .Key("state").Text(ThreadStateName(thread.state))
        .Key("daemon").Flag(thread.daemon)
        .Key("next").Text(next.text)
        .Key("line");
    WriteShownLine(json, run_lesson, next.at);
    json.Key("canGo").Flag(session.awaiting_step() && next.enabled).End();
  }
  json.End().Key("policy");
  if (session.has_run())
    json.Text(SchedulePolicyName(run.policy));
  else
    json.Null();
  json.Key("stepMode").Flag(session.step_mode())
      .Key("everyStep").Flag(session.every_step)
      .Key("awaiting").Flag(session.awaiting_step())
      .Key("steps").Integer(static_cast<long long>(run.schedule.size()))
      .Key("canUndo").Flag(session.can_undo())
      .Key("replaying").Flag(!session.script().empty())
      .Key("note").Text(session.note())
      .Key("many").Raw(ManyJson(session.many()))
      // The workers that lesson threads run on: a parked one waits for the next.
      .Key("osThreads").BeginObject()
          .Key("pooled").Integer(PooledThreads()).Key("parked").Integer(ParkedThreads())
      .End()
      .Key("outcome").Text(run.outcome)
      .Key("deadlock").Text(run.deadlock)
      .Key("message").Text(app.message)
      .Key("compact").Flag(app.compact)
      .Key("shareNotice").Text(app.share.notice)
      .Key("challenge").Raw(ChallengeJson(app))
      .Key("prediction").Raw(PredictionJson(app))
      .Key("scrub");
  WriteScrub(json, app.timeline_view, run);
  json.End();
  return json.text();
}

std::string ResultJson(const App& app) {
  const Session& session = app.session;
  const RunSnapshot& run = session.snapshot();
  const Lesson* lesson = session.run_lesson();
  JsonWriter json;
  json.BeginObject().Key("run").Integer(session.run_id())
      .Key("lesson").TextOrNull(lesson ? lesson->id : nullptr)
      .Key("status");
  WriteStatus(json, session);
  json.Key("exitStatus").Integer(session.ExitStatus()).Key("log");
  WriteLog(json, run.log, 0, run.log.size());
  json.Key("outcome").Text(run.outcome)
      .Key("fields").Raw(OutcomeOf(run).FieldsJson())  // what the outcome says, for a program
      .Key("deadlock").Text(run.deadlock)
      .Key("time").Number(run.now)
      .Key("schedule").Text(ScheduleText(run.schedule))
      .End();
  return json.text();
}

std::string PageJson(const App& app, int log_from, bool typing) {
  const Session& session = app.session;
  const Lesson& lesson = session.lesson();
  const ParamValues& values = session.values();
  const RunSnapshot& run = session.snapshot();
  JsonWriter json;
  json.BeginObject().Key("lesson").Text(lesson.id).Key("title").Text(lesson.title)
      .Key("text").Text(FillSlots(lesson, lesson.text, values))
      .Key("params").BeginArray();
  for (const Param& param : lesson.params)
    json.BeginObject().Key("name").Text(param.name).Key("kind").Text(KindName(param.kind))
        .Key("value").Text(FormatParam(param, values.Number(param.name)))
        .Key("min").Number(param.min).Key("max").Number(param.max).Key("help").Text(param.help)
        .End();
  json.End().Key("fields").BeginArray();
  for (const FieldSpot& spot : app.code_view.spots)
    BeginSpot(json, spot.param, spot.min, spot.max).Key("visible").Flag(spot.visible).End();
  json.End().Key("markers").BeginArray();  // step mode: each thread's tag in the code
  for (const MarkerSpot& spot : app.code_view.markers)
    BeginSpot(json, "thread " + std::to_string(spot.thread), spot.min, spot.max)
        .Key("thread").Integer(spot.thread).Key("line").Integer(spot.line + 1).End();
  json.End().Key("controls").BeginArray();
  for (const Spot& spot : app.step_view.spots) BeginSpot(json, spot.name, spot.min, spot.max).End();
  const size_t first = std::min(run.log.size(), static_cast<size_t>(std::max(0, log_from)));
  const size_t last = std::min(run.log.size(), first + kPageLogLines);
  const StatusLine status = RunStatusLine(session, app.status_view, app.message);
  json.End().Key("note").Text(app.code_view.note)
      .Key("run").Integer(session.run_id())
      .Key("running").Flag(session.has_run() && !run.done)
      .Key("status").Text(status.text)
      .Key("outcome").Text(run.outcome)
      .Key("logLines").Integer(static_cast<long long>(run.log.size()))
      .Key("logFrom").Integer(static_cast<long long>(first))
      .Key("log");
  WriteLog(json, run.log, first, last);
  json.Key("typing").Flag(typing).Key("scrub");
  WriteScrub(json, app.timeline_view, run);
  json.Key("copied").Text(app.log_view.copied)
      .Key("copyButton").BeginObject()
          .Key("x").Number(app.log_view.copy_button.x).Key("y").Number(app.log_view.copy_button.y)
      .End()
      .End();
  return json.text();
}

}  // namespace threadlab
