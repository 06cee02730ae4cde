// The playground's run control, apart from any drawing: which lesson is chosen, the values
// its code view shows, the speed, and the current run with what the UI last read of it.
// The UI, the desktop self-test and the web's JS API all drive runs through this; it lives
// in core because it knows nothing of drawing.
//
// It never waits for a lesson, nor for a run's lock: Poll() uses Program::TryRead, and
// stopping uses Program::TryStop, tried again each frame until it gets the lock.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lesson.h"
#include "run/exit_status.h"
#include "runtime/timeline.h"

namespace threadlab {

constexpr double kMinSpeed = 0.1;   // the UI's slider
constexpr double kMaxUiSpeed = 50;  // the UI's slider

class Session {
 public:
  Session();

  // Chooses the lesson shown. A run of another lesson is stopped (its values are kept).
  void Select(const Lesson& lesson);
  const Lesson& lesson() const { return *m_lesson; }

  // The values the code view shows and the next run uses; always valid for lesson().
  ParamValues& values() { return m_values[m_lesson->id]; }
  void ResetValues() { values() = DefaultValues(*m_lesson); }
  bool ValuesAreDefaults();

  double speed = 1;
  // Sets the speed (lesson seconds per wall second). Today it applies from the next run; the
  // virtual lesson clock will re-pace a running lesson too.
  void SetSpeed(double new_speed) { speed = new_speed; }

  // Starts the chosen lesson with values(). A run still going is stopped first.
  // Returns an error message instead when the values or the speed are out of range.
  std::optional<std::string> Start();
  void Stop();
  // Reads what the run recorded since the last call, without ever waiting.
  void Poll();

  bool has_run() const { return m_program != nullptr; }
  // The run has ended: every thread is done, or it is deadlocked (it stays so until Stop).
  bool ended() const;
  bool running() const { return has_run() && !ended(); }
  int run_id() const { return m_run_id; }  // counts the runs started, 0 before the first
  const Lesson* run_lesson() const { return m_run_lesson; }
  const RunSnapshot& snapshot() const { return m_snapshot; }
  const Timeline& timeline() const { return m_timeline; }
  // The CLI's exit status for the run as read so far; -1 while it runs.
  int ExitStatus() const;

 private:
  void Retire();

  const Lesson* m_lesson = nullptr;
  std::map<std::string, ParamValues> m_values;  // by lesson id: edits survive switching

  std::shared_ptr<Program> m_program;
  bool m_stop_pending = false;  // Stop was asked while a lesson thread held the run's lock
  const Lesson* m_run_lesson = nullptr;
  int m_run_id = 0;
  RunSnapshot m_snapshot;
  Timeline m_timeline;

  // Runs taken off the screen whose Stop must be tried again (a run ends by itself once
  // stopped, and drops the program then).
  std::vector<std::shared_ptr<Program>> m_stopping;
};

}  // namespace threadlab
