// What the page's JS API asks of the app (web/bridge.cpp hands each tl_* call here): the
// requests themselves, with no browser in them, so that they are built and tested natively
// too (tests/ui). Each returns why it refused, or nothing when it was done.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app.h"

namespace threadlab {

// A run asked for in steps (the lesson, then each value): only a complete, valid request
// reaches the UI, so a bad value leaves the playground as it was.
class StagedRequest {
 public:
  // Starts a request: the lesson, with its default values.
  std::optional<std::string> Prepare(std::string_view id);
  std::optional<std::string> SetNumber(std::string_view name, double value);
  // A value as text ("5", "true"), written as a person writes it, or refused: " 5" and
  // "0x10" are not numbers here (ParseParam's rule).
  std::optional<std::string> SetText(std::string_view name, std::string_view text);
  // Shows the request in the app without running it: its lesson, with its values.
  std::optional<std::string> Show(App& app) const;
  const Lesson* lesson() const { return m_lesson; }

 private:
  const Lesson* m_lesson = nullptr;
  ParamValues m_values;
};

// "unknown lesson 'x' (lessons: thread, daemon, ...)".
std::string UnknownLesson(std::string_view id);
std::optional<std::string> SelectLesson(App& app, std::string_view id);
// Plays a level of the challenges (run/levels.h): its lesson at its values, its panel shown.
std::optional<std::string> SelectLevel(App& app, std::string_view id);

// Opens a link (the page's query): its lesson, values, speed and view; a bad part is named
// in the status line and the rest still applies; a clean link with autorun=1 runs. With
// predict=1 the runs wait for a prediction (Session::predict_first), whose question it asks. Returns
// the link's parent origin, or "": the only origin the postMessage API may then talk to.
std::string OpenLink(App& app, std::string_view query);
// The query that opens what the app shows now: the lesson, its values and the speed (or the
// level played), and the schedule of a replay shown (a reload opens it again).
std::string CurrentLink(App& app);

// The challenges' progress as the driver kept it (ReadProgress: anything may come back).
void LoadProgress(App& app, std::string_view text);

// The speed of the next run (and of the one running).
std::optional<std::string> SetSpeed(App& app, double speed);
// Shows the request and runs it. speed <= 0 keeps the speed the app has for its lesson. A
// schedule (ScheduleText's form, "0x3.1.2x2") replays that run; empty runs free. The run
// started is the session's run_id().
std::optional<std::string> StartRequest(App& app, const StagedRequest& request, double speed,
                                        std::string_view schedule);
// Starts step mode: with the request when given, else with what the app shows. every_step:
// stop where only one thread can go, too.
std::optional<std::string> StartStepMode(App& app, const StagedRequest* request, bool every_step);

// Puts the timeline's scrubber at `time` (lesson seconds) of the ended run shown, or back to
// the whole run when time < 0.
std::optional<std::string> Scrub(App& app, double time);

// A value typed in the page's text layer, fitted as the code view fits a typed value (whole,
// thousandths, in range). Returns the note that says what it became (empty when it is kept as
// typed), or why it is not a value.
std::string SetTypedValue(App& app, std::string_view name, std::string_view text);

}  // namespace threadlab
