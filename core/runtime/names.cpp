// The names of the objects' kinds, as step mode, the timeline and the state panel print them
// (the names of event kinds and thread states are in the events table, runtime/events.h).
#include "runtime/trace.h"

namespace threadlab {

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
    case ObjectKind::condition: return "Condition";
    case ObjectKind::region: return "region";
  }
  return "?";
}

}  // namespace threadlab
