// threadlab: the lessons as text, for terminals and tests.
//
//   threadlab list
//   threadlab run ID [--set NAME=VALUE]... [--speed X] [--format text|jsonl] [--trace FILE]
//                    [--record FILE] [--schedule FILE] [--policy free|random|pct] [--seed N]
//                    [--runs N]
//   threadlab explore ID [--set NAME=VALUE]... [--max-runs N]
//   threadlab show ID [--set NAME=VALUE]... [--python]
//       the lesson's teaching text (as comments), then its code with those values: the C++
//       that runs, or the same program in Python (CPython runs what this prints)
//   threadlab levels
//       the challenges, in the campaign's order: id, chapter, title, goal
//   threadlab play LEVEL [--schedule FILE] [--fixed] [--speed X] [--format text|jsonl]
//                        [--record FILE] [--explore] [--hint] [--max-runs N]
//       runs the level's lesson at its values with its goal (--fixed: with its fix), free or
//       replaying --schedule; exit 0 when the run meets the goal, 1 when it does not.
//       --explore tries every interleaving for a win; --hint gives the three hints for the
//       steps of --schedule taken so far (none: from the start)
//   threadlab check LEVEL [--set NAME=VALUE]... [--max-runs N]
//       "check my fix": the level with the switches its fix sets at these values (the rest
//       at the level's), over every interleaving: proved, over-synchronised, refuted (with a
//       schedule and a link that replay the break) or refused (too many interleavings);
//       exit 0 proved, 1 refuted or over-synchronised, 4 refused
//
// --record writes the run's schedule (which thread took each step); --schedule replays one
// exactly. --runs N runs the lesson N times (free, or --policy random) and explore runs
// every interleaving: both print each outcome with how often it came and a schedule that
// replays it. A parameter may be set once: a second --set of the same name is refused.
// Exit status: 0 the lesson ran; 1 it ran, but an exception escaped a thread (as Python
// exits 1); 2 bad usage (named on stderr), or a schedule that does not fit the run; 3 the
// run deadlocked; 4 the run was cut short because its log or trace was full; 130 stopped
// (Ctrl-C, SIGTERM and SIGHUP stop the run cleanly first).
#include <algorithm>
#include <atomic>
#include <optional>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "json.h"
#include "lesson.h"
#include "run/check.h"
#include "run/exit_status.h"
#include "run/explore.h"
#include "run/levels.h"
#include "runtime/chrome_trace.h"

using namespace threadlab;

namespace {

std::atomic<bool> g_interrupted{false};

const char* const kUsage =
    "usage: threadlab list\n"
    "       threadlab run ID [--set NAME=VALUE]... [--speed X] [--format text|jsonl] "
    "[--trace FILE]\n"
    "                        [--record FILE] [--schedule FILE] [--policy free|random|pct] "
    "[--seed N] [--runs N]\n"
    "       threadlab explore ID [--set NAME=VALUE]... [--max-runs N]\n"
    "       threadlab show ID [--set NAME=VALUE]... [--python]\n"
    "       threadlab levels\n"
    "       threadlab play LEVEL [--schedule FILE] [--fixed] [--speed X] [--format text|jsonl]\n"
    "                            [--record FILE] [--explore] [--hint] [--max-runs N]\n"
    "       threadlab check LEVEL [--set NAME=VALUE]... [--max-runs N]\n";

// Many runs or exploring stop here, whatever is asked.
constexpr long kMaxRuns = 100'000;
constexpr size_t kShownPathChars = 256;  // of a file name quoted in an error

int UsageError(const std::string& message) {
  std::cerr << "threadlab: " << message << "\n" << kUsage;
  return kExitUsage;
}

struct RunRequest {
  const Lesson* lesson = nullptr;
  ParamValues values;
  double speed = 1;
  bool jsonl = false;
  std::string trace_file;
  std::string record_file;   // where the run's schedule goes
  ScheduleOptions schedule;  // free, or replay of --schedule, or a seeded policy
  long runs = 0;             // --runs / --max-runs: many runs, a table of outcomes
  bool python = false;  // show: the Python program instead of the C++
  std::optional<PlacedLevel> level;  // play
  bool fixed = false;                // play: with the level's fix
  bool explore = false;              // play: every interleaving, for a win
  bool hint = false;                 // play: the hints after the schedule's steps
};

// A whole number from 1 to kMaxRuns, or nothing.
std::optional<long> ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const long count = std::stol(text);
  if (count < 1 || count > kMaxRuns) return std::nullopt;
  return count;
}

