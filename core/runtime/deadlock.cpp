#include "runtime/deadlock.h"

#include <algorithm>
#include <map>

namespace threadlab {

namespace {

std::string Describe(const ThreadWait& wait, const std::vector<ThreadInfo>& threads,
                     const std::vector<ObjectInfo>& objects) {
  const std::string& name = threads.at(wait.thread).name;
  const ObjectInfo* object =
      wait.object >= 0 && wait.object < static_cast<int>(objects.size()) ? &objects[wait.object]
                                                                         : nullptr;
  const std::string object_name = object ? "'" + object->name + "'" : "";
  switch (wait.kind) {
    case EventKind::lock_wait:
      if (object && object->owner >= 0)
        return name + " waits for " + ObjectKindName(object->kind) + " " + object_name +
               " held by " + threads.at(object->owner).name;
      return name + " waits for " + (object ? ObjectKindName(object->kind) : "lock") + " " + object_name;
    case EventKind::join_wait:
      if (wait.joining >= 0) return name + " waits for " + threads.at(wait.joining).name + " to finish";
      return name + " waits for the non-daemon threads to finish";
    case EventKind::semaphore_wait:
      return name + " waits for semaphore " + object_name + " (no permit left)";
    case EventKind::barrier_wait:
      return name + " waits at barrier " + object_name +
             (object ? " (" + std::to_string(object->value) + " of " +
                           std::to_string(object->capacity) + " parties there)"
                     : "");
    case EventKind::queue_blocked:
      return name + " waits on queue " + object_name +
             (object && object->value > 0 ? " (full)" : " (empty)");
    case EventKind::event_wait:
      return name + " waits for event " + object_name + " to be set";
    default:
      return name + " waits";
  }
}

// The thread that `wait` waits for, when exactly one can end the wait.
int WaitsFor(const ThreadWait& wait, const std::vector<ObjectInfo>& objects) {
  if (wait.kind == EventKind::lock_wait && wait.object >= 0 &&
      wait.object < static_cast<int>(objects.size()))
    return objects[wait.object].owner;
  if (wait.kind == EventKind::join_wait) return wait.joining;
  return kNoThread;
}

}  // namespace

DeadlockReport DescribeDeadlock(const std::vector<ThreadWait>& waits,
                                const std::vector<ThreadInfo>& threads,
                                const std::vector<ObjectInfo>& objects) {
  DeadlockReport report;
  std::map<int, int> next;  // thread -> the thread it waits for
  for (const ThreadWait& wait : waits) {
    if (!report.text.empty()) report.text += "; ";
    report.text += Describe(wait, threads, objects);
    const int other = WaitsFor(wait, objects);
    if (other != kNoThread) next[wait.thread] = other;
  }
  // Follow the wait-for edges from each thread; a thread seen twice closes a cycle.
  for (const ThreadWait& wait : waits) {
    std::vector<int> path;
    for (int at = wait.thread; next.count(at); at = next[at]) {
      const auto seen = std::find(path.begin(), path.end(), at);
      if (seen != path.end()) {
        report.cycle.assign(seen, path.end());
        return report;
      }
      path.push_back(at);
    }
  }
  return report;
}

}  // namespace threadlab
