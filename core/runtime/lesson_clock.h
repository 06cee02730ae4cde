// The lesson's clock. Time in a lesson is virtual: a step takes no time, and the clock moves
// on only when every thread of the run waits and some wait has a deadline (a sleep, a
// timeout). Then it flows toward the earliest deadline at `speed` lesson seconds per wall
// second, so that a person can watch; a controlled run jumps there at once.
//
// So the order of a lesson's events does not depend on the machine, nor on the speed: a
// 2 s sleep ends after every step that another thread could take in the meantime, natively
// and in the browser, at 1x and at 1000x. Pure: the wall time is passed in, so it is
// tested without threads.
#pragma once

namespace threadlab {

class LessonClock {
 public:
  explicit LessonClock(double speed) : m_speed(speed) {}

  // Lesson seconds since the start, at this wall time.
  double Now(double wall) const;
  // A thread moves: time stands still where it is.
  void Freeze(double wall);
  // Every thread waits: time flows from now toward `target`, and stops there.
  void FlowToward(double target, double wall);
  // Straight to `target` (controlled runs; or a deadline already passed).
  void JumpTo(double target);
  // The wall time at which Now() reaches `lesson`; infinity while time stands
  // still or flows toward an earlier target.
  double WallAt(double lesson) const;
  // Re-paces the flow from this moment on: a speed change applies to a running lesson.
  void SetSpeed(double speed, double wall);

  bool flowing() const { return m_flowing; }
  double speed() const { return m_speed; }

 private:
  double m_speed;
  double m_time = 0;        // where time stands, or where the current flow began
  bool m_flowing = false;
  double m_target = 0;      // where the current flow stops
  double m_flow_wall = 0;   // the wall time at which the current flow began
};

}  // namespace threadlab