// How an option that takes a count (--seed, --runs, --max-runs) refuses `value`.
std::string CountRefused(const std::string& option, const std::string& value) {
  return option + " must be a whole number from 1 to " + std::to_string(kMaxRuns) + ", got '" +
         Shown(value) + "'";
}

// The schedule in a file written by --record; an error message, or empty.
std::string ReadSchedule(const std::string& path, Schedule& schedule) {
  std::ifstream file(path);
  if (!file) return "cannot read the schedule '" + Shown(path, kShownPathChars) + "'";
  std::string text(8 << 20, '\0');  // a million steps fit in a few MB
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const std::optional<Schedule> parsed = ParseSchedule(text);
  if (!parsed)
    return "'" + Shown(path, kShownPathChars) + "' is not a schedule (as written by --record)";
  schedule = *parsed;
  return {};
}

// Parses the arguments after "run" or "show"; returns an error message, or empty when good.
std::string ParseRun(const std::string& command, const std::vector<std::string>& args,
                     RunRequest& request) {
  const bool play = command == "play", check = command == "check";
  if (play || check) {
    if (args.empty()) return command + " needs a level id (see 'threadlab levels')";
    request.level = FindLevel(args[0]);
    if (!request.level) return "unknown level '" + Shown(args[0]) + "' (see 'threadlab levels')";
    request.lesson = request.level->lesson;
  } else {
    if (args.empty()) return command + " needs a lesson id (see 'threadlab list')";
    request.lesson = FindLesson(args[0]);
    if (!request.lesson) return "unknown lesson '" + Shown(args[0]) + "' (see 'threadlab list')";
  }
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& option = args[i];
    if (command == "show" && option == "--python") {
      request.python = true;
      continue;
    }
    if (play && (option == "--fixed" || option == "--explore" || option == "--hint")) {
      (option == "--fixed" ? request.fixed : option == "--explore" ? request.explore : request.hint) = true;
      continue;
    }
    const bool runs_one = command == "run" || play;
    const bool known =
        (option == "--set" && !play) ||
        (runs_one && (option == "--speed" || option == "--format" || option == "--record" ||
                      option == "--schedule")) ||
        (command == "run" && (option == "--trace" || option == "--policy" || option == "--seed" ||
                              option == "--runs")) ||
        ((command == "explore" || play || check) && option == "--max-runs");
    if (!known) return "unknown option '" + Shown(option) + "'";
    if (i + 1 >= args.size()) return option + " needs a value";
    const std::string& value = args[++i];
    if (option == "--set") {
      const size_t equals = value.find('=');
      if (equals == std::string::npos) return "--set takes NAME=VALUE, got '" + Shown(value) + "'";
      const std::string name = value.substr(0, equals);
      if (request.values.all().count(name)) return "--set " + name + " is given twice";
      if (auto error = ParseParam(*request.lesson, value.substr(0, equals),
                                  value.substr(equals + 1), request.values))
        return *error;
    } else if (option == "--speed") {
      if (auto error = ParseSpeed(value, request.speed)) return "--" + *error;
    } else if (option == "--format") {
      if (value != "text" && value != "jsonl")
        return "--format must be text or jsonl, got '" + Shown(value) + "'";
      request.jsonl = value == "jsonl";
    } else if (option == "--trace") {
      if (value.empty()) return "--trace needs a file name, got ''";
      request.trace_file = value;
    } else if (option == "--record") {
      request.record_file = value;
    } else if (option == "--schedule") {
      request.schedule.policy = SchedulePolicy::replay;
      if (auto error = ReadSchedule(value, request.schedule.schedule); !error.empty()) return error;
    } else if (option == "--policy") {
      const auto policy = ParseSchedulePolicy(value);
      if (!policy || *policy == SchedulePolicy::step || *policy == SchedulePolicy::explore ||
          *policy == SchedulePolicy::replay)
        return "--policy must be free, random or pct, got '" + Shown(value) + "'";
      request.schedule.policy = *policy;
    } else if (option == "--seed") {
      const auto seed = ParseCount(value);
      if (!seed) return CountRefused(option, value);
      request.schedule.seed = static_cast<std::uint64_t>(*seed);
    } else {  // --runs, --max-runs
      const auto runs = ParseCount(value);
      if (!runs) return CountRefused(option, value);
      request.runs = *runs;
    }
  }
  if (request.runs > 0 && request.schedule.policy == SchedulePolicy::replay && !play)
    return "--runs and --schedule do not go together: a schedule replays one run";
  if (play) {
    if (request.explore && request.hint) return "--explore and --hint do not go together";
    if (request.hint && request.fixed) return "--hint plays the level as it stands, not --fixed";
    request.lesson = request.level->lesson;
    request.values = LevelValues(*request.level, request.fixed);
  }
  if (check) {
    std::string switches;
    for (const LevelValue& fixed : request.level->level->fixed) switches += (switches.empty() ? "" : ", ") + std::string(fixed.name);
    if (switches.empty()) return "'" + args[0] + "' is a prove-it level: it has no fix to check (play it with --explore)";
    const auto& fix = request.level->level->fixed;
    for (const auto& set : request.values.all()) {
      const std::string& name = set.first;  // (clang 14 captures no structured binding)
      if (std::none_of(fix.begin(), fix.end(), [&](const LevelValue& fixed) { return name == fixed.name; }))
        return "check sets only the switches of the level's fix (" + switches + "), not " + name;
    }
  }
  return {};
}

