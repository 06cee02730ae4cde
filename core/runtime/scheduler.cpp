#include "runtime/scheduler.h"

#include <algorithm>
#include <cstdlib>

namespace threadlab {

const char* SchedulePolicyName(SchedulePolicy policy) {
  switch (policy) {
    case SchedulePolicy::free: return "free";
    case SchedulePolicy::step: return "step";
    case SchedulePolicy::replay: return "replay";
    case SchedulePolicy::random: return "random";
    case SchedulePolicy::pct: return "pct";
    case SchedulePolicy::explore: return "explore";
  }
  return "?";
}

std::optional<SchedulePolicy> ParseSchedulePolicy(const std::string& name) {
  for (SchedulePolicy policy : {SchedulePolicy::free, SchedulePolicy::step, SchedulePolicy::replay,
                                SchedulePolicy::random, SchedulePolicy::pct, SchedulePolicy::explore})
    if (name == SchedulePolicyName(policy)) return policy;
  return std::nullopt;
}

std::string ScheduleText(const Schedule& schedule) {
  std::string text;
  for (size_t i = 0; i < schedule.size();) {
    size_t run = 1;
    while (i + run < schedule.size() && schedule[i + run] == schedule[i]) ++run;
    if (!text.empty()) text += '.';
    text += std::to_string(schedule[i]);
    if (run > 1) text += "x" + std::to_string(run);
    i += run;
  }
  return text;
}

std::optional<Schedule> ParseSchedule(const std::string& text) {
  Schedule schedule;
  size_t at = 0;
  // A whole number of at most 7 digits at `at`; nothing when there is none.
  auto number = [&]() -> std::optional<long> {
    size_t digits = 0;
    while (at + digits < text.size() && digits < 8 && text[at + digits] >= '0' &&
           text[at + digits] <= '9')
      ++digits;
    if (digits == 0 || digits > 7) return std::nullopt;
    const long value = std::strtol(text.substr(at, digits).c_str(), nullptr, 10);
    at += digits;
    return value;
  };
  while (at < text.size()) {
    const auto thread = number();
    if (!thread || *thread > 1000) return std::nullopt;
    long count = 1;
    if (at < text.size() && text[at] == 'x') {
      ++at;
      const auto times = number();
      if (!times || *times < 1) return std::nullopt;
      count = *times;
    }
    if (schedule.size() + count > kMaxScheduleSteps) return std::nullopt;
    schedule.insert(schedule.end(), count, static_cast<int>(*thread));
    if (at < text.size() && (text[at] != '.' || at + 1 == text.size())) return std::nullopt;
    if (at < text.size()) ++at;
  }
  return schedule;
}

Scheduler::Scheduler(const ScheduleOptions& options) : m_options(options), m_random(options.seed) {
  if (m_options.policy == SchedulePolicy::pct) {
    const int length = std::max(1, m_options.pct_length);
    for (int i = 1; i < m_options.pct_depth; ++i)
      m_change_points.push_back(static_cast<size_t>(m_random() % length));
  }
}

int Scheduler::Priority(int thread) {
  // A new thread gets a random priority above the lowest ones handed out at change points.
  while (static_cast<int>(m_priorities.size()) <= thread)
    m_priorities.push_back(static_cast<int>(m_random() % 1'000'000) + 1'000);
  return m_priorities[thread];
}

bool Independent(const PendingStep& a, const PendingStep& b) {
  if (a.thread == b.thread) return false;
  auto either = [&](EventKind kind) { return a.kind == kind || b.kind == kind; };
  auto both = [&](auto is) { return is(a.kind) && is(b.kind); };
  if (either(EventKind::sleep_begin) || either(EventKind::thread_started)) return false;
  if (a.object >= 0 && a.object == b.object) return false;
  if (both([](EventKind kind) { return kind == EventKind::log; })) return false;
  // A join (or the shutdown's wait, or is_alive) sees a thread finish.
  auto sees_threads = [](EventKind kind) {
    return kind == EventKind::thread_finished || kind == EventKind::join_wait ||
           kind == EventKind::query;
  };
  if (both(sees_threads) && (a.object < 0 || b.object < 0)) return false;
  return true;
}

int Scheduler::Explore(const std::vector<PendingStep>& enabled, size_t step) {
  m_last = ExploreStep(enabled, step);
  return m_last;
}

int Scheduler::ExploreStep(const std::vector<PendingStep>& enabled, size_t step) {
  auto has = [](const std::vector<PendingStep>& steps, int thread) {
    return std::any_of(steps.begin(), steps.end(),
                       [&](const PendingStep& pending) { return pending.thread == thread; });
  };
  if (step < m_options.schedule.size()) {
    const int wanted = m_options.schedule[step];
    if (!has(enabled, wanted)) {
      m_diverged = true;
      return -1;
    }
    m_nodes.push_back(ExploreNode{enabled, {}});
    if (step + 1 == m_options.schedule.size()) m_asleep = m_options.asleep;
    return wanted;
  }
  if (m_options.keep_going) {
    m_nodes.push_back(ExploreNode{enabled, {}});
    return has(enabled, m_last) ? m_last : enabled.front().thread;
  }
  m_nodes.push_back(ExploreNode{enabled, m_asleep});
  std::vector<PendingStep> awake;
  for (const PendingStep& candidate : enabled)
    if (!has(m_asleep, candidate.thread)) awake.push_back(candidate);
  if (awake.empty()) {
    m_pruned = true;  // every thread that could go is asleep: an order explored already
    return -1;
  }
  // The explorer tries the awake threads in order; the ones before this choice were tried
  // before it, so they sleep in its subtree (and wake where they stop commuting).
  const size_t chosen = m_options.probe ? m_random() % awake.size() : 0;
  m_asleep.insert(m_asleep.end(), awake.begin(), awake.begin() + chosen);
  std::erase_if(m_asleep, [&](const PendingStep& asleep) { return !Independent(asleep, awake[chosen]); });
  return awake[chosen].thread;
}

int Scheduler::Choose(const std::vector<PendingStep>& candidates, size_t step) {
  if (m_options.policy == SchedulePolicy::explore) return Explore(candidates, step);
  switch (m_options.policy) {
    case SchedulePolicy::free:
      return candidates.front().thread;
    case SchedulePolicy::replay:
    case SchedulePolicy::step:
      if (step < m_options.schedule.size()) {
        const int wanted = m_options.schedule[step];
        for (const PendingStep& candidate : candidates)
          if (candidate.thread == wanted) return wanted;
        m_diverged = true;
      }
      return -1;
    case SchedulePolicy::random:
      return candidates[m_random() % candidates.size()].thread;
    case SchedulePolicy::explore:
      break;  // above
    case SchedulePolicy::pct: {
      int best = candidates.front().thread;
      for (const PendingStep& candidate : candidates)
        if (Priority(candidate.thread) > Priority(best)) best = candidate.thread;
      if (std::find(m_change_points.begin(), m_change_points.end(), step) != m_change_points.end())
        m_priorities[best] = --m_lowest;
      return best;
    }
  }
  return -1;
}

}  // namespace threadlab
