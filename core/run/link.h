// A link to the playground: the query part of its URL, which chooses a lesson, its values,
// the speed and how the page shows it:
//
//   ?lesson=race-condition&workers=5&updates=5&sleep=0.1&speed=2&autorun=1&view=compact
//   ?lesson=race-condition&workers=2&updates=2&sleep=0&schedule=0x5.1x3.2x3.1x2...
//   ?level=lose-an-update&speed=1&schedule=0x4.1.0x2.1x3.2x3.1.2x2
//
// A level (run/levels.h) opens its lesson at the level's own values, so a link to a level
// names no values; with a schedule it replays that run of the level (a win, say).
//
// A schedule (runtime/scheduler.h, ScheduleText) names one run: which thread took each step.
// The page opens it in Replay, so a teacher can send "the run where the update was lost".
//
// Links come from anywhere (a course page, a chat, a crafted URL), so reading one forgives
// and bounds: a bad value keeps its default and is named in a short notice, the lesson still
// opens, and no part of the link reaches a message longer than a few words. Only a clean
// link autoruns. Writing a link gives the same query back for what the page shows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson.h"
#include "run/levels.h"
#include "runtime/scheduler.h"

namespace threadlab {

// Longer queries are refused whole: a real link is a few hundred characters.
constexpr size_t kMaxLinkLength = 4096;
// A schedule in a link is at most this long (a lesson's interesting runs are far shorter).
constexpr size_t kMaxLinkScheduleLength = 2000;
// The notice names this many problems, then counts the rest.
constexpr size_t kMaxLinkProblemsShown = 3;

enum class LinkView { full, compact };

struct Link {
  const Lesson* lesson = nullptr;  // none: the link names no (known) lesson
  ParamValues values;              // complete and valid for `lesson`
  std::optional<PlacedLevel> level;  // level=ID: `lesson` is its lesson, `values` its values
  std::optional<double> speed;     // none: keep the page's
  bool autorun = false;            // asked for, and the link is clean
  std::optional<Schedule> schedule;  // a run to replay; none when absent or refused
  LinkView view = LinkView::full;
  bool predict = false;            // ?predict=1: a prediction comes before the runs
  // ?parent=ORIGIN: the only origin whose messages an embedded page obeys and posts to.
  // Empty when not given or not an origin (scheme://host[:port]).
  std::string parent;
  std::vector<std::string> problems;  // the first kMaxLinkProblemsShown, each short
  size_t problem_count = 0;           // all of them

  // One line for the status bar: "link: workers must be ...; and 4 more (kept the defaults)".
  // Empty when the link is clean.
  std::string Notice() const;
};

// Reads a query, with or without its leading '?'. Never throws.
Link ParseLink(std::string_view query);

// The query (without '?') that opens this lesson with these values and speed:
// "lesson=race-condition&workers=2&updates=2&sleep=0.1&speed=1"; with `schedule` when it
// is given and fits in kMaxLinkScheduleLength.
std::string FormatLink(const Lesson& lesson, const ParamValues& values, double speed,
                       const Schedule* schedule = nullptr);
// The query that opens this level (at its own values) with this speed, and its run
// `schedule` when given: "level=lose-an-update&speed=1&schedule=0x4.1...".
std::string FormatLevelLink(const PlacedLevel& level, double speed,
                            const Schedule* schedule = nullptr);

// ParseParam for text from outside (a link, the JS API), whose notices must stay short: an
// unknown name is refused without the list of the lesson's parameters.
std::optional<std::string> ParsePlainParam(const Lesson& lesson, std::string_view name,
                                           std::string_view text, ParamValues& into);

}  // namespace threadlab
