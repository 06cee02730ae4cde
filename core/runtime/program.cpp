// A run's life (runtime/program.h): its threads' contexts, start and stop, reading what it
// recorded, the exit of main and of its threads, and its objects and clock.
// [SECTION] Thread contexts
// [SECTION] Start, stop, wait, read, step
// [SECTION] Main, threads, and the shutdown at exit
// [SECTION] Objects, recording, clock
// (The gate and the scheduling are in gate.cpp, what lesson code calls in lesson_api.cpp.)
#include "runtime/program.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <random>
#include <new>
#include <system_error>

#include "runtime/clock.h"
#include "runtime/events.h"
#include "runtime/program_internal.h"
#include "runtime/threads.h"

namespace threadlab {

// ---------------------------------------------------------------------------------------
// [SECTION] Thread contexts
// ---------------------------------------------------------------------------------------

namespace {

long long SecondsOfDayNow() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_hour * 3600LL + local.tm_min * 60LL + local.tm_sec;
}
}  // namespace

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::running: return "running";
    case RunStatus::deadlocked: return "deadlocked";
    case RunStatus::finished: return "finished";
    case RunStatus::raised: return "raised";
    case RunStatus::stopped: return "stopped";
    case RunStatus::full: return "full";
    case RunStatus::diverged: return "diverged";
    case RunStatus::won: return "won";
  }
  return "?";
}

// ---------------------------------------------------------------------------------------
// [SECTION] Start, stop, wait, read, step
// ---------------------------------------------------------------------------------------

namespace {

// Who moves in a free run. OS threads: the operating system. Fibers run one at a time and
// give way only where they wait, so a free run of fibers is a controlled one whose picks are
// random, from a seed of its own each run (as an OS's are): the same interleavings appear.
ScheduleOptions FreeOrAsGiven(ScheduleOptions schedule) {
  if (!kFibers || schedule.policy != SchedulePolicy::free) return schedule;
  schedule.policy = SchedulePolicy::random;
  schedule.seed = std::random_device()();
  return schedule;
}

}  // namespace

Program::Program(RunOptions options)
    : m_clock(options.speed),
      m_scheduler(FreeOrAsGiven(options.schedule)),
      m_policy(options.schedule.policy),
      m_controlled(kFibers || m_policy != SchedulePolicy::free),
      m_step_pause(options.step_pause),
      m_recorder(SecondsOfDayNow(), options.record) {
  if (options.goal) m_goal.emplace(*options.goal);
  if (!(options.speed >= kMinSpeed && options.speed <= kMaxSpeed))
    throw std::invalid_argument("speed out of range");
  if (!(options.step_pause >= 0 && options.step_pause <= 1))
    throw std::invalid_argument("step pause out of range");
}

std::shared_ptr<Program> Program::Start(std::function<void()> main, RunOptions options,
                                        Epilogue epilogue) {
  std::shared_ptr<Program> program(new Program(options));
  {
    Guard guard(program->m_mutex);
    program->AddThread(guard, "Main", false);
  }
  // The pooled thread holds the program: nobody ever joins it, so that no reader (the
  // browser's main thread among them) waits on a thread; Wait() waits for `done` instead.
  RunOnPooledThread([program, main = std::move(main), epilogue = std::move(epilogue)] {
    program->RunMain(main, epilogue);
  });
  return program;
}

void Program::Stop() {
  Guard guard(m_mutex);
  RequestStop(guard);
}

bool Program::TryStop() {
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock()) return false;
  RequestStop(guard);
  return true;
}

void Program::RequestStop(Guard&) {
  if (m_done || m_stop) return;
  m_stop = true;
  WakeAll();
}

bool Program::WaitFor(double wall_seconds) {
  Guard guard(m_mutex);
  return m_done_changed.wait_for(guard, std::chrono::duration<double>(wall_seconds),
                                 [this] { return m_done; });
}

void Program::Wait() {
  Guard guard(m_mutex);
  m_done_changed.wait(guard, [this] { return m_done; });
}

void Program::Read(RunSnapshot& into) {
  Guard guard(m_mutex);
  Copy(into);
}

bool Program::TryRead(RunSnapshot& into) {
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock()) return false;
  Copy(into);
  return true;
}

bool Program::TryStep(int thread) {
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock() || !m_awaiting_step || m_stop) return false;
  if (thread < 0 || thread >= static_cast<int>(m_threads.size())) return false;
  ThreadContext& chosen = *m_threads[thread];
  if (chosen.ended || !chosen.at_gate || !Enabled(chosen)) return false;
  m_awaiting_step = false;
  Grant(chosen);
  return true;
}

