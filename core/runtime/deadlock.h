// The deadlock report, computed from what each thread waits for. Pure data in, words out, so
// it is tested without threads. The program calls it when every live thread waits with no
// deadline and none of them can go: nothing can ever wake one of them.
#pragma once

#include <string>
#include <vector>

#include "runtime/trace.h"

namespace threadlab {

// What one live thread waits for.
struct ThreadWait {
  int thread = kNoThread;
  EventKind kind = EventKind::lock_wait;  // lock_wait, join_wait, semaphore_wait, ...
  int object = kNoObject;
  int joining = kNoThread;                // join_wait: the thread it joins (-1: all at exit)
  long long value = 0;                    // the step's value (queue_blocked: 0 put, 1 get)
};

struct DeadlockReport {
  std::string text;               // "Thread 0 waits for Lock 'a' held by Thread 1; ..."
  // The threads of a wait-for cycle, in order (each waits for the next, the last for the
  // first), when there is one; a thread waiting for a lock it holds is a cycle of one.
  std::vector<int> cycle;
};

DeadlockReport DescribeDeadlock(const std::vector<ThreadWait>& waits,
                                const std::vector<ThreadInfo>& threads,
                                const std::vector<ObjectInfo>& objects);

}  // namespace threadlab
