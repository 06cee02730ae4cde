// The data a run leaves behind: log lines, trace events, and the objects they name.
// The runtime records these; the CLI, the UI and the JS API only read copies of them.
#pragma once

#include <string>
#include <vector>

namespace threadlab {

// What a thread is doing, as the timeline colours it. One enum, one colour table (ui/); its
// names and meanings are in runtime/events.h (kThreadStates).
enum class ThreadState {
  running,
  sleeping,
  waiting_lock,     // blocked in Lock/RLock acquire
  holding_lock,     // running or sleeping while it holds at least one lock
  waiting_barrier,
  blocked_queue,    // put on a full queue or get on an empty one
  waiting,          // join, semaphore, event, condition, timer
  finished,
  killed,           // a daemon thread ended at exit, or the run was stopped (stays last)
};
constexpr int kThreadStateCount = static_cast<int>(ThreadState::killed) + 1;
const char* ThreadStateName(ThreadState state);

// Every instrumented point of a lesson is one of these. Each has its row in the events table
// (runtime/events.h), in this order: its name, the state it puts a thread in, its words.
enum class EventKind {
  thread_started,
  thread_finished,
  thread_killed,       // daemon killed at exit, or any thread ended by Stop or a deadlock
  log,                 // a log line (text holds it)
  sleep_begin,
  sleep_end,
  lock_wait,
  lock_acquired,
  lock_released,
  semaphore_wait,
  semaphore_acquired,
  semaphore_released,
  barrier_wait,
  barrier_passed,
  queue_blocked,       // value: 0 = put on full, 1 = get on empty
  queue_put,           // value: the item
  queue_get,           // value: the item
  event_wait,
  event_set,
  event_cleared,
  event_woke,
  join_wait,
  join_done,
  timer_started,
  timer_wait,          // a Timer's thread waits for its delay to pass, or to be cancelled
  timer_fired,
  timer_cancelled,
  task_begin,          // a pool worker starts a submitted task (value: task index)
  task_end,
  pool_shutdown,       // a ThreadPoolExecutor stops taking tasks (leaving Python's `with`)
  condition_wait,      // value: 0 = joins the waiters (lock held); else the waiters now
  condition_notify,    // value at the step: 0 = notify(n), 1 = notify_all; recorded: waiters left
  condition_woke,      // a waiter was notified; it takes the lock again next
  shared_read,         // value: what was read
  shared_write,        // value: what was written
  error,               // an exception escaped a thread (text holds it)
  wait_timeout,        // a wait with a timeout gave up (Queue.get, join, Event/Condition.wait)
  region_enter,        // a thread enters a marked region (value: the threads inside after)
  region_leave,        // and leaves it (value: the threads inside after)
  goal_reached,        // a challenge's goal was met at this step (text: what happened)
  query,               // a look at shared state: Event.is_set, Queue.qsize, Lock.locked...
};                     // (query stays last: kEventKindCount counts up to it)
constexpr int kEventKindCount = static_cast<int>(EventKind::query) + 1;
const char* EventKindName(EventKind kind);

enum class ObjectKind {
  lock, rlock, semaphore, barrier, event, queue, timer, pool, shared_value, condition, region
};
const char* ObjectKindName(ObjectKind kind);

constexpr int kNoThread = -1;
constexpr int kNoObject = -1;

struct TraceEvent {
  double time = 0;           // lesson seconds since the run started
  int thread = kNoThread;    // index into RunSnapshot::threads
  EventKind kind = EventKind::log;
  int object = kNoObject;    // index into RunSnapshot::objects
  long long value = 0;
  std::string text;
};

struct LogLine {
  double time = 0;           // lesson seconds since the run started
  std::string clock;         // "HH:MM:SS", the program's clock
  int thread = kNoThread;
  std::string message;

  std::string Formatted() const { return clock + ": " + message; }  // the seed's logging format
};

struct ThreadInfo {
  std::string name;          // "Main", "Thread 1", "ThreadPoolExecutor-0_1"
  bool daemon = false;
  ThreadState state = ThreadState::running;
};

// The live state of a primitive, for the state panel.
struct ObjectInfo {
  ObjectKind kind = ObjectKind::lock;
  std::string name;
  long long value = 0;       // lock: depth held; semaphore: permits left; queue: size;
                             // barrier: parties waiting; event: 0/1; shared value: the value;
                             // condition, region: threads waiting, threads inside
  long long capacity = 0;    // semaphore: initial permits; queue: maxsize; barrier: parties
  int owner = kNoThread;     // lock and rlock: the holder
};

}  // namespace threadlab