void PrintLine(const RunSnapshot& run, const LogLine& line, bool jsonl) {
  if (!jsonl) {
    std::cout << line.Formatted() << "\n";
    return;
  }
  JsonWriter json;
  json.BeginObject().Key("type").Text("log").Key("time").Fixed(line.time, 6)
      .Key("clock").Text(line.clock).Key("thread").Text(run.threads.at(line.thread).name)
      .Key("message").Text(line.message).End();
  std::cout << json.text() << "\n";
}

void PrintResult(const RunSnapshot& run, bool jsonl) {
  if (jsonl) {
    JsonWriter json;
    json.BeginObject().Key("type").Text("result").Key("status").Text(RunStatusName(run.status))
        .Key("outcome").Text(run.outcome).Key("outcome_value").Raw(OutcomeOf(run).Json())
        .Key("deadlock").Text(run.deadlock).End();
    std::cout << json.text() << "\n";
  } else if (run.status == RunStatus::deadlocked) {
    std::cout << "Deadlock: " << run.deadlock << "\n";
  } else if (!run.outcome.empty()) {
    std::cout << "=> " << run.outcome << "\n";
  }
}

// Text as comments of the language shown ("// " or "# "), wrapped to fit a terminal.
std::string Commented(const std::string& text, const char* marker) {
  constexpr size_t kWidth = 92;
  const std::string bare = std::string(marker).substr(0, std::string(marker).size() - 1);
  std::string out, line;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t end = std::min(text.find_first_of(" \n", at), text.size());
    const std::string word = text.substr(at, end - at);
    if (!line.empty() && line.size() + 1 + word.size() > kWidth) {
      out += marker + line + "\n";
      line.clear();
    }
    if (!word.empty()) line += (line.empty() ? "" : " ") + word;
    if (end == text.size() || text[end] == '\n') {
      out += (line.empty() ? bare : marker + line) + "\n";
      line.clear();
    }
    at = end + 1;
  }
  return out;
}

// The lesson as a learner reads it: its text, then its code with each `{name}` slot filled
// with the value the run would use. Both the C++ and the Python compile or run as printed.
int Show(const RunRequest& request) {
  const Lesson& lesson = *request.lesson;
  ParamValues values = DefaultValues(lesson);
  for (const auto& [name, value] : request.values.all()) values.Set(name, value);
  const char* marker = request.python ? "# " : "// ";
  std::cout << Commented(std::string(lesson.title) + "\n\n" + FillSlots(lesson, lesson.text, values), marker);
  if (!request.python)
    std::cout << Commented(std::string("\nWhat changed from the Python: ") + lesson.python_note, marker);
  std::cout << "\n"
            << FillSlots(lesson, request.python ? lesson.code.python : lesson.code.source, values,
                         request.python ? Language::python : Language::cpp);
  return kExitRan;
}

