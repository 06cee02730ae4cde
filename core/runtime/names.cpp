// The names of the trace's enums, as the CLI's jsonl, the trace export and the UI print them.
#include "runtime/trace.h"

namespace threadlab {

const char* ThreadStateName(ThreadState state) {
  switch (state) {
    case ThreadState::running: return "running";
    case ThreadState::sleeping: return "sleeping";
    case ThreadState::waiting_lock: return "waiting for a lock";
    case ThreadState::holding_lock: return "holding a lock";
    case ThreadState::waiting_barrier: return "waiting at a barrier";
    case ThreadState::blocked_queue: return "blocked on a queue";
    case ThreadState::waiting: return "waiting";
    case ThreadState::finished: return "finished";
    case ThreadState::killed: return "killed";
  }
  return "?";
}

const char* EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::thread_started: return "thread_started";
    case EventKind::thread_finished: return "thread_finished";
    case EventKind::thread_killed: return "thread_killed";
    case EventKind::log: return "log";
    case EventKind::sleep_begin: return "sleep_begin";
    case EventKind::sleep_end: return "sleep_end";
    case EventKind::lock_wait: return "lock_wait";
    case EventKind::lock_acquired: return "lock_acquired";
    case EventKind::lock_released: return "lock_released";
    case EventKind::semaphore_wait: return "semaphore_wait";
    case EventKind::semaphore_acquired: return "semaphore_acquired";
    case EventKind::semaphore_released: return "semaphore_released";
    case EventKind::barrier_wait: return "barrier_wait";
    case EventKind::barrier_passed: return "barrier_passed";
    case EventKind::queue_blocked: return "queue_blocked";
    case EventKind::queue_put: return "queue_put";
    case EventKind::queue_get: return "queue_get";
    case EventKind::event_wait: return "event_wait";
    case EventKind::event_set: return "event_set";
    case EventKind::event_cleared: return "event_cleared";
    case EventKind::event_woke: return "event_woke";
    case EventKind::join_wait: return "join_wait";
    case EventKind::join_done: return "join_done";
    case EventKind::timer_started: return "timer_started";
    case EventKind::timer_fired: return "timer_fired";
    case EventKind::timer_cancelled: return "timer_cancelled";
    case EventKind::task_begin: return "task_begin";
    case EventKind::task_end: return "task_end";
    case EventKind::shared_read: return "shared_read";
    case EventKind::shared_write: return "shared_write";
    case EventKind::error: return "error";
    case EventKind::wait_timeout: return "wait_timeout";
    case EventKind::query: return "query";
  }
  return "?";
}

const char* ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::lock: return "Lock";
    case ObjectKind::rlock: return "RLock";
    case ObjectKind::semaphore: return "Semaphore";
    case ObjectKind::barrier: return "Barrier";
    case ObjectKind::event: return "Event";
    case ObjectKind::queue: return "Queue";
    case ObjectKind::timer: return "Timer";
    case ObjectKind::pool: return "ThreadPoolExecutor";
    case ObjectKind::shared_value: return "shared value";
  }
  return "?";
}

}  // namespace threadlab
