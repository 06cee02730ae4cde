// threadlab: the lessons as text, for terminals and tests.
//
//   threadlab list
//   threadlab run ID [--set NAME=VALUE]... [--speed X] [--format text|jsonl] [--trace FILE]
//   threadlab show ID [--set NAME=VALUE]...     the lesson's source, with those values
//
// Exit status: 0 the lesson ran; 2 bad usage (named on stderr); 3 the run deadlocked;
// 130 stopped (Ctrl-C stops the run cleanly first).
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "lesson.h"
#include "run/exit_status.h"
#include "runtime/chrome_trace.h"

using namespace threadlab;

namespace {

std::atomic<bool> g_interrupted{false};

const char* const kUsage =
    "usage: threadlab list\n"
    "       threadlab run ID [--set NAME=VALUE]... [--speed X] [--format text|jsonl] "
    "[--trace FILE]\n"
    "       threadlab show ID [--set NAME=VALUE]...\n";

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
};

// Parses the arguments after "run" or "show"; returns an error message, or empty when good.
std::string ParseRun(const std::string& command, const std::vector<std::string>& args,
                     RunRequest& request) {
  if (args.empty()) return command + " needs a lesson id (see 'threadlab list')";
  request.lesson = FindLesson(args[0]);
  if (!request.lesson) return "unknown lesson '" + args[0] + "' (see 'threadlab list')";
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& option = args[i];
    const bool known = option == "--set" || (command == "run" && (option == "--speed" ||
                                             option == "--format" || option == "--trace"));
    if (!known) return "unknown option '" + option + "'";
    if (i + 1 >= args.size()) return option + " needs a value";
    const std::string& value = args[++i];
    if (option == "--set") {
      const size_t equals = value.find('=');
      if (equals == std::string::npos) return "--set takes NAME=VALUE, got '" + value + "'";
      if (auto error = ParseParam(*request.lesson, value.substr(0, equals),
                                  value.substr(equals + 1), request.values))
        return *error;
    } else if (option == "--speed") {
      if (auto error = ParseSpeed(value, request.speed)) return "--" + *error;
    } else if (option == "--format") {
      if (value != "text" && value != "jsonl")
        return "--format must be text or jsonl, got '" + value + "'";
      request.jsonl = value == "jsonl";
    } else {
      request.trace_file = value;
    }
  }
  return {};
}

void PrintLine(const RunSnapshot& run, const LogLine& line, bool jsonl) {
  if (!jsonl) {
    std::cout << line.Formatted() << "\n";
    return;
  }
  char time[32];
  std::snprintf(time, sizeof time, "%.6f", line.time);
  std::cout << "{\"type\":\"log\",\"time\":" << time << ",\"clock\":\"" << line.clock
            << "\",\"thread\":" << JsonString(run.threads.at(line.thread).name)
            << ",\"message\":" << JsonString(line.message) << "}\n";
}

void PrintResult(const RunSnapshot& run, bool jsonl) {
  if (jsonl) {
    std::cout << "{\"type\":\"result\",\"status\":\"" << RunStatusName(run.status)
              << "\",\"outcome\":" << JsonString(run.outcome)
              << ",\"deadlock\":" << JsonString(run.deadlock) << "}\n";
  } else if (run.status == RunStatus::deadlocked) {
    std::cout << "Deadlock: " << run.deadlock << "\n";
  } else if (!run.outcome.empty()) {
    std::cout << "=> " << run.outcome << "\n";
  }
}

// The source as the learner sees it: each `{name}` replaced by the value the run would use.
int Show(const RunRequest& request) {
  ParamValues values = DefaultValues(*request.lesson);
  for (const auto& [name, value] : request.values.all()) values.Set(name, value);
  std::string source = request.lesson->source;
  for (const Param& param : request.lesson->params) {
    const std::string placeholder = "{" + std::string(param.name) + "}";
    const std::string shown = FormatParam(param, values.Number(param.name));
    for (size_t at = source.find(placeholder); at != std::string::npos;
         at = source.find(placeholder, at + shown.size()))
      source.replace(at, placeholder.size(), shown);
  }
  std::cout << source;
  return kExitRan;
}

int Run(const RunRequest& request) {
  // Opened first, so that a bad path is reported before the run rather than after it.
  std::ofstream trace;
  if (!request.trace_file.empty()) {
    trace.open(request.trace_file);
    if (!trace) return UsageError("cannot write the trace to '" + request.trace_file + "'");
  }
  std::shared_ptr<Program> program =
      StartLesson(*request.lesson, request.values, RunOptions{request.speed});
  RunSnapshot run;
  size_t printed = 0;
  bool stopping = false;
  for (;;) {
    const bool done = program->WaitFor(0.01);
    program->Read(run);
    for (; printed < run.log.size(); ++printed) PrintLine(run, run.log[printed], request.jsonl);
    std::cout.flush();
    if (done) break;
    // A deadlocked run would wait forever, and Ctrl-C should not kill it mid-step.
    if (!stopping && (run.status == RunStatus::deadlocked || g_interrupted)) {
      program->Stop();
      stopping = true;
    }
  }
  PrintResult(run, request.jsonl);
  if (trace.is_open()) {
    WriteChromeTrace(run, trace);
    trace.close();
    if (!trace) {  // e.g. the disk filled up during the run
      std::cerr << "threadlab: could not finish writing the trace to '" << request.trace_file << "'\n";
      return kExitUsage;
    }
  }
  if (g_interrupted && run.status != RunStatus::deadlocked) return kExitStopped;
  return ExitStatusOf(run.status);
}

}  // namespace

int main(int argc, char** argv) {
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
  if (args[0] != "run" && args[0] != "show") return UsageError("unknown command '" + args[0] + "'");
  RunRequest request;
  const std::string error = ParseRun(args[0], {args.begin() + 1, args.end()}, request);
  if (!error.empty()) return UsageError(error);
  if (args[0] == "show") return Show(request);
  // A terminal closing (SIGHUP) and a kill or a service manager (SIGTERM) end the run as
  // Ctrl-C does: stopped cleanly, its result line printed and its trace written.
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, [](int) { g_interrupted = true; });
  return Run(request);
}