int Run(const RunRequest& request) {
  // Opened first, so that a bad path is reported before the run rather than after it.
  std::ofstream trace;
  if (!request.trace_file.empty()) {
    trace.open(request.trace_file);
    if (!trace)
      return UsageError("cannot write the trace to '" + Shown(request.trace_file, kShownPathChars) + "'");
  }
  std::ofstream record;
  if (!request.record_file.empty()) {
    record.open(request.record_file);
    if (!record)
      return UsageError("cannot write the schedule to '" + Shown(request.record_file, kShownPathChars) +
                        "'");
  }
  RunOptions options = RunOptions::AtSpeed(request.speed);
  options.schedule = request.schedule;
  if (request.level) options.goal = request.level->level->goal;
  std::shared_ptr<Program> program = StartLesson(*request.lesson, request.values, options);
  RunSnapshot run;
  size_t printed = 0;
  bool stopping = false;
  for (;;) {
    const bool done = program->WaitFor(0.01);
    program->Read(run);
    for (; printed < run.log.size(); ++printed) PrintLine(run, run.log[printed], request.jsonl);
    std::cout.flush();
    if (done) break;
    // A deadlocked run would wait forever, and so would a replay whose schedule ran out;
    // Ctrl-C should not kill a run mid-step.
    if (!stopping && (run.status == RunStatus::deadlocked || run.awaiting_step || g_interrupted)) {
      if (run.awaiting_step) std::cerr << "threadlab: the schedule ended before the run did\n";
      program->Stop();
      stopping = true;
    }
  }
  PrintResult(run, request.jsonl);
  if (record.is_open()) {
    record << ScheduleText(run.schedule) << "\n";
    record.close();
    if (!record) {
      std::cerr << "threadlab: could not finish writing the schedule to '" << request.record_file << "'\n";
      return kExitUsage;
    }
  }
  if (trace.is_open()) {
    WriteChromeTrace(run, trace);
    trace.close();
    if (!trace) {  // e.g. the disk filled up during the run
      std::cerr << "threadlab: could not finish writing the trace to '" << request.trace_file << "'\n";
      return kExitUsage;
    }
  }
  if (g_interrupted && run.status != RunStatus::deadlocked) return kExitStopped;
  if (request.level) {
    if (!run.goal.met) std::cout << "=> not won: the goal was to " << GoalText(request.level->level->goal) << "\n";
    return run.goal.met ? kExitRan : kExitRaised;
  }
  return ExitStatusOf(run.status);
}

// The outcomes of many runs, most frequent first, each with the schedule that replays it.
int PrintOutcomes(const ManyRuns& many, const std::string& what) {
  std::vector<OutcomeCount> outcomes = many.outcomes;
  std::stable_sort(outcomes.begin(), outcomes.end(),
                   [](const OutcomeCount& a, const OutcomeCount& b) { return a.count > b.count; });
  std::cout << many.runs << " " << what << (many.complete ? "" : " (stopped before the end)")
            << ", " << outcomes.size() << (outcomes.size() == 1 ? " outcome" : " outcomes") << "\n";
  for (const OutcomeCount& outcome : outcomes) {
    char share[16];
    std::snprintf(share, sizeof share, "%5.1f%%", 100.0 * outcome.count / std::max<size_t>(1, many.runs));
    std::cout << "  " << outcome.count << "\t" << share << "  " << outcome.outcome << "\n"
              << "\t\treplay: " << ScheduleText(outcome.witness) << "\n";
  }
  return g_interrupted ? kExitStopped : kExitRan;
}

int RunMany(const RunRequest& request) {
  ManyRunsOptions options;
  options.stop = &g_interrupted;
  if (request.runs > 0 && request.schedule.policy != SchedulePolicy::free &&
      request.schedule.policy != SchedulePolicy::random)
    return UsageError("--runs takes --policy free or random");
  const ManyRuns many = RunMany(*request.lesson, request.values, request.runs,
                                request.schedule.policy, options);
  return PrintOutcomes(many, request.schedule.policy == SchedulePolicy::random ? "random runs" : "free runs");
}

int Explore(const RunRequest& request) {
  ManyRunsOptions options;
  options.stop = &g_interrupted;
  options.max_runs = request.runs > 0 ? request.runs : 20'000;
  return PrintOutcomes(Explore(*request.lesson, request.values, options), "interleavings");
}

