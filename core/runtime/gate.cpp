// The gate every observable step passes through, and the scheduling it drives: who moves
// next, when the lesson's time moves, and the deadlock report (runtime/program.h).
// [SECTION] The gate
// [SECTION] Scheduling: who moves next, when time moves, deadlock
#include <algorithm>
#include <cmath>
#include <exception>

#include "runtime/clock.h"
#include "runtime/deadlock.h"
#include "runtime/program_internal.h"

namespace threadlab {

// ---------------------------------------------------------------------------------------
// [SECTION] The gate
// ---------------------------------------------------------------------------------------

// A thread that must end throws ThreadExit from its step. Main goes last: lessons keep what
// their threads share (a lock, a queue) on main's stack, so main unwinds only once no other
// thread can touch those objects.
void Program::CheckExit(Guard& guard, ThreadContext& context) {
  if (!m_stop && !context.exiting) return;
  if (context.index == 0) {
    m_done_changed.wait(guard, [this] {
      for (size_t i = 1; i < m_threads.size(); ++i)
        if (!m_threads[i]->ended) return false;
      return true;
    });
  }
  throw ThreadExit{};
}

void Program::Step(Guard& guard, CallSite at, EventKind kind, int object, long long value) {
  ThreadContext& self = CurrentThread();
  if (IsRelease(kind) && (m_stop || self.exiting || std::uncaught_exceptions())) return;
  Gate(guard, self, at, kind, object, nullptr, -1, value);
}

void Program::StepWhenStill(Guard& guard, CallSite at, EventKind kind, int object) {
  ThreadContext& self = CurrentThread();
  self.when_still = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{self.when_still};
  Gate(guard, self, at, kind, object, nullptr, -1, 0);
}

bool Program::Block(Guard& guard, CallSite at, EventKind kind, int object,
                    const std::function<bool()>& ready, double timeout, long long value) {
  return Gate(guard, CurrentThread(), at, kind, object, &ready, timeout, value);
}

bool Program::Enabled(const ThreadContext& thread) const {
  return !thread.ready || (*thread.ready)() || (thread.deadline < kNoDeadline && Now() >= thread.deadline);
}

bool Program::Gate(Guard& guard, ThreadContext& self, CallSite at, EventKind kind, int object,
                   const std::function<bool()>* ready, double timeout, long long value) {
  CheckExit(guard, self);
  if (m_step_pause > 0 && m_policy == SchedulePolicy::free) {
    // Slow motion: the thread stands still as a running thread does (time does not move),
    // and Stop or a daemon's end cut the pause short.
    const std::chrono::duration<double> pause(m_step_pause / m_clock.speed());
    self.wake.wait_for(guard, pause, [&] { return m_stop || self.exiting; });
  }
  self.at_gate = true;
  self.at = at;
  self.step = kind;
  self.object = object;
  self.value = value;
  self.ready = ready;
  // A timeout counts from the thread's last step, not from its arrival here. Between two
  // steps a thread runs, and running takes no lesson time; but in a free run the other
  // threads' steps (kStepSeconds each) move the clock meanwhile, as many as the operating
  // system let in, so Now() here is not a function of the schedule. Counted from Now(), a
  // producer's Sleep ended a few steps later in the free run than in its replay, where it
  // arrives here before anyone else moves; the drift added up until a sleep was over in the
  // replay at a step where the free run had still seen it asleep, and another thread's
  // recorded step was not enabled there ("the schedule does not fit", issue #24).
  self.deadline = timeout < 0 ? kNoDeadline : self.stepped_at + timeout;
  self.granted = false;
  --m_running;
  // Free: as soon as the step can go (and, for StepWhenStill, no other thread runs between
  // steps); controlled: when chosen.
  auto may_go = [&] {
    if (m_controlled) return self.granted;
    return Enabled(self) && (!self.when_still || m_running == 0);
  };
  bool waited = false;
  try {
    for (;;) {
      // Exit first: on Stop, the objects that ready() reads may be going away. A release
      // (in a destructor, which must not throw) goes through, and the thread exits at its
      // next step.
      if ((m_stop || self.exiting) && IsRelease(kind)) break;
      CheckExit(guard, self);
      const bool enabled = Enabled(self);
      if (may_go()) break;
      if (!enabled && !waited) {
        // The step must wait: the timeline shows it, and a free Start may return.
        waited = true;
        Record(guard, kind, object, value);
        if (!self.settled) {
          self.settled = true;
          for (auto& other : m_threads) other->wake.notify_all();
        }
      }
      Decide(guard);
      if (m_stop || self.exiting) continue;  // Decide may have ended the run
      if (may_go()) continue;
      if (m_controlled && enabled) {
        // Its turn comes with a Grant: Decide chose another, or the thread that runs, the
        // granted one or the learner decides next.
        self.wake.wait(guard);
        continue;
      }
      if (self.deadline < kNoDeadline && m_clock.flowing()) {
        const double wall_left = m_clock.WallAt(self.deadline) - WallSeconds();
        // Else its time came since Decide looked: look again.
        if (wall_left > 0)
          self.wake.wait_for(guard, std::chrono::duration<double>(std::min(wall_left, kLongestWallWait)));
      } else {
        self.wake.wait(guard);
      }
    }
  } catch (const ThreadExit&) {
    self.at_gate = false;
    ++m_running;
    throw;
  }
  const bool became_ready = !ready || (*ready)();
  self.at_gate = false;
  self.ready = nullptr;
  if (self.granted) m_grant_out = false;
  self.granted = false;
  ++m_running;
  if (m_clock.flowing()) m_clock.Freeze(WallSeconds());
  m_clock.JumpTo(m_clock.Now(0) + kStepSeconds);
  self.stepped_at = m_clock.Now(0);
  for (auto& thread : m_threads)  // a deadline the step passed (controlled: Decide sees it)
    if (!m_controlled && thread->at_gate && thread->deadline <= m_clock.Now(0)) thread->wake.notify_all();
  if (m_schedule.size() < kMaxScheduleSteps) {
    m_schedule.push_back(self.index);
  } else {
    EndRun(guard, RunStatus::full,
           Outcome{"stopped: the run took more than " + std::to_string(kMaxScheduleSteps) + " steps", {}}
               .Flag("full", true));
  }
  return became_ready;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Scheduling: who moves next, when time moves, deadlock
// ---------------------------------------------------------------------------------------

// Called whenever a thread arrives at the gate or ends. Nothing is decided while a thread
// runs between two steps: time stands still, and in a controlled run the next choice waits
// until every thread stands at its next step.
void Program::Decide(Guard& guard) {
  if (m_running > 0 || m_stop || m_grant_out) return;
  if (m_status != RunStatus::running && m_status != RunStatus::raised) return;
  std::vector<PendingStep>& enabled = m_enabled;
  enabled.clear();
  double next_deadline = kNoDeadline;
  for (auto& thread : m_threads) {
    if (thread->ended || !thread->at_gate) continue;
    if (Enabled(*thread))
      enabled.push_back(PendingStep{thread->index, thread->step, thread->object});
    else
      next_deadline = std::min(next_deadline, thread->deadline);
  }
  if (enabled.empty()) {
    if (next_deadline >= kNoDeadline) return ReportDeadlock(guard);
    // Every thread waits and some wait ends at a deadline: time moves on to the earliest.
    // A free run lets it flow at the speed, for watching; a controlled run jumps.
    if (m_policy != SchedulePolicy::free) {
      m_clock.JumpTo(next_deadline);
      return Decide(guard);
    }
    // Only when the flow begins: a thread that looks again must not wake the others again.
    if (m_clock.flowing()) return;
    m_clock.FlowToward(next_deadline, WallSeconds());
    for (auto& thread : m_threads)
      if (thread->at_gate && thread->deadline <= next_deadline) thread->wake.notify_all();
    return;
  }
  if (!m_controlled) {
    // They are on their way, or were never told: tell them.
    for (const PendingStep& step : enabled) m_threads[step.thread]->wake.notify_all();
    return;
  }
  while (!m_new_threads.empty()) {
    ThreadContext& child = *m_threads[m_new_threads.back()];
    if (!child.settled && child.at_gate && Enabled(child)) return Grant(child);
    m_new_threads.pop_back();
  }
  const int chosen = m_scheduler.Choose(enabled, m_schedule.size());
  if (m_scheduler.diverged())
    return EndRun(guard, RunStatus::diverged,
                  Outcome{"stopped: the schedule does not fit this run at step " +
                              std::to_string(m_schedule.size() + 1), {}}
                      .Flag("diverged", true));
  if (m_scheduler.pruned())
    return EndRun(guard, RunStatus::stopped, Outcome{"pruned: an order explored already", {}});
  if (chosen < 0) {
    m_awaiting_step = true;
    return;
  }
  Grant(*m_threads[chosen]);
}

void Program::Grant(ThreadContext& thread) {
  thread.granted = true;
  m_grant_out = true;
  thread.wake.notify_all();
}

void Program::ReportDeadlock(Guard& guard) {
  std::vector<ThreadWait> waits;
  for (auto& thread : m_threads) {
    if (thread->ended) continue;
    waits.push_back(
        ThreadWait{thread->index, thread->step, thread->object, thread->joining, thread->value});
  }
  if (waits.empty()) return;
  const DeadlockReport report = DescribeDeadlock(waits, m_recorder.threads, m_recorder.objects);
  m_status = RunStatus::deadlocked;
  m_deadlock = report.text;
  m_deadlock_cycle = report.cycle;
  m_deadlock_time = Now();
  m_outcome = Outcome{"deadlock: " + report.text, {}}.Flag("deadlocked", true).Text("waits", report.text);
  if (m_goal && !m_goal_met.met) {
    std::string met = m_goal->OnDeadlock();
    if (!met.empty()) MeetGoal(guard, std::move(met));
  }
}

// The runtime ends the run itself (a bound reached, a schedule that does not fit).
void Program::EndRun(Guard& guard, RunStatus status, Outcome outcome) {
  if (m_status != RunStatus::running && m_status != RunStatus::raised) return;
  m_status = status;
  m_outcome = std::move(outcome);
  RequestStop(guard);
}

void Program::WakeAll() {
  for (auto& thread : m_threads) thread->wake.notify_all();
  m_done_changed.notify_all();
}

// In a free run of threads, the threads waiting on `object` look at their condition again. In
// a controlled run a thread moves when granted, and Decide looks at its condition: waking it
// would only cost a switch, the dearest thing a step does in the threadless build.
void Program::Wake(int object) {
  if (m_controlled) return;
  for (auto& thread : m_threads)
    if (thread->at_gate && thread->object == object) thread->wake.notify_all();
}

}  // namespace threadlab
