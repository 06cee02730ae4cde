// A challenge's goal (run/levels.h): what the learner, as the scheduler, must make a lesson
// do. The runtime checks it at every step, from what the step did (never from log text);
// when it is met the run stops at that very step, so that the schedule so far is the win.
//
//   inside      at least `count` threads inside Region `name` at once
//   deadlock    every live thread blocked for good (the gate's wait-for detection)
//   lost_update a thread writes SharedValue `name` from a read that another thread's write
//               has made stale: an update is lost at that write
//   value       SharedValue `name`, once main has returned, compares with `count`
//   error       an exception of type `name` ("IndexError") escapes a thread
//   happens     an event of kind `event` on the object named `name` (a Timer that fires)
#pragma once

#include <string>
#include <vector>

#include "runtime/trace.h"

namespace threadlab {

enum class GoalKind { inside, deadlock, lost_update, value, error, happens };
enum class Compare { equal, not_equal, below, above };

struct Goal {
  GoalKind kind = GoalKind::deadlock;
  const char* name = "";
  long long count = 0;
  Compare compare = Compare::equal;
  EventKind event = EventKind::log;      // happens
  ObjectKind object = ObjectKind::lock;  // happens: the kind of the object named

  static Goal Inside(const char* region, long long at_least) {
    return {GoalKind::inside, region, at_least};
  }
  static Goal Deadlock() { return {GoalKind::deadlock}; }
  static Goal LostUpdate(const char* value) { return {GoalKind::lost_update, value}; }
  static Goal Value(const char* value, Compare compare, long long than) {
    return {GoalKind::value, value, than, compare};
  }
  static Goal Error(const char* type) { return {GoalKind::error, type}; }
  static Goal Happens(EventKind event, ObjectKind kind, const char* object) {
    return {GoalKind::happens, object, 0, Compare::equal, event, kind};
  }
};

// How the log line of a met goal begins. Not "Name: ", which would read as a thread's name
// (runtime/log_reading.h, ThreadLabels).
inline constexpr const char* kGoalLogPrefix = "Goal reached at this step: ";

// The goal as a learner reads it: "get 2 threads inside 'critical section' at once".
std::string GoalText(const Goal& goal);

// Where a run met its goal.
struct GoalMet {
  bool met = false;
  size_t step = 0;   // the steps taken when it was met, this one included: the win is the
                     // schedule's first `step` entries
  double time = 0;   // lesson seconds
  int thread = kNoThread;
  std::string text;  // what happened, in one plain sentence
};

// Watches a run's steps for its goal; the program calls it with its lock held, after each
// step's effect is recorded (and at a deadlock, and once main has returned).
class GoalWatch {
 public:
  explicit GoalWatch(Goal goal) : m_goal(goal) {}
  const Goal& goal() const { return m_goal; }

  // The sentence when this event meets the goal, else empty.
  std::string OnEvent(const TraceEvent& event, const std::vector<ObjectInfo>& objects,
                      const std::vector<ThreadInfo>& threads);
  std::string OnDeadlock() const;
  std::string OnEnd(const std::vector<ObjectInfo>& objects) const;

 private:
  struct Read {
    int thread;
    int object;
    long long version;  // the object's writes when the thread read it
  };
  Goal m_goal;
  std::vector<long long> m_writes;  // by object: how many writes so far
  std::vector<Read> m_reads;        // each thread's last read of each object
};

}  // namespace threadlab
