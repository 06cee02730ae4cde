#include "runtime/moment.h"

#include <algorithm>

#include "runtime/events.h"
#include "runtime/state_tracker.h"

namespace threadlab {

namespace {

std::string Joined(const RunSnapshot& run, const std::vector<int>& objects) {
  std::string text;
  for (size_t i = 0; i < objects.size(); ++i)
    text += (i == 0 ? "" : " and ") + ObjectLabel(run, objects[i]);
  return text;
}

std::string ThreadWords(const RunSnapshot& run, const StateTracker& states, int thread) {
  const TraceEvent& cause = states.Cause(thread);
  const std::string held = Joined(run, states.HeldLocks(thread));
  std::string words;
  switch (states.State(thread)) {
    case ThreadState::running: words = "running"; break;
    case ThreadState::sleeping: words = "sleeping"; break;
    case ThreadState::holding_lock:
      return (cause.kind == EventKind::sleep_begin ? "sleeping, holding " : "holding ") + held;
    case ThreadState::waiting_lock:
    case ThreadState::waiting_barrier:
    case ThreadState::blocked_queue:
    case ThreadState::waiting: {
      WordFacts facts;  // the event that began the wait says what it waits for
      facts.object = ObjectAt(run.objects, cause.object);
      facts.value = cause.value;
      words = Words(cause.kind, Place::waiting, facts);
      break;
    }
    case ThreadState::finished: return "finished";
    case ThreadState::killed: return "ended by the runtime";
  }
  // A thread that waits with a lock in hand is how a deadlock looks: say both.
  return held.empty() ? words : words + ", holding " + held;
}

// The primitives as they stood after the first `events` events: each one's state replayed
// from what its events carry. A shared value shows the last value read or written, and
// before any, the value its first read saw (the lessons read before they write).
std::vector<ObjectInfo> ObjectsAfter(const RunSnapshot& run, size_t events,
                                     const StateTracker& states) {
  std::vector<ObjectInfo> objects = run.objects;
  for (ObjectInfo& object : objects) {
    object.owner = kNoThread;
    object.value = object.kind == ObjectKind::semaphore ? object.capacity : 0;
  }
  std::vector<bool> seen(objects.size(), false);
  for (size_t i = 0; i < run.trace.size(); ++i) {
    const TraceEvent& event = run.trace[i];
    if (event.object < 0 || event.object >= static_cast<int>(objects.size())) continue;
    ObjectInfo& object = objects[event.object];
    const bool shared = event.kind == EventKind::shared_read || event.kind == EventKind::shared_write;
    if (i >= events) {  // after the moment: only a shared value's first read says more
      if (shared && !seen[event.object] && event.kind == EventKind::shared_read)
        object.value = event.value;
      if (shared) seen[event.object] = true;
      continue;
    }
    if (shared) seen[event.object] = true;
    switch (event.kind) {
      case EventKind::lock_acquired:
        object.value = object.kind == ObjectKind::rlock ? event.value : 1;
        object.owner = event.thread;
        break;
      case EventKind::lock_released:
        object.value = event.value;  // the depth left: 0 for a Lock
        if (object.value == 0) object.owner = kNoThread;
        break;
      case EventKind::semaphore_acquired:
      case EventKind::semaphore_released:
        object.value = event.value;  // the permits left
        break;
      case EventKind::event_set: object.value = 1; break;
      case EventKind::event_cleared: object.value = 0; break;
      case EventKind::timer_fired: object.value = 1; break;
      case EventKind::timer_cancelled: object.value = 2; break;
      case EventKind::shared_read:
      case EventKind::shared_write:
        object.value = event.value;
        break;
      case EventKind::queue_put:  // a pool records its queue's length, a Queue the item
        object.value = object.kind == ObjectKind::pool ? event.value : object.value + 1;
        break;
      case EventKind::queue_get:
      case EventKind::task_begin:
        object.value -= 1;
        break;
      case EventKind::condition_wait:  // each carries the threads waiting after it
      case EventKind::condition_notify:
      case EventKind::condition_woke:
      case EventKind::region_enter:    // and the threads inside after it
      case EventKind::region_leave:
        object.value = event.value;
        break;
      case EventKind::wait_timeout:  // a Condition's waiter that gave up is one fewer
        if (object.kind == ObjectKind::condition) object.value = event.value;
        break;
      case EventKind::thread_started:
      case EventKind::thread_finished:
      case EventKind::thread_killed:
      case EventKind::log:
      case EventKind::sleep_begin:
      case EventKind::sleep_end:
      case EventKind::lock_wait:
      case EventKind::semaphore_wait:
      case EventKind::barrier_wait:
      case EventKind::barrier_passed:
      case EventKind::queue_blocked:
      case EventKind::event_wait:
      case EventKind::event_woke:
      case EventKind::join_wait:
      case EventKind::join_done:
      case EventKind::timer_started:
      case EventKind::timer_wait:
      case EventKind::task_end:
      case EventKind::pool_shutdown:
      case EventKind::error:
      case EventKind::goal_reached:
      case EventKind::query:
        break;  // the object stays as it was (a barrier's count is its waiters, below)
    }
  }
  for (size_t thread = 0; thread < run.threads.size(); ++thread) {  // who waits at a barrier
    const TraceEvent& cause = states.Cause(static_cast<int>(thread));
    if (states.State(static_cast<int>(thread)) == ThreadState::waiting_barrier &&
        cause.object >= 0 && cause.object < static_cast<int>(objects.size()))
      objects[cause.object].value += 1;
  }
  return objects;
}

}  // namespace

std::string ObjectLabel(const RunSnapshot& run, int object) {
  if (object < 0 || object >= static_cast<int>(run.objects.size())) return "it";
  return ObjectKindName(run.objects[object].kind) + std::string(" '") + run.objects[object].name +
         "'";
}

Moment MomentAfter(const RunSnapshot& run, size_t events) {
  Moment moment;
  moment.events = std::min(events, run.trace.size());
  moment.threads.resize(run.threads.size());
  StateTracker states;
  for (size_t i = 0; i < moment.events; ++i) {
    const TraceEvent& event = run.trace[i];
    states.Apply(event);
    if (event.kind == EventKind::log) ++moment.log_lines;
    if (event.thread >= 0 && event.thread < static_cast<int>(moment.threads.size()))
      moment.threads[event.thread].started = true;
  }
  moment.log_lines = std::min(moment.log_lines, run.log.size());
  if (moment.events > 0) moment.time = run.trace[moment.events - 1].time;
  for (size_t i = 0; i < moment.threads.size(); ++i) {
    ThreadMoment& thread = moment.threads[i];
    const int index = static_cast<int>(i);
    thread.state = states.State(index);
    thread.words = thread.started ? ThreadWords(run, states, index) : "not started yet";
  }
  moment.objects = ObjectsAfter(run, moment.events, states);
  return moment;
}

Moment MomentAt(const RunSnapshot& run, double time) {
  Moment moment = MomentAfter(run, EventsUntil(run, time));
  moment.time = time;
  return moment;
}

size_t EventsUntil(const RunSnapshot& run, double time) {
  const auto after =
      std::partition_point(run.trace.begin(), run.trace.end(),
                           [&](const TraceEvent& event) { return event.time <= time; });
  return static_cast<size_t>(after - run.trace.begin());
}

}  // namespace threadlab
