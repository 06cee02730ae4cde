#include "runtime/deadlock.h"

#include <algorithm>
#include <map>

#include "runtime/events.h"

namespace threadlab {

namespace {

std::string Describe(const ThreadWait& wait, const std::vector<ThreadInfo>& threads,
                     const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> names;
  for (const ThreadInfo& thread : threads) names.push_back(thread.name);
  WordFacts facts;
  facts.object = ObjectAt(objects, wait.object);
  facts.names = &names;
  facts.value = wait.value;
  facts.thread = wait.joining;
  return threads.at(wait.thread).name + " " + Words(wait.kind, Place::deadlock, facts);
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
