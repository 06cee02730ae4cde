#include "run/check.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "run/explore.h"
#include "run/link.h"
#include "run/session.h"

namespace threadlab {

namespace {

// The runs a search for the witness with the fewest preemptions may take.
constexpr size_t kMaxWitnessRuns = 5'000;
// The estimate counts a tree this small exactly, and below each random path the largest
// subtree it can count within this many runs.
constexpr size_t kExactUpTo = 200;
constexpr size_t kExactSubtree = 64;

int Awake(const ExploreNode& node) {
  return static_cast<int>(std::count_if(node.enabled.begin(), node.enabled.end(), [&](const PendingStep& step) {
    return std::none_of(node.asleep.begin(), node.asleep.end(),
                        [&](const PendingStep& asleep) { return asleep.thread == step.thread; });
  }));
}

bool CouldGo(const ExploreNode& node, int thread) {
  return std::any_of(node.enabled.begin(), node.enabled.end(),
                     [&](const PendingStep& step) { return step.thread == thread; });
}

// The steps at which the run switches away from a thread that could have gone on.
int Preemptions(const RunSnapshot& run, size_t steps) {
  int preemptions = 0;
  for (size_t i = 1; i < std::min({steps, run.schedule.size(), run.choices.size()}); ++i)
    if (run.schedule[i] != run.schedule[i - 1] && CouldGo(run.choices[i], run.schedule[i - 1])) ++preemptions;
  return preemptions;
}

// A run's work (its sleeps, the lessons' stand-in for work): the most threads at once that
// stand at a sleep or sleep, and the first sleep begun while its thread held a lock.
struct Work {
  int most_at_once = 0;
  std::optional<size_t> under_lock;  // the step that begins that sleep
  int under_lock_thread = kNoThread;
};
Work WorkOf(const RunSnapshot& run) {
  Work work;
  // A sleep of no time is one step: count those who stand at one together.
  struct Held {
    int owner = kNoThread;
    int depth = 0;
  };
  std::map<int, Held> locks;  // by object
  for (size_t i = 0; i < std::min(run.schedule.size(), run.choices.size()); ++i) {
    const auto& enabled = run.choices[i].enabled;
    const int at_sleep = static_cast<int>(std::count_if(enabled.begin(), enabled.end(), [](const PendingStep& step) {
      return step.kind == EventKind::sleep_begin;
    }));
    work.most_at_once = std::max(work.most_at_once, at_sleep);
    const int thread = run.schedule[i];
    const auto step = std::find_if(enabled.begin(), enabled.end(), [&](const PendingStep& s) { return s.thread == thread; });
    if (step == enabled.end()) continue;
    Held& lock = locks[step->object];
    if (step->kind == EventKind::lock_wait && (lock.owner == kNoThread || lock.owner == thread)) {
      lock.owner = thread;  // (a try of a lock another thread holds fails)
      ++lock.depth;
    } else if (step->kind == EventKind::lock_released && lock.owner == thread && --lock.depth == 0) {
      lock.owner = kNoThread;
    } else if (step->kind == EventKind::sleep_begin && !work.under_lock &&
               std::any_of(locks.begin(), locks.end(), [&](const auto& held) { return held.second.owner == thread; })) {
      work.under_lock = i;
      work.under_lock_thread = thread;
    }
  }
  // A sleep that takes time: count those asleep together.
  std::set<int> asleep;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::sleep_begin) asleep.insert(event.thread);
    else if (event.kind == EventKind::sleep_end || event.kind == EventKind::thread_finished ||
             event.kind == EventKind::thread_killed)
      asleep.erase(event.thread);
    work.most_at_once = std::max(work.most_at_once, static_cast<int>(asleep.size()));
  }
  return work;
}

