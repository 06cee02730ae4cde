#include "runtime/lesson_clock.h"

#include <algorithm>
#include <limits>

namespace threadlab {

namespace {
// Later than any wall time. Not a large finite number: the wall clock may count from 1970
// (Emscripten's steady_clock does), and "never" minus such a time must stay positive.
constexpr double kNever = std::numeric_limits<double>::infinity();
}  // namespace

double LessonClock::Now(double wall) const {
  if (!m_flowing) return m_time;
  return std::min(m_target, m_time + std::max(0.0, wall - m_flow_wall) * m_speed);
}

void LessonClock::Freeze(double wall) {
  m_time = Now(wall);
  m_flowing = false;
}

void LessonClock::FlowToward(double target, double wall) {
  m_time = Now(wall);
  m_flowing = target > m_time;
  m_target = std::max(target, m_time);
  m_flow_wall = wall;
}

void LessonClock::JumpTo(double target) {
  m_time = std::max(m_time, target);
  m_flowing = false;
}

double LessonClock::WallAt(double lesson) const {
  if (lesson <= m_time) return m_flowing ? m_flow_wall : 0;
  if (!m_flowing || lesson > m_target) return kNever;
  return m_flow_wall + (lesson - m_time) / m_speed;
}

void LessonClock::SetSpeed(double speed, double wall) {
  if (m_flowing) FlowToward(m_target, wall);  // the flow so far at the old speed
  m_speed = speed;
}

}  // namespace threadlab