bool Program::TrySetSpeed(double speed) {
  if (!(speed >= kMinSpeed && speed <= kMaxSpeed)) return false;
  Guard guard(m_mutex, std::try_to_lock);
  if (!guard.owns_lock()) return false;
  m_clock.SetSpeed(speed, WallSeconds());
  WakeAll();  // the threads waiting for a deadline work out their wall time again
  return true;
}

// Appends only what is new: a frame copies a few lines, not the whole run.
template <class T>
static void AppendNew(std::vector<T>& into, const std::vector<T>& from) {
  if (into.size() > from.size()) into.clear();  // a snapshot of another run
  into.insert(into.end(), from.begin() + into.size(), from.end());
}

void Program::Copy(RunSnapshot& into) {
  into.status = m_status;
  into.done = m_done;
  into.now = m_done ? m_last_time : std::max(Now(), m_last_time);
  into.speed = m_clock.speed();
  into.threads = m_recorder.threads;
  into.objects = m_recorder.objects;
  AppendNew(into.log, m_recorder.log);
  AppendNew(into.trace, m_recorder.trace);
  AppendNew(into.schedule, m_schedule);
  into.policy = m_policy;
  std::vector<std::string> names;
  for (const ThreadInfo& thread : m_recorder.threads) names.push_back(thread.name);
  into.next.resize(m_threads.size());
  for (size_t i = 0; i < m_threads.size(); ++i) {
    const ThreadContext& thread = *m_threads[i];
    NextStep& next = into.next[i];
    next.at_gate = thread.at_gate && !thread.ended;
    next.enabled = next.at_gate && Enabled(thread);
    next.at = next.at_gate ? thread.at : CallSite::None();
    next.step = thread.step;
    next.object = thread.object;
    next.value = thread.value;
    next.joining = thread.joining;
    next.seconds_left = thread.deadline < kNoDeadline ? std::max(0.0, thread.deadline - Now()) : 0;
    next.text = next.at_gate ? NextStepText(next, m_recorder.objects, names) : "";
  }
  into.awaiting_step = m_awaiting_step;
  if (m_policy == SchedulePolicy::explore) into.choices = m_scheduler.nodes();
  into.pruned = m_scheduler.pruned();
  into.outcome = m_outcome.text;
  into.outcome_fields = m_outcome.fields;
  into.deadlock = m_deadlock;
  into.deadlock_cycle = m_deadlock_cycle;
  into.deadlock_time = m_deadlock_time;
  into.goal = m_goal_met;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Main, threads, and the shutdown at exit
// ---------------------------------------------------------------------------------------

void Program::RunMain(const std::function<void()>& main, const Epilogue& epilogue) {
  ThreadContext& context = *m_threads.front();
  TaskPointer() = &context;
  {
    Guard guard(m_mutex);
    Record(guard, EventKind::thread_started);
  }
  bool main_exited = false;
  std::string escaped;
  bool out_of_memory = false;
  try {
    main();
  } catch (const ThreadExit&) {
    main_exited = true;
  } catch (const std::bad_alloc&) {
    out_of_memory = main_exited = true;
  } catch (const std::exception& error) {
    escaped = Escaped(error);
  }
  if (out_of_memory) {
    Guard guard(m_mutex);
    RunOutOfMemory(guard);
  }
  if (!escaped.empty()) {
    Guard guard(m_mutex);
    main_exited = !RecordEscaped(guard, escaped, "Traceback: ");
  }
  Shutdown();
  Guard guard(m_mutex);
  if (m_goal && !m_goal_met.met && m_status == RunStatus::running && !m_stop) {
    std::string met = m_goal->OnEnd(m_recorder.objects);
    if (!met.empty()) MeetGoal(guard, std::move(met));
  }
  Record(guard, main_exited ? EventKind::thread_killed : EventKind::thread_finished);
  context.ended = true;
  --m_running;
  if (m_status == RunStatus::running) m_status = m_stop ? RunStatus::stopped : RunStatus::finished;
  if (epilogue && (m_status == RunStatus::finished || m_status == RunStatus::raised)) {
    RunSnapshot run;
    Copy(run);
    guard.unlock();  // the epilogue only reads its copy
    Outcome outcome = epilogue(run);
    guard.lock();
    if (!outcome.text.empty()) m_outcome = std::move(outcome);
  }
  if (m_status == RunStatus::stopped && m_outcome.text.empty())
    m_outcome = Outcome{"stopped before the end", {}}.Flag("stopped", true);
  m_done = true;
  m_done_changed.notify_all();
  TaskPointer() = nullptr;
}

// Like Python's threading._shutdown: wait for the non-daemon threads, then end the daemon
// ones. C++ cannot kill a thread, so a daemon thread ends at its next step.
void Program::Shutdown() {
  Guard guard(m_mutex);
  auto others_done = [this](bool daemons_too) {
    for (size_t i = 1; i < m_threads.size(); ++i)
      if (!m_threads[i]->ended && (daemons_too || !m_threads[i]->daemon)) return false;
    return true;
  };
  try {
    const std::function<bool()> non_daemons_done = [&] { return others_done(false); };
    Block(guard, CallSite::None(), EventKind::join_wait, kNoObject, non_daemons_done);
  } catch (const ThreadExit&) {
  }
  for (size_t i = 1; i < m_threads.size(); ++i) {
    m_threads[i]->exiting = true;
    m_threads[i]->wake.notify_all();
  }
  m_done_changed.wait(guard, [&] { return others_done(true); });
}

void Program::RunThread(ThreadContext& context, const std::function<void()>& target) {
  TaskPointer() = &context;
  {
    Guard guard(m_mutex);
    Record(guard, EventKind::thread_started);
  }
  EventKind end = EventKind::thread_finished;
  std::string escaped;
  bool out_of_memory = false;
  try {
    target();
    // Its end is a step: a join sees it.
    Guard guard(m_mutex);
    Step(guard, CallSite::None(), EventKind::thread_finished);
  } catch (const ThreadExit&) {
    end = EventKind::thread_killed;
  } catch (const std::bad_alloc&) {
    out_of_memory = true;
    end = EventKind::thread_killed;
  } catch (const std::exception& error) {
    escaped = Escaped(error);
  }
  Guard guard(m_mutex);
  if (out_of_memory) RunOutOfMemory(guard);
  if (!escaped.empty() &&
      !RecordEscaped(guard, escaped, "Exception in thread " + m_recorder.threads[context.index].name + ": "))
    end = EventKind::thread_killed;
  EndThread(guard, context, end,
            end == EventKind::thread_killed && !m_stop ? "daemon thread killed at exit" : "");
  TaskPointer() = nullptr;
}

void Program::EndThread(Guard& guard, ThreadContext& context, EventKind how, std::string text) {
  RecordAs(guard, context.index, how, kNoObject, 0, std::move(text));
  context.ended = true;
  context.settled = true;
  context.at_gate = false;
  --m_running;
  // Whoever joins it (and the shutdown) looks again, and so does the thread that started it
  // (in a free run of threads; in a controlled one Decide looks for them).
  if (!m_controlled)
    for (auto& other : m_threads) other->wake.notify_all();
  m_done_changed.notify_all();
  Decide(guard);
}

ThreadContext& Program::AddThread(Guard&, std::string name, bool daemon) {
  auto context = std::make_unique<ThreadContext>();
  context->program = this;
  context->index = m_recorder.AddThread(std::move(name), daemon);
  context->daemon = daemon;
  context->stepped_at = Now();  // inside its starter's step, or 0 for main
  m_threads.push_back(std::move(context));
  ++m_running;  // it runs from now until its first step: time stands still meanwhile
  return *m_threads.back();
}

// In a free run, Start returns once the new thread has run up to its first wait (or its
// end), the way Python's GIL usually lets a new thread run first: the log reads in the
// seed's order, run after run, while the threads are still real. In a controlled run the
// scheduler orders the two threads' steps instead.
int Program::StartThread(CallSite at, std::string name, bool daemon,
                         std::function<void()> target) {
  Guard guard(m_mutex);
  ThreadContext& self = CurrentThread();
  Step(guard, at, EventKind::thread_started, kNoObject, static_cast<long long>(m_threads.size()));
  if (m_threads.size() >= static_cast<size_t>(kMaxThreadsPerRun))
    throw RuntimeError("can't start new thread: a run may use at most " +
                       std::to_string(kMaxThreadsPerRun) + " threads");
  ThreadContext& child = AddThread(guard, std::move(name), daemon);
  try {
    RunOnPooledThread([this, &child, target = std::move(target),
                       keep = shared_from_this()] { RunThread(child, target); });
  } catch (const std::system_error& error) {
    EndThread(guard, child, EventKind::thread_killed, error.what());
    throw RuntimeError(std::string("can't start new thread: ") + error.what());
  }
  if (!m_controlled) {
    while (!child.settled) {
      CheckExit(guard, self);
      self.wake.wait(guard);
    }
  } else if (m_policy == SchedulePolicy::free) {
    m_new_threads.push_back(child.index);
  }
  return child.index;
}

void Program::JoinThread(CallSite at, int thread, double timeout) {
  Guard guard(m_mutex);
  ThreadContext& self = CurrentThread();
  if (thread == self.index) throw RuntimeError("cannot join current thread");
  ThreadContext& other = *m_threads.at(thread);
  self.joining = thread;
  const bool ended = Block(guard, at, EventKind::join_wait, kNoObject,
                           [&] { return other.ended; }, timeout, thread);
  self.joining = kNoThread;
  Record(guard, ended ? EventKind::join_done : EventKind::wait_timeout, kNoObject, thread);
}

bool Program::ThreadAlive(CallSite at, int thread) {
  Guard guard(m_mutex);
  Step(guard, at, EventKind::query, kNoObject, thread);
  return !m_threads.at(thread)->ended;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Objects, recording, clock
// ---------------------------------------------------------------------------------------

int Program::AddObject(Guard&, ObjectKind kind, std::string name, long long capacity) {
  return m_recorder.AddObject(kind, std::move(name), capacity);
}

ObjectInfo& Program::Object(Guard&, int id) { return m_recorder.objects.at(id); }

void Program::Record(Guard& guard, EventKind kind, int object, long long value, std::string text) {
  RecordAs(guard, CurrentThreadIndex(), kind, object, value, std::move(text));
}

void Program::RecordAs(Guard& guard, int thread, EventKind kind, int object, long long value,
                       std::string text) {
  m_last_time = std::max(Now(), m_last_time);
  std::string met;
  if (m_goal && !m_goal_met.met)
    met = m_goal->OnEvent(TraceEvent{m_last_time, thread, kind, object, value, text},
                          m_recorder.objects, m_recorder.threads);
  if (!m_recorder.Event(m_last_time, thread, kind, object, value, std::move(text)))
    return EndRun(guard, RunStatus::full,
                  Outcome{"stopped: the trace is full (" + std::to_string(kMaxTraceEvents) + " events)", {}}
                      .Flag("full", true));
  if (!met.empty()) MeetGoal(guard, std::move(met));
}

// The goal is met at the step just taken: the log says so in a sentence, the timeline marks
// it, and the run stops there, so that its schedule so far is the win.
void Program::MeetGoal(Guard& guard, std::string sentence) {
  const int thread = m_schedule.empty() ? 0 : m_schedule.back();
  m_goal_met = GoalMet{true, m_schedule.size(), m_last_time, thread, sentence};
  m_recorder.Log(m_last_time, thread, kGoalLogPrefix + sentence + ".");
  m_recorder.Event(m_last_time, thread, EventKind::goal_reached, kNoObject, 0, sentence);
  if (m_status == RunStatus::deadlocked) return;
  EndRun(guard, RunStatus::won, Outcome{"won: " + sentence, {}}.Flag("won", true));
}

void Program::LogLine(Guard& guard, std::string message) {
  m_last_time = std::max(Now(), m_last_time);
  if (!m_recorder.Log(m_last_time, CurrentThreadIndex(), message))
    return EndRun(guard, RunStatus::full,
                  Outcome{"stopped: the log is full (" + std::to_string(kMaxLogLines) + " lines)", {}}
                      .Flag("full", true));
  Record(guard, EventKind::log, kNoObject, 0, std::move(message));
}

// An allocation failed in a thread: the memory is fixed (the threads page's is, see
// CMakeLists.txt), and a run that outgrew it stops, saying so, rather than the page.
void Program::RunOutOfMemory(Guard& guard) {
  EndRun(guard, RunStatus::full, Outcome{"stopped: out of memory for this run", {}}.Flag("full", true));
}

// What escaped, as Python names it: "RuntimeError: release unlocked lock".
std::string Program::Escaped(const std::exception& error) {
  const auto* lesson_error = dynamic_cast<const LessonError*>(&error);
  return std::string(lesson_error ? lesson_error->type() : "Exception") + ": " + error.what();
}

// An exception escaped a lesson thread: say so in the log, as Python prints it.
bool Program::RecordEscaped(Guard& guard, const std::string& what, const std::string& prefix) {
  try {
    Step(guard, CallSite::None(), EventKind::error);
  } catch (const ThreadExit&) {
    return false;
  }
  LogLine(guard, prefix + what);
  Record(guard, EventKind::error, kNoObject, 0, what);
  if (m_status == RunStatus::running) m_status = RunStatus::raised;
  return true;
}

// The wall clock is read only while time flows: on the web a read is a call out to the
// browser, and most steps are taken while lesson time stands still.
double Program::Now() const { return m_clock.flowing() ? m_clock.Now(WallSeconds()) : m_clock.Now(0); }

// Not Now(): in a free run other threads' steps move the clock while this one runs between
// two steps, as many as the operating system let in, and a replay must read the same.
double Program::LessonSeconds(Guard&) const { return CurrentThread().stepped_at; }

Program& Program::Current() { return *CurrentThread().program; }

ThreadContext& Program::CurrentThread() {
  void* current = TaskPointer();
  if (!current) throw std::logic_error("threadlab: called outside a running lesson");
  return *static_cast<ThreadContext*>(current);
}

int Program::CurrentThreadIndex() { return CurrentThread().index; }

}  // namespace threadlab