// The win with the fewest preemptions: a search that allows none, then one, then two...
// (iterative context bounding, Musuvathi and Qadeer 2007), so the first win found has no
// fewer than any. Each run takes its prefix, then never preempts. Nothing when `budget` runs
// or `most` preemptions did not find one.
std::optional<Schedule> FewestPreemptionsWin(const Lesson& lesson, const ParamValues& values,
                                             const Goal& goal, int most, size_t budget) {
  size_t runs = 0;
  for (int bound = 0; bound <= most; ++bound) {
    struct Branch {
      Schedule prefix;
      int preemptions;
    };
    std::vector<Branch> todo = {Branch{{}, 0}};
    while (!todo.empty()) {
      if (runs++ >= budget) return std::nullopt;
      const Branch branch = std::move(todo.back());
      todo.pop_back();
      RunOptions options = RunOptions::AtSpeed(kMaxSpeed);
      options.schedule.policy = SchedulePolicy::explore;
      options.schedule.keep_going = true;
      options.schedule.schedule = branch.prefix;
      options.goal = goal;
      const RunSnapshot run = RunToEnd(StartLesson(lesson, values, options));
      if (run.goal.met) return Schedule(run.schedule.begin(), run.schedule.begin() + run.goal.step);
      for (size_t i = branch.prefix.size(); i < std::min(run.schedule.size(), run.choices.size()); ++i) {
        const bool could_keep = i > 0 && CouldGo(run.choices[i], run.schedule[i - 1]);
        for (const PendingStep& other : run.choices[i].enabled) {
          if (other.thread == run.schedule[i]) continue;
          const int preemptions = branch.preemptions + (could_keep ? 1 : 0);
          if (preemptions > bound) continue;
          Schedule prefix(run.schedule.begin(), run.schedule.begin() + i);
          prefix.push_back(other.thread);
          todo.push_back(Branch{std::move(prefix), preemptions});
        }
      }
    }
  }
  return std::nullopt;
}

std::string Rounded(double n) {
  if (n < 1e6) return Printf("%.0f", n);
  return Printf("%.1e", n);
}

std::string EstimateText(const Estimate& estimate) {
  return Printf("about %s interleavings, about %s s", Rounded(estimate.interleavings).c_str(),
                estimate.seconds < 10 ? Printf("%.1f", estimate.seconds).c_str() : Rounded(estimate.seconds).c_str());
}

}  // namespace

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::refuted: return "refuted";
    case Verdict::proved: return "proved";
    case Verdict::over_synchronised: return "over-synchronised";
    case Verdict::refused: return "refused";
  }
  return "refused";
}

