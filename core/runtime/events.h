// The events table: one row per EventKind, and one per ThreadState. A new kind of event is
// one row here: its name, the state it puts a thread in, and its words in every place that
// shows it (step mode, the timeline, the scrubber, the deadlock report). The places read the
// row; none of them lists the kinds again.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "runtime/snapshot.h"
#include "runtime/trace.h"

namespace threadlab {

// ---- thread states ---------------------------------------------------------------------------

struct ThreadStateRow {
  ThreadState state;
  const char* name;     // as the legend, the CLI's jsonl and the trace export print it
  const char* meaning;  // the legend's tooltip
  bool ended;           // nothing follows: its function returned, or the runtime ended it
};

// In the enum's order; the legend loops over it.
inline constexpr std::array<ThreadStateRow, kThreadStateCount> kThreadStates = {{
    {ThreadState::running, "running", "running its code", false},
    {ThreadState::sleeping, "sleeping", "in Sleep(): the lesson's seconds pass", false},
    {ThreadState::waiting_lock, "waiting for a lock",
     "waits in Acquire() for a lock another thread holds", false},
    {ThreadState::holding_lock, "holding a lock", "holds a lock (running or sleeping with it)",
     false},
    {ThreadState::waiting_barrier, "waiting at a barrier",
     "waits at a Barrier for the other parties", false},
    {ThreadState::blocked_queue, "blocked on a queue",
     "waits on a Queue: full for Put(), empty for Get()", false},
    {ThreadState::waiting, "waiting",
     "waits for a Semaphore's permit, an Event, a Condition's notify, a Timer's delay, or "
     "another thread to finish (Join)",
     false},
    {ThreadState::finished, "finished", "its function returned", true},
    {ThreadState::killed, "killed", "ended by the runtime: a daemon at exit, or Stop", true},
}};

constexpr const ThreadStateRow& RowOf(ThreadState state) {
  return kThreadStates[static_cast<int>(state)];
}
constexpr bool Ended(ThreadState state) { return RowOf(state).ended; }

// ---- event kinds -----------------------------------------------------------------------------

// Some kinds read two ways; the row says which fact picks the second form (Phrase::alt).
enum class Alt {
  never,
  value_set,  // the value is not 0: a get on an empty queue (0: a put on a full one); a
              // thread already among a Condition's waiters; notify_all
  no_object,  // the event names no object (is_alive asks about a thread)
  no_thread,  // it joins no thread (Main waits for all of them at exit)
};

// Words with placeholders, filled from the event, its object and the threads' names:
//   {object}   the object as a learner reads it: "Lock '_lock'" ("it" when there is none)
//   {name}     its bare name: "_lock"
//   {count}    its live value: permits left, the shared value, the threads waiting
//   {capacity} its capacity: a barrier's parties
//   {held}     " (held by Thread 1)" when a thread holds it, else nothing
//   {held_by}  " held by Thread 1" when a thread holds it, else nothing
//   {value}    the event's value: the item put, the permits left, the value written
//   {seconds}  the seconds left of a sleep or a timeout: "1.5 s"
//   {thread}   the thread joined
//   {text}     the event's text: the log line, the error
struct Phrase {
  const char* text = nullptr;  // nullptr: this place has no words for the kind
  const char* alt = nullptr;   // when the row's Alt holds; nullptr: `text` either way
};

struct EventRow {
  EventKind kind;
  const char* name;                  // "lock_wait": the CLI's jsonl, the trace export
  std::optional<ThreadState> state;  // what the thread does from this event on (none: no
                                     // change); running and sleeping read as holding_lock
                                     // while the thread holds a lock
  bool changes_activity;             // it starts or ends what the thread does (a sleep, a
                                     // wait), rather than being a step along the way
  Alt alt = Alt::never;
  Phrase step = {};      // step mode, for the step a thread stands at: "acquire Lock 'l'"
  Phrase event = {};     // the timeline's tooltip, for what happened: "took Lock 'l'"
  Phrase waiting = {};   // the scrubber, for a thread that waits since: "waiting for Lock 'l'"
  Phrase deadlock = {};  // the deadlock report, after the thread's name: "waits for Lock 'l'"
};

// In the enum's order.
inline constexpr std::array<EventRow, kEventKindCount> kEvents = {{
    {.kind = EventKind::thread_started, .name = "thread_started", .state = ThreadState::running,
     .changes_activity = true, .step = {"start a thread"}, .event = {"started"}},
    {.kind = EventKind::thread_finished, .name = "thread_finished",
     .state = ThreadState::finished, .changes_activity = true, .step = {"finish"},
     .event = {"finished"}},
    {.kind = EventKind::thread_killed, .name = "thread_killed", .state = ThreadState::killed,
     .changes_activity = true, .event = {"ended by the runtime (a daemon at exit, or Stop)"}},
    {.kind = EventKind::log, .name = "log", .state = {}, .changes_activity = false,
     .step = {"log a line"}, .event = {"logged \"{text}\""}},
    {.kind = EventKind::sleep_begin, .name = "sleep_begin", .state = ThreadState::sleeping,
     .changes_activity = true, .step = {"sleep, {seconds} left"}, .event = {"went to sleep"}},
    {.kind = EventKind::sleep_end, .name = "sleep_end", .state = ThreadState::running,
     .changes_activity = true, .event = {"woke up"}},
    {.kind = EventKind::lock_wait, .name = "lock_wait", .state = ThreadState::waiting_lock,
     .changes_activity = true, .step = {"acquire {object}{held}"},
     .event = {"waits for {object}"}, .waiting = {"waiting for {object}"},
     .deadlock = {"waits for {object}{held_by}"}},
    {.kind = EventKind::lock_acquired, .name = "lock_acquired",
     .state = ThreadState::holding_lock, .changes_activity = true, .event = {"took {object}"}},
    {.kind = EventKind::lock_released, .name = "lock_released", .state = ThreadState::running,
     .changes_activity = true, .step = {"release {object}"}, .event = {"released {object}"}},
    {.kind = EventKind::semaphore_wait, .name = "semaphore_wait", .state = ThreadState::waiting,
     .changes_activity = true, .step = {"acquire {object} ({count} left)"},
     .event = {"waits for a permit of {object}"}, .waiting = {"waiting for a permit of {object}"},
     .deadlock = {"waits for semaphore '{name}' (no permit left)"}},
    {.kind = EventKind::semaphore_acquired, .name = "semaphore_acquired",
     .state = ThreadState::running, .changes_activity = true,
     .event = {"got a permit ({value} left)"}},
    {.kind = EventKind::semaphore_released, .name = "semaphore_released", .state = {},
     .changes_activity = false, .step = {"release {object}"},
     .event = {"gave its permit back ({value} free)"}},
    {.kind = EventKind::barrier_wait, .name = "barrier_wait",
     .state = ThreadState::waiting_barrier, .changes_activity = true,
     .step = {"wait at {object}"}, .event = {"waits at {object} for the others"},
     .waiting = {"waiting at {object} for the others"},
     .deadlock = {"waits at barrier '{name}' ({count} of {capacity} parties there)"}},
    {.kind = EventKind::barrier_passed, .name = "barrier_passed", .state = ThreadState::running,
     .changes_activity = true, .event = {"passed {object}"}},
    {.kind = EventKind::queue_blocked, .name = "queue_blocked",
     .state = ThreadState::blocked_queue, .changes_activity = true, .alt = Alt::value_set,
     .step = {"put on {object}", "get from {object}"},
     .event = {"waits: {object} is full", "waits: {object} is empty"},
     .waiting = {"waiting: {object} is full", "waiting: {object} is empty"},
     .deadlock = {"waits on queue '{name}' (full)", "waits on queue '{name}' (empty)"}},
    // A put or get that had to wait ends the wait; one that did not changes nothing.
    {.kind = EventKind::queue_put, .name = "queue_put", .state = ThreadState::running,
     .changes_activity = true, .step = {"put on {object}"},
     .event = {"put {value} into {object}"}},
    {.kind = EventKind::queue_get, .name = "queue_get", .state = ThreadState::running,
     .changes_activity = true, .event = {"took {value} from {object}"}},
    {.kind = EventKind::event_wait, .name = "event_wait", .state = ThreadState::waiting,
     .changes_activity = true, .step = {"wait for {object}"},
     .event = {"waits for {object} to be set"}, .waiting = {"waiting for {object} to be set"},
     .deadlock = {"waits for event '{name}' to be set"}},
    {.kind = EventKind::event_set, .name = "event_set", .state = {}, .changes_activity = false,
     .step = {"set {object}"}, .event = {"set {object}"}},
    {.kind = EventKind::event_cleared, .name = "event_cleared", .state = {},
     .changes_activity = false, .step = {"clear {object}"}, .event = {"cleared {object}"}},
    {.kind = EventKind::event_woke, .name = "event_woke", .state = ThreadState::running,
     .changes_activity = true, .event = {"{object} was set: goes on"}},
    {.kind = EventKind::join_wait, .name = "join_wait", .state = ThreadState::waiting,
     .changes_activity = true, .alt = Alt::no_thread,
     .step = {"join {thread}", "wait for the other threads to finish"},
     .event = {"waits for a thread to finish (join)"},
     .waiting = {"waiting for a thread to finish (join)"},
     .deadlock = {"waits for {thread} to finish", "waits for the non-daemon threads to finish"}},
    {.kind = EventKind::join_done, .name = "join_done", .state = ThreadState::running,
     .changes_activity = true, .event = {"the thread it joined has finished"}},
    {.kind = EventKind::timer_started, .name = "timer_started", .state = {},
     .changes_activity = false, .step = {"start {object}"}, .event = {"started {object}"}},
    {.kind = EventKind::timer_wait, .name = "timer_wait", .state = ThreadState::waiting,
     .changes_activity = true, .step = {"wait out the delay of {object} ({seconds} left)"},
     .event = {"waits out the delay of {object}, unless it is cancelled"},
     .waiting = {"waiting out the delay of {object}, unless it is cancelled"}},
    {.kind = EventKind::timer_fired, .name = "timer_fired", .state = ThreadState::running,
     .changes_activity = true, .event = {"{object} fired"}},
    {.kind = EventKind::timer_cancelled, .name = "timer_cancelled", .state = {},
     .changes_activity = false, .step = {"cancel {object}"}, .event = {"cancelled {object}"}},
    {.kind = EventKind::task_begin, .name = "task_begin", .state = ThreadState::running,
     .changes_activity = true, .event = {"began task {value}"}},
    {.kind = EventKind::task_end, .name = "task_end", .state = ThreadState::running,
     .changes_activity = true, .event = {"finished task {value}"}},
    {.kind = EventKind::pool_shutdown, .name = "pool_shutdown", .state = {},
     .changes_activity = false, .step = {"shut down {object}"}, .event = {"shut down {object}"}},
    // Two steps of Condition::Wait: the first (value 0) joins the waiters, the lock still
    // held; then the lock is released (lock_released); the second (value: the waiters)
    // waits to be notified; then the lock is taken again (lock_wait).
    {.kind = EventKind::condition_wait, .name = "condition_wait", .state = ThreadState::waiting,
     .changes_activity = true, .alt = Alt::value_set,
     .step = {"wait on {object}", "wake up from {object} (once notified)"},
     .event = {"waits on {object} to be notified"},
     .waiting = {"waiting on {object} to be notified"},
     .deadlock = {"waits on {object} to be notified"}},
    {.kind = EventKind::condition_notify, .name = "condition_notify", .state = {},
     .changes_activity = false, .alt = Alt::value_set,
     .step = {"notify {object} ({count} waiting)", "notify_all {object} ({count} waiting)"},
     .event = {"notified {object} ({value} still waiting)"}},
    {.kind = EventKind::condition_woke, .name = "condition_woke", .state = ThreadState::running,
     .changes_activity = true, .event = {"{object} notified it: takes the lock again"}},
    {.kind = EventKind::shared_read, .name = "shared_read", .state = {},
     .changes_activity = false, .step = {"read {name} ({count})"},
     .event = {"read value: {value}"}},
    {.kind = EventKind::shared_write, .name = "shared_write", .state = {},
     .changes_activity = false, .step = {"write {value} to {name}"}, .event = {"wrote {value}"}},
    {.kind = EventKind::error, .name = "error", .state = {}, .changes_activity = false,
     .step = {"end with the exception it raised"}, .event = {"error: {text}"}},
    {.kind = EventKind::wait_timeout, .name = "wait_timeout", .state = ThreadState::running,
     .changes_activity = true, .event = {"gave up waiting: its timeout passed"}},
    {.kind = EventKind::region_enter, .name = "region_enter", .state = {},
     .changes_activity = false, .step = {"enter {object} ({count} inside)"},
     .event = {"entered {object} ({value} inside now)"}},
    {.kind = EventKind::region_leave, .name = "region_leave", .state = {},
     .changes_activity = false, .step = {"leave {object}"},
     .event = {"left {object} ({value} inside now)"}},
    {.kind = EventKind::goal_reached, .name = "goal_reached", .state = {},
     .changes_activity = false, .event = {"goal: {text}"}},
    {.kind = EventKind::query, .name = "query", .state = {}, .changes_activity = false,
     .alt = Alt::no_object, .step = {"look at {object}", "look at a thread"},
     .event = {"looked at {object}", "asked whether a thread is alive"}},
}};

constexpr bool CoversEveryKind() {
  for (int i = 0; i < kEventKindCount; ++i)
    if (static_cast<int>(kEvents[i].kind) != i) return false;
  for (int i = 0; i < kThreadStateCount; ++i)
    if (static_cast<int>(kThreadStates[i].state) != i) return false;
  return true;
}
static_assert(CoversEveryKind(), "one row per EventKind and per ThreadState, in the enums' order");

constexpr const EventRow& RowOf(EventKind kind) { return kEvents[static_cast<int>(kind)]; }

// ---- words -----------------------------------------------------------------------------------

// What a phrase's placeholders are filled with.
struct WordFacts {
  const ObjectInfo* object = nullptr;                 // the object the event names, if any
  const std::vector<std::string>* names = nullptr;    // thread names, by index
  long long value = 0;
  int thread = kNoThread;                             // the thread joined
  double seconds = 0;
  std::string text;
};

enum class Place { step, event, waiting, deadlock };

const Phrase& PhraseOf(const EventRow& row, Place place);
// The form of `phrase` that the row's Alt picks for these facts.
const char* FormOf(const EventRow& row, const Phrase& phrase, const WordFacts& facts);
// A phrase's placeholders, filled.
std::string Fill(const char* phrase, const WordFacts& facts);
// The kind's words for a place, filled; where the row has none: the kind's name in step
// mode, "waiting" and "waits" elsewhere.
std::string Words(EventKind kind, Place place, const WordFacts& facts);

// The object `id` of a run's table, or nullptr.
const ObjectInfo* ObjectAt(const std::vector<ObjectInfo>& objects, int id);

// The words for a step: its objects as they stand (their holders, values), and each thread
// by `names` (by thread index). The runtime names threads as they were created
// (ThreadPoolExecutor-0_1); step mode, as their log lines do (runtime/log_reading.h).
std::string NextStepText(const NextStep& next, const std::vector<ObjectInfo>& objects,
                         const std::vector<std::string>& names);
// A recorded event in a learner's words: "took Lock 'l'", "read value: 0".
std::string EventWords(const RunSnapshot& run, const TraceEvent& event);

}  // namespace threadlab
