#include "app_requests.h"

#include <cmath>
#include <limits>

#include "run/link.h"

namespace threadlab {

namespace {
constexpr const char* kNothingPrepared = "no lesson prepared";
}  // namespace

std::optional<std::string> StagedRequest::Prepare(std::string_view id) {
  m_lesson = FindLesson(id);
  if (!m_lesson) return UnknownLesson(id);
  m_values = DefaultValues(*m_lesson);
  return std::nullopt;
}

std::optional<std::string> StagedRequest::SetNumber(std::string_view name, double value) {
  if (!m_lesson) return kNothingPrepared;
  if (auto error = CheckParam(*m_lesson, name, value)) return error;
  m_values.Set(std::string(name), value);
  return std::nullopt;
}

std::optional<std::string> StagedRequest::SetText(std::string_view name, std::string_view text) {
  if (!m_lesson) return kNothingPrepared;
  return ParsePlainParam(*m_lesson, name, text, m_values);
}

std::optional<std::string> StagedRequest::Show(App& app) const {
  if (!m_lesson) return kNothingPrepared;
  app.session.Select(*m_lesson);
  app.session.values() = m_values;
  app.message.clear();
  app.timeline_view.fit = true;
  return std::nullopt;
}

std::string UnknownLesson(std::string_view id) {
  std::string ids;
  for (const Lesson* lesson : Lessons()) ids += (ids.empty() ? "" : ", ") + std::string(lesson->id);
  return "unknown lesson '" + Shown(id) + "' (lessons: " + ids + ")";
}

std::optional<std::string> SelectLesson(App& app, std::string_view id) {
  const Lesson* lesson = FindLesson(id);
  if (!lesson) return UnknownLesson(id);
  app.session.Select(*lesson);
  return std::nullopt;
}

std::optional<std::string> SelectLevel(App& app, std::string_view id) {
  const std::optional<PlacedLevel> level = FindLevel(id);
  if (!level) {
    std::string ids;
    for (const PlacedLevel& each : AllLevels()) ids += (ids.empty() ? "" : ", ") + std::string(each.level->id);
    return "unknown level '" + Shown(id) + "' (levels: " + ids + ")";
  }
  app.session.SelectLevel(*level);
  app.challenges = true;
  app.level_view.rung = 0;
  app.timeline_view.fit = true;
  return std::nullopt;
}

std::string OpenLink(App& app, std::string_view query) {
  const Link link = ParseLink(query);
  Session& session = app.session;
  if (link.level) {  // its lesson at its values, in the Challenges view
    session.SelectLevel(*link.level);
    app.challenges = true;
    app.timeline_view.fit = true;
  } else if (link.lesson) {
    session.Select(*link.lesson);
    session.values() = link.values;
    app.timeline_view.fit = true;
  }
  if (link.speed) session.SetSpeed(*link.speed);
  app.compact = link.view == LinkView::compact;
  app.message = link.Notice();
  // A course asks for the guess first: the question is asked at once, its window open.
  session.predict_first = link.predict;
  if (link.predict)
    if (auto error = OpenPrediction(session, app.step_view)) app.message = *error;
  // A clean link's schedule opens in Replay: playing with autorun, else waiting at its start.
  std::optional<std::string> error;
  if (link.schedule && link.problem_count == 0) {
    error = session.Watch(*link.schedule);
    session.playing = link.autorun;
  } else if (link.autorun) {
    error = session.Start();
  }
  if (error) app.message = "link: " + *error;
  return link.parent;
}

std::string CurrentLink(App& app) {
  Session& session = app.session;
  const Schedule* replay = session.script().empty() ? nullptr : &session.script();
  if (session.level()) return FormatLevelLink(*session.level(), session.speed(), replay);
  return FormatLink(session.lesson(), session.values(), session.speed(), replay);
}

void LoadProgress(App& app, std::string_view text) {
  app.progress = ReadProgress(text);
  app.saved_progress = ProgressText(app.progress);  // nothing new to save
}

std::optional<std::string> SetSpeed(App& app, double speed) {
  if (auto error = CheckSpeed(speed)) return error;
  app.session.SetSpeed(speed);
  return std::nullopt;
}

std::optional<std::string> StartRequest(App& app, const StagedRequest& request, double speed,
                                        std::string_view schedule_text) {
  if (!request.lesson()) return kNothingPrepared;
  if (speed > 0 || std::isnan(speed))
    if (auto error = CheckSpeed(speed)) return error;
  ScheduleOptions schedule;
  if (!schedule_text.empty()) {
    const std::optional<Schedule> steps = ParseSchedule(std::string(schedule_text));
    if (!steps)
      return "schedule must be thread numbers like 0x3.1.2x2 (as run() gives it), got '" +
             Shown(schedule_text) + "'";
    schedule.policy = SchedulePolicy::replay;
    schedule.schedule = *steps;
  }
  request.Show(app);
  // After Show: choosing the lesson brings back the speed kept for it, which this run's
  // speed replaces (and comes back when the run cannot start).
  Session& session = app.session;
  const double kept_speed = session.speed();
  if (speed > 0) session.SetSpeed(speed);
  if (auto error = session.Start(schedule)) {
    session.SetSpeed(kept_speed);
    app.message = *error;
    return error;
  }
  return std::nullopt;
}

std::optional<std::string> StartStepMode(App& app, const StagedRequest* request, bool every_step) {
  if (request)
    if (auto error = request->Show(app)) return error;
  Session& session = app.session;
  session.every_step = every_step;
  if (auto error = session.StartStepMode()) {
    app.message = *error;
    return error;
  }
  app.message.clear();
  return std::nullopt;
}

std::optional<std::string> Scrub(App& app, double time) {
  Session& session = app.session;
  if (!std::isfinite(time)) return "time must be a number of lesson seconds";
  if (time < 0) {
    ScrubLive(app.timeline_view);
    return std::nullopt;
  }
  if (!session.has_run() || session.running() || session.step_mode())
    return "no ended run to look at: the scrubber shows a run once it has ended";
  ScrubTo(app.timeline_view, session.snapshot(), time);
  return std::nullopt;
}

std::string SetTypedValue(App& app, std::string_view name, std::string_view text) {
  Session& session = app.session;
  const Lesson& lesson = session.lesson();
  const Param* param = FindParam(lesson, name);
  if (!param) return CheckParam(lesson, name, 0).value_or("");
  if (session.running()) return "the values are locked while the lesson runs";
  // Read as ParseParam reads a value, but as a number of any size: the whole-number rule
  // and the range are FitValue's to apply, with a note, as on the canvas.
  Param any_number = *param;
  if (param->kind != ParamKind::boolean) {
    any_number.kind = ParamKind::number;
    any_number.min = -std::numeric_limits<double>::infinity();
    any_number.max = std::numeric_limits<double>::infinity();
  }
  Lesson reading = lesson;
  reading.params = {any_number};
  ParamValues parsed;
  if (auto error = ParseParam(reading, name, text, parsed)) return *error;
  session.values().Set(param->name,
                       FitValue(*param, parsed.Number(param->name), &app.code_view.note));
  return app.code_view.note;
}

}  // namespace threadlab