Estimate EstimateInterleavings(const Lesson& lesson, const ParamValues& values,
                               const std::optional<Goal>& goal, size_t probes,
                               const std::atomic<bool>* stop) {
  const auto start = std::chrono::steady_clock::now();
  size_t runs = 0;
  auto explore = [&](const Schedule& prefix, const std::vector<PendingStep>& asleep, size_t most) {
    ManyRunsOptions options;
    options.max_runs = most;
    options.goal = goal;
    options.prefix = prefix;
    options.asleep = asleep;
    options.stop = stop;
    const ManyRuns explored = Explore(lesson, values, options);
    runs += explored.runs;
    return explored;
  };
  Estimate estimate;
  const ManyRuns small = explore({}, {}, kExactUpTo);
  if (small.complete) {
    estimate.interleavings = static_cast<double>(small.runs);
  } else {
    double leaves = 0;
    for (size_t seed = 1; seed <= probes && !(stop && *stop); ++seed) {
      RunOptions options = RunOptions::AtSpeed(kMaxSpeed);
      options.schedule.policy = SchedulePolicy::explore;
      options.schedule.probe = true;
      options.schedule.seed = seed;
      options.goal = goal;
      const RunSnapshot path = RunToEnd(StartLesson(lesson, values, options));
      ++runs;
      // The walk's own end (a leaf: 1 run, or none if pruned), then ever larger subtrees
      // above it, counted exactly while that stays cheap.
      size_t depth = std::min(path.schedule.size(), path.choices.size());
      double below = path.pruned ? 0 : 1;
      for (size_t up = 2; depth > 0; up *= 2) {
        const size_t higher = depth > up ? depth - up : 0;
        const ManyRuns subtree = explore(Schedule(path.schedule.begin(), path.schedule.begin() + higher),
                                         path.choices[higher].asleep, kExactSubtree);
        if (!subtree.complete) break;
        depth = higher;
        below = static_cast<double>(subtree.runs);
        if (higher == 0) break;
      }
      double choices = 1;
      for (size_t i = 0; i < depth; ++i) choices *= std::max(1, Awake(path.choices[i]));
      leaves += choices * below;
    }
    // Each estimate falls short on trees of some shape: the paths', where the runs crowd in
    // one rarely taken branch near the root; the explorer's own (its runs so far over the
    // share of the tree they cover), where they crowd far from its first branches.
    const double from_paths = leaves / static_cast<double>(probes);
    const double from_explorer = static_cast<double>(small.runs) / std::max(small.covered, 1e-9);
    estimate.interleavings = std::max({1.0, from_paths, from_explorer});
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  estimate.seconds = estimate.interleavings * seconds / static_cast<double>(std::max<size_t>(1, runs));
  return estimate;
}

ParamValues CheckedValues(const PlacedLevel& level, const ParamValues& learner) {
  ParamValues values = LevelValues(level);
  for (const LevelValue& fixed : level.level->fixed)
    if (learner.all().contains(fixed.name)) values.Set(fixed.name, learner.Number(fixed.name));
  return values;
}

FixCheck CheckFix(const PlacedLevel& level, const ParamValues& learner, const CheckOptions& options) {
  const Lesson& lesson = *level.lesson;
  FixCheck check;
  check.values = CheckedValues(level, learner);
  check.expected = level.level->parallel;
  const Goal& goal = level.level->goal;
  check.estimate = EstimateInterleavings(lesson, check.values, goal, kEstimateProbes, options.stop);
  if (options.estimated) options.estimated(check.estimate);
  if (check.estimate.interleavings > static_cast<double>(options.max_runs)) {
    check.text = Printf("refused: %s, more than the %zu a check explores",
                        EstimateText(check.estimate).c_str(), options.max_runs);
    return check;
  }

  std::optional<RunSnapshot> win;  // the first the explorer finds
  std::optional<RunSnapshot> under_lock;
  ManyRunsOptions explore;
  explore.max_runs = options.max_runs;
  explore.stop = options.stop;
  explore.progress = options.progress;
  explore.goal = goal;
  explore.each_run = [&](const RunSnapshot& run) {
    const Work work = WorkOf(run);
    check.parallelism = std::max(check.parallelism, work.most_at_once);
    if (work.under_lock && !under_lock) under_lock = run;
    if (run.goal.met && !win) win = run;
  };
  const ManyRuns explored = Explore(lesson, check.values, explore);
  check.interleavings = explored.runs;
  check.complete = explored.complete;

  if (win) {
    check.verdict = Verdict::refuted;
    check.witness.assign(win->schedule.begin(), win->schedule.begin() + win->goal.step);
    check.preemptions = Preemptions(*win, win->goal.step);
    if (const auto fewest = FewestPreemptionsWin(lesson, check.values, goal, check.preemptions - 1, kMaxWitnessRuns)) {
      check.witness = *fewest;
      RunOptions replay = RunOptions::AtSpeed(kMaxSpeed);
      replay.schedule.policy = SchedulePolicy::explore;
      replay.schedule.keep_going = true;
      replay.schedule.schedule = *fewest;
      check.preemptions = Preemptions(RunToEnd(StartLesson(lesson, check.values, replay)), fewest->size());
    }
    check.link = FormatLink(lesson, check.values, lesson.pace, &check.witness);
    check.text = Printf("refuted: this interleaving still does it (%s), with %d preemption%s",
                        GoalText(goal).c_str(), check.preemptions, check.preemptions == 1 ? "" : "s");
    return check;
  }
  if (!check.complete) {
    check.text = Printf("refused: stopped after %zu of %s; none broke it so far",
                        check.interleavings, EstimateText(check.estimate).c_str());
    return check;
  }
  const std::string none = Printf("no interleaving of %zu breaks it", check.interleavings);
  const std::string at_once = Printf("at most %d thread%s at once", check.parallelism,
                                     check.parallelism == 1 ? " works" : "s work");
  if (check.parallelism >= check.expected) {
    check.verdict = Verdict::proved;
    check.text = "proved: " + none + (check.parallelism > 0 ? "; " + at_once : "");
    return check;
  }
  check.verdict = Verdict::over_synchronised;
  check.text = Printf("over-synchronised: %s, but %s, where %d could", none.c_str(), at_once.c_str(), check.expected);
  if (under_lock) {
    const Work work = WorkOf(*under_lock);
    const Schedule before(under_lock->schedule.begin(), under_lock->schedule.begin() + *work.under_lock);
    const RunSnapshot there = PausedAfter(lesson, check.values, before, goal);
    if (work.under_lock_thread < static_cast<int>(there.next.size()))
      check.line = ShownLine(lesson, there.next[work.under_lock_thread].at);
  }
  if (check.line >= 0)
    check.text += Printf(": line %d, `%s`, works while holding a lock", check.line + 1,
                         ShownLineText(lesson, check.line, check.values).c_str());
  return check;
}

}  // namespace threadlab
