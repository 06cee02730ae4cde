#include "run/session.h"

#include <stdexcept>

namespace threadlab {

Session::Session() {
  for (const Lesson* lesson : Lessons()) m_values[lesson->id] = DefaultValues(*lesson);
  if (Lessons().empty()) throw std::logic_error("the lesson registry is empty");
  m_lesson = Lessons().front();
}

void Session::Select(const Lesson& lesson) {
  if (&lesson == m_lesson) return;
  Retire();
  m_lesson = &lesson;
}

bool Session::ValuesAreDefaults() {
  return values().all() == DefaultValues(*m_lesson).all();
}

std::optional<std::string> Session::Start() {
  if (auto error = CheckSpeed(speed)) return error;
  for (const auto& [name, value] : values().all())
    if (auto error = CheckParam(*m_lesson, name, value)) return error;
  Retire();
  try {
    m_program = StartLesson(*m_lesson, values(), RunOptions::AtSpeed(speed));
  } catch (const std::exception& error) {  // no thread to be had: say so, don't abort
    return std::string("could not start the run: ") + error.what();
  }
  m_run_lesson = m_lesson;
  ++m_run_id;
  m_snapshot = RunSnapshot();
  m_timeline = Timeline();
  return std::nullopt;
}

// Stop without waiting for the run's lock: when a lesson thread holds it, Poll tries again
// next frame.
void Session::Stop() {
  if (m_program) m_stop_pending = !m_program->TryStop();
}

bool Session::SetSpeed(double new_speed) {
  if (CheckSpeed(new_speed)) return false;
  speed = new_speed;
  m_speed_pending = m_program && !m_program->TrySetSpeed(speed);
  return true;
}

void Session::Poll() {
  if (m_program && m_stop_pending) m_stop_pending = !m_program->TryStop();
  if (m_program && m_speed_pending) m_speed_pending = !m_program->TrySetSpeed(speed);
  if (m_program && !m_snapshot.done && m_program->TryRead(m_snapshot))
    m_timeline.Update(m_snapshot);
  std::erase_if(m_stopping, [](const auto& program) { return program->TryStop(); });
}

bool Session::ended() const {
  return m_snapshot.done || m_snapshot.status == RunStatus::deadlocked;
}

int Session::ExitStatus() const {
  if (!has_run() || !ended()) return -1;
  return ExitStatusOf(m_snapshot.status);
}

// The current run leaves the screen: stop it.
void Session::Retire() {
  if (!m_program) return;
  if (!m_program->TryStop()) m_stopping.push_back(m_program);
  m_program = nullptr;
  m_stop_pending = false;
  m_speed_pending = false;
  m_run_lesson = nullptr;
  m_snapshot = RunSnapshot();
  m_timeline = Timeline();
}

}  // namespace threadlab
