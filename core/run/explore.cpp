#include "run/explore.h"

#include <algorithm>

namespace threadlab {

namespace {

void Count(ManyRuns& result, const RunSnapshot& run, const ManyRunsOptions& options) {
  if (options.each_run) options.each_run(run);
  ++result.runs;
  if (run.goal.met) {
    ++result.wins;
    if (result.wins == 1 || run.goal.step < result.shortest_win.size())
      result.shortest_win.assign(run.schedule.begin(), run.schedule.begin() + run.goal.step);
  }
  for (OutcomeCount& seen : result.outcomes) {
    if (seen.outcome != run.outcome) continue;
    ++seen.count;
    return;
  }
  result.outcomes.push_back(OutcomeCount{run.outcome, 1, run.schedule});
}

size_t Awake(const ExploreNode& node) {
  return std::count_if(node.enabled.begin(), node.enabled.end(), [&](const PendingStep& step) {
    return std::none_of(node.asleep.begin(), node.asleep.end(),
                        [&](const PendingStep& asleep) { return asleep.thread == step.thread; });
  });
}

bool Stopped(const ManyRunsOptions& options) { return options.stop && options.stop->load(); }

}  // namespace

RunSnapshot RunToEnd(const std::shared_ptr<Program>& program) {
  RunSnapshot run;
  while (!program->WaitFor(0.005)) {
    program->Read(run);
    if (run.status == RunStatus::deadlocked || run.awaiting_step) program->Stop();
  }
  program->Read(run);
  return run;
}

RunSnapshot PausedAfter(const Lesson& lesson, const ParamValues& values, const Schedule& schedule,
                        const std::optional<Goal>& goal) {
  RunOptions options = RunOptions::AtSpeed(kMaxSpeed);
  options.schedule.policy = SchedulePolicy::step;
  options.schedule.schedule = schedule;
  options.goal = goal;
  const auto program = StartLesson(lesson, values, options);
  RunSnapshot run;
  while (!program->WaitFor(0.002)) {
    program->Read(run);
    if (run.awaiting_step || run.status == RunStatus::deadlocked) break;
  }
  program->Read(run);
  program->Stop();
  program->Wait();
  return run;
}

ManyRuns RunMany(const Lesson& lesson, const ParamValues& values, size_t runs,
                 SchedulePolicy policy, const ManyRunsOptions& options) {
  ManyRuns result;
  for (size_t i = 0; i < std::min(runs, options.max_runs); ++i) {
    if (Stopped(options)) {
      result.complete = false;
      break;
    }
    RunOptions run_options = RunOptions::AtSpeed(kMaxSpeed);
    run_options.schedule.policy = policy;
    run_options.schedule.seed = i + 1;
    run_options.goal = options.goal;
    Count(result, RunToEnd(StartLesson(lesson, values, run_options)), options);
    if (options.progress) options.progress(result.runs);
  }
  return result;
}

// Depth first over the choices, without state: each run replays the path to the next
// untried choice. A node keeps who could go there, who was asleep, and what was tried.
ManyRuns Explore(const Lesson& lesson, const ParamValues& values, const ManyRunsOptions& options) {
  struct Node {
    ExploreNode choice;
    std::vector<int> tried;  // threads, in the order they were tried
  };
  auto has = [](const std::vector<PendingStep>& steps, int thread) {
    return std::any_of(steps.begin(), steps.end(), [&](const PendingStep& step) { return step.thread == thread; });
  };
  ManyRuns result;
  std::vector<Node> path;
  std::vector<PendingStep> asleep = options.asleep;  // where the path ends
  for (;;) {
    if (result.runs >= options.max_runs || Stopped(options)) {
      result.complete = false;
      break;
    }
    RunOptions run_options = RunOptions::AtSpeed(kMaxSpeed);
    run_options.schedule.policy = SchedulePolicy::explore;
    run_options.goal = options.goal;
    run_options.schedule.schedule = options.prefix;
    for (const Node& node : path) run_options.schedule.schedule.push_back(node.tried.back());
    run_options.schedule.asleep = asleep;
    const RunSnapshot run = RunToEnd(StartLesson(lesson, values, run_options));
    if (!run.pruned) Count(result, run, options);
    if (options.progress) options.progress(result.runs);
    const size_t fixed = options.prefix.size();  // the prefix's steps are never tried otherwise
    if (run.schedule.size() < fixed) break;       // the prefix does not fit: nothing to explore
    for (size_t step = fixed + path.size(); step < std::min(run.choices.size(), run.schedule.size()); ++step)
      path.push_back(Node{run.choices[step], {run.schedule[step]}});
    double share = 1;
    for (const Node& node : path) share /= std::max<size_t>(1, Awake(node.choice));
    result.covered += share;
    // Back up to the deepest node with a thread neither tried nor asleep there.
    asleep.clear();
    while (!path.empty()) {
      Node& node = path.back();
      const auto untried = std::find_if(node.choice.enabled.begin(), node.choice.enabled.end(),
                                        [&](const PendingStep& step) {
                                          return !has(node.choice.asleep, step.thread) &&
                                                 std::find(node.tried.begin(), node.tried.end(), step.thread) == node.tried.end();
                                        });
      if (untried == node.choice.enabled.end()) {
        path.pop_back();
        continue;
      }
      // What was tried here, and what was asleep, sleeps on past the new choice while it
      // commutes with it.
      for (const PendingStep& step : node.choice.asleep)
        if (Independent(step, *untried)) asleep.push_back(step);
      for (const PendingStep& step : node.choice.enabled)
        if (std::find(node.tried.begin(), node.tried.end(), step.thread) != node.tried.end() &&
            Independent(step, *untried))
          asleep.push_back(step);
      node.tried.push_back(untried->thread);
      break;
    }
    if (path.empty()) break;  // every choice tried
  }
  return result;
}

}  // namespace threadlab
