#include "run/levels.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "run/session.h"
#include "runtime/log_reading.h"

namespace threadlab {

namespace {

// The chapters, in the order they are played.
struct ChapterName {
  const char* id;
  const char* title;
};
constexpr ChapterName kChapters[] = {
    {"races", "Races"},
    {"locks", "Locks and their limits"},
    {"deadlocks", "Deadlocks"},
    {"signals", "Waiting and signalling"},
};

RunSnapshot PausedAfter(const PlacedLevel& level, const Schedule& schedule) {
  return threadlab::PausedAfter(*level.lesson, LevelValues(level), schedule, level.level->goal);
}

// A thread as its log lines name it, without the padding some lessons log ("Main\t").
std::string Label(const std::vector<std::string>& labels, int thread) {
  if (thread < 0 || thread >= static_cast<int>(labels.size())) return "a thread";
  std::string label = labels[thread];
  while (!label.empty() && std::isspace(static_cast<unsigned char>(label.back()))) label.pop_back();
  return label;
}

}  // namespace

const std::vector<Chapter>& Campaign() {
  static const std::vector<Chapter> campaign = [] {
    std::vector<Chapter> chapters;
    for (const ChapterName& name : kChapters) chapters.push_back(Chapter{name.id, name.title, {}});
    for (const Lesson* lesson : Lessons()) {
      for (const Level& level : lesson->levels) {
        auto chapter = std::find_if(chapters.begin(), chapters.end(), [&](const Chapter& c) {
          return std::string_view(c.id) == level.chapter;
        });
        if (chapter == chapters.end())
          throw std::logic_error(std::string("level ") + level.id + " names no chapter");
        chapter->levels.push_back(PlacedLevel{lesson, &level});
      }
    }
    return chapters;
  }();
  return campaign;
}

std::vector<PlacedLevel> AllLevels() {
  std::vector<PlacedLevel> all;
  for (const Chapter& chapter : Campaign())
    all.insert(all.end(), chapter.levels.begin(), chapter.levels.end());
  return all;
}

std::optional<PlacedLevel> FindLevel(std::string_view id) {
  for (const PlacedLevel& level : AllLevels())
    if (id == level.level->id) return level;
  return std::nullopt;
}

ParamValues LevelValues(const PlacedLevel& level, bool fixed) {
  ParamValues values = DefaultValues(*level.lesson);
  for (const LevelValue& value : level.level->values) values.Set(value.name, value.value);
  if (fixed)
    for (const LevelValue& value : level.level->fixed) values.Set(value.name, value.value);
  return values;
}

RunOptions LevelRunOptions(const PlacedLevel& level, double speed) {
  RunOptions options = RunOptions::AtSpeed(speed);
  options.goal = level.level->goal;
  return options;
}

std::shared_ptr<Program> StartLevel(const PlacedLevel& level, RunOptions options, bool fixed) {
  options.goal = level.level->goal;
  return StartLesson(*level.lesson, LevelValues(level, fixed), options);
}

ManyRuns ExploreLevel(const PlacedLevel& level, bool fixed, const Schedule& prefix,
                      size_t max_runs) {
  ManyRunsOptions options;
  options.max_runs = max_runs;
  options.goal = level.level->goal;
  options.prefix = prefix;
  return Explore(*level.lesson, LevelValues(level, fixed), options);
}

Hints HintsFor(const PlacedLevel& level, const Schedule& prefix, const Schedule& known_win) {
  Hints hints;
  const bool goes_on = known_win.size() > prefix.size() &&
                       std::equal(prefix.begin(), prefix.end(), known_win.begin());
  Schedule win = known_win;
  if (!goes_on) {
    const ManyRuns explored = ExploreLevel(level, false, prefix);
    hints.complete = explored.complete;
    if (explored.wins == 0 || explored.shortest_win.size() <= prefix.size()) return hints;
    win = explored.shortest_win;
  }
  hints.reachable = true;
  hints.show_me = win;
  hints.thread = win[prefix.size()];
  const RunSnapshot here = PausedAfter(level, prefix);
  hints.next = "let " + Label(ThreadLabels(here), hints.thread) + " run now";

  // Where the win switches away from a thread that could have gone on, to a step that does
  // not commute with the one it stood at (the other thread touches what it was about to
  // touch): that thread's next line is the one that matters; the last such switch before the
  // goal, as the earlier ones mostly set the stage. None: the line of the win's last step.
  RunOptions options = LevelRunOptions(level, kMaxSpeed);
  options.schedule.policy = SchedulePolicy::explore;
  options.schedule.schedule = win;
  const RunSnapshot replayed = RunToEnd(StartLevel(level, options));
  // Not a switch away from Main, which only sets the stage (it starts and feeds the threads).
  size_t switch_at = win.size() - 1;
  int stopped = win.back();
  for (size_t i = std::max<size_t>(prefix.size(), 1); i < win.size() && i < replayed.choices.size(); ++i) {
    if (win[i] == win[i - 1] || win[i - 1] == 0) continue;
    const auto& enabled = replayed.choices[i].enabled;
    auto pending = [&](int thread) {
      return std::find_if(enabled.begin(), enabled.end(), [&](const PendingStep& step) { return step.thread == thread; });
    };
    const auto left = pending(win[i - 1]), taken = pending(win[i]);
    if (left == enabled.end() || taken == enabled.end()) continue;
    if (left->kind == EventKind::log || left->kind == EventKind::sleep_begin) continue;  // no shared state
    if (Independent(*left, *taken)) continue;
    switch_at = i;
    stopped = win[i - 1];
  }
  const RunSnapshot at_switch = PausedAfter(level, Schedule(win.begin(), win.begin() + switch_at));
  if (stopped < static_cast<int>(at_switch.next.size()))
    hints.line = ShownLine(*level.lesson, at_switch.next[stopped].at);
  const std::string who = Label(ThreadLabels(at_switch), stopped);
  const bool at_the_goal = stopped == win.back() && switch_at == win.size() - 1;
  if (hints.line < 0) {
    hints.why = "what matters is the order: " + who +
                (at_the_goal ? " must take its step before the others take theirs"
                             : " must wait while another thread goes");
  } else if (at_the_goal) {
    hints.why = Printf("what matters is line %d, `%s`: %s wins there", hints.line + 1,
                       ShownLineText(*level.lesson, hints.line, LevelValues(level)).c_str(), who.c_str());
  } else {
    hints.why = Printf("what matters is line %d, `%s`: %s stops just before it while another "
                       "thread goes",
                       hints.line + 1, ShownLineText(*level.lesson, hints.line, LevelValues(level)).c_str(), who.c_str());
  }
  return hints;
}

}  // namespace threadlab