int Levels() {
  for (const Chapter& chapter : Campaign())
    for (const PlacedLevel& level : chapter.levels)
      std::cout << level.level->id << "\t" << chapter.title << "\t" << level.level->title << "\t"
                << (level.prove() ? "prove it cannot: " : "") << GoalText(level.level->goal) << "\n";
  return kExitRan;
}

// Every interleaving of the level (or its fix), for a win.
int PlayExplore(const RunRequest& request) {
  const size_t max_runs = request.runs > 0 ? request.runs : 20'000;
  const ManyRuns many = ExploreLevel(*request.level, request.fixed, {}, max_runs);
  const std::string tried = std::to_string(many.runs) + (many.runs == 1 ? " interleaving" : " interleavings");
  if (many.wins > 0)
    std::cout << "won in " << many.wins << " of " << tried << (many.complete ? "" : " (stopped before the end)")
              << "; the shortest win takes " << many.shortest_win.size() << " steps:\n"
              << ScheduleText(many.shortest_win) << "\n";
  else if (many.complete)
    std::cout << "no interleaving of " << many.runs << " meets the goal: it cannot be met\n";
  else
    std::cout << "no win in the first " << tried << " (stopped before the end)\n";
  return g_interrupted ? kExitStopped : kExitRan;
}

int Check(const RunRequest& request) {
  CheckOptions options;
  options.stop = &g_interrupted;
  if (request.runs > 0) options.max_runs = static_cast<size_t>(request.runs);
  const FixCheck check = CheckFix(*request.level, request.values, options);
  std::cout << check.text << "\n";
  if (check.verdict == Verdict::refuted)
    std::cout << "schedule: " << ScheduleText(check.witness) << "\nlink: ?" << check.link << "\n";
  if (g_interrupted) return kExitStopped;
  switch (check.verdict) {
    case Verdict::proved: return kExitRan;
    case Verdict::refused: return kExitCut;
    default: return kExitRaised;
  }
}

int PlayHint(const RunRequest& request) {
  const Hints hints = HintsFor(*request.level, request.schedule.schedule);
  if (!hints.reachable && request.level->prove()) {
    std::cout << "no order of steps meets this goal: let the explorer prove it (--explore)\n";
    return kExitRaised;
  }
  if (!hints.reachable) {
    std::cout << (hints.complete ? "no way on from here meets the goal: start again\n"
                                 : "no win found from here in the steps explored: start again\n");
    return kExitRaised;
  }
  std::cout << "1. " << hints.next << "\n2. " << hints.why << "\n3. show me: "
            << ScheduleText(hints.show_me) << "\n";
  return kExitRan;
}

}  // namespace

// All of the CLI but how its status leaves the process (tests/reliability/fuzz_cli.cpp
// calls it in-process).
int CliMain(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return UsageError("missing command");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return kExitRan;
  }
  if (args[0] == "list") {
    if (args.size() > 1) return UsageError("list takes no arguments");
    for (const Lesson* lesson : Lessons()) std::cout << lesson->id << "\t" << lesson->title << "\n";
    return kExitRan;
  }
  if (args[0] == "levels") {
    if (args.size() > 1) return UsageError("levels takes no arguments");
    return Levels();
  }
  if (args[0] != "run" && args[0] != "show" && args[0] != "explore" && args[0] != "play" && args[0] != "check")
    return UsageError("unknown command '" + Shown(args[0]) + "'");
  RunRequest request;
  const std::string error = ParseRun(args[0], {args.begin() + 1, args.end()}, request);
  if (!error.empty()) return UsageError(error);
  if (args[0] == "show") return Show(request);
  // A terminal closing (SIGHUP) and a kill or a service manager (SIGTERM) end the run as
  // Ctrl-C does: stopped cleanly, its result line printed and its trace written.
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, [](int) { g_interrupted = true; });
  if (args[0] == "explore") return Explore(request);
  if (args[0] == "check") return Check(request);
  if (request.explore) return PlayExplore(request);
  if (request.hint) return PlayHint(request);
  if (request.runs > 0) return RunMany(request);
  return Run(request);
}

// Its status goes to exit(), not back from main: in the threadless build under node, main
// comes back through Asyncify's rewind of its fiber switches, where a returned value is lost.
int main(int argc, char** argv) { std::exit(CliMain(argc, argv)); }
