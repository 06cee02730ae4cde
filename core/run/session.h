// The playground's run control, apart from any drawing: which lesson is chosen, the values
// its code view shows, the speed, and the current run with what the UI last read of it.
// The UI, the desktop self-test and the web's JS API all drive runs through this; it lives
// in core because it knows nothing of drawing.
//
// A run is free (the operating system picks who moves), or controlled (runtime/scheduler.h):
//   step mode  the learner picks which thread takes its next step (Step); a step that only
//              one thread can take is taken for them (unless every_step), so every pick is
//              a real choice
//   Undo       starts the run again, replaying its schedule up to the learner's last pick,
//              and waits there: the same values, the same log, one pick fewer
//   replay     a recorded schedule, at once (Start with SchedulePolicy::replay), or watched
//              step by step at the speed chosen (Watch), which the learner may pause and
//              step through by hand
// and Run ×N (StartMany) runs the lesson N times, random-controlled from seeds 1..N, on a
// thread of its own, and keeps one witness schedule for each outcome.
//
// It never waits for a lesson, nor for a run's lock: Poll() uses Program::TryRead, stepping
// Program::TryStep, and stopping Program::TryStop, each tried again next frame when the lock
// is busy.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lesson.h"
#include "run/check.h"
#include "run/exit_status.h"
#include "run/explore.h"
#include "run/levels.h"
#include "run/predict.h"
#include "runtime/timeline.h"

namespace threadlab {

constexpr double kMaxUiSpeed = 50;  // the UI's slider
// Watching a replay: steps per second at speed 1 (the speed slider scales it).
constexpr double kWatchStepsPerSecond = 4;
// Run ×N: most runs one request may ask for.
constexpr size_t kMaxManyRuns = 1000;
// A prove-it level's exploration: most interleavings it tries (every level's are fewer).
constexpr size_t kMaxProofRuns = 20'000;

// Run ×N as it stands: how far it got, and what came out so far.
struct ManyRunsView {
  bool running = false;
  std::string error;  // why it ended early (no thread to be had), or empty
  size_t asked = 0;
  size_t done = 0;
  const Lesson* lesson = nullptr;
  ParamValues values;
  ManyRuns result;  // filled once it has ended
  const Level* proof = nullptr;  // StartProof: the level whose every interleaving it explores
};

// The hints for a level, as they stand: worked out off the UI's thread (each is an exploration).
struct HintsView {
  bool working = false;
  size_t steps = 0;  // the steps of the run they were asked after
  Hints hints;       // filled once worked out
  std::string error;
};

// "Check my fix" as it stands: worked out off the UI's thread, as it explores every
// interleaving (run/check.h).
struct CheckView {
  bool running = false;
  int seq = 0;         // counts the checks that have ended, in this session
  size_t done = 0;     // interleavings explored so far
  std::optional<Estimate> estimate;  // known before it explores
  const Level* level = nullptr;  // the level checked
  FixCheck check;      // filled once it has ended
  std::string error;
};

// A reveal as the page reports it (its prediction event): counted once, kept until the next.
struct PredictionResult {
  int seq = 0;                     // counts the reveals, in this session
  const Lesson* lesson = nullptr;  // what the question was about
  Reveal reveal;
};

// Predict, then reveal (run/predict.h) as it stands: the question about the lesson at the
// values asked, its endings worked out off the UI's thread, the learner's ticks, the reveal.
struct PredictionView {
  bool working = false;
  size_t done = 0;                 // interleavings explored so far, while working
  const Lesson* lesson = nullptr;  // what the question is about
  ParamValues values;
  Endings endings;                 // filled once worked out
  std::set<std::string> picked;    // the learner's ticks, by ending id
  bool revealed = false;           // this question's reveal is `result`
  std::string error;
  PredictionResult result;         // the last reveal, this question's or an earlier one's
};

// The line of the lesson's shown source (from 0) that a step is called from, or -1 when it
// is called from elsewhere (the runtime's own steps: a pool worker taking a task, a thread's
// end) or `at` is not in the shown part of the lesson's file.
int ShownLine(const Lesson& lesson, CallSite at);
// That line's text, without its indent, with the values in its slots.
std::string ShownLineText(const Lesson& lesson, int line, const ParamValues& values);

class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Chooses the lesson shown. A run of another lesson is stopped (its values are kept).
  void Select(const Lesson& lesson);
  const Lesson& lesson() const { return *m_lesson; }

  // The values the code view shows and the next run uses; always valid for lesson().
  ParamValues& values() { return m_values[m_lesson->id]; }
  const ParamValues& values() const { return m_values.at(m_lesson->id); }
  void ResetValues() { values() = DefaultValues(*m_lesson); }
  bool ValuesAreDefaults();

  // The speed of the chosen lesson: each lesson keeps its own, from its pace at first.
  double speed() const { return m_speed; }
  // Sets the speed of the next runs and re-paces the running one (from this frame on; a
  // busy lock is tried again next frame). Out-of-range speeds are refused (false). The one
  // way in: a speed set past it would not reach the run.
  bool SetSpeed(double speed);

  // Starts the chosen lesson with values(): free by default, or controlled by `schedule`.
  // A run still going is stopped first. Returns an error message instead when the values
  // or the speed are out of range.
  std::optional<std::string> Start(const ScheduleOptions& schedule = {});
  // Starts a run in step mode.
  std::optional<std::string> StartStepMode();
  // Starts a step-mode run that replays `schedule` one step at a time at the speed chosen.
  std::optional<std::string> Watch(const Schedule& schedule);
  void Stop();
  // Reads what the run recorded since the last call, without ever waiting; in step mode,
  // takes the steps that are not the learner's to pick. (With fibers, runtime/threads.h, the
  // driver lets the runs move between frames: RunFibersFor.)
  void Poll();

  // Step mode: moves `thread` one step. Returns why it cannot, or nothing when it moved.
  std::optional<std::string> Step(int thread);
  // Step mode: takes back the learner's last pick (a watched step counts as one).
  std::optional<std::string> Undo();
  // The run waits for the learner to pick a thread.
  bool awaiting_step() const;
  // A run in step mode (or a watched replay), ended or not.
  bool step_mode() const { return has_run() && m_run_policy == SchedulePolicy::step; }
  bool can_undo() const { return step_mode() && !m_picks.empty(); }
  // A watched replay: the schedule, and whether it plays by itself.
  const Schedule& script() const { return m_script; }
  bool playing = false;
  // Step mode stops where only one thread can go, too (the deadlock lesson's one thread).
  bool every_step = false;
  // Why a watched replay stopped fitting the run (the learner goes on by hand), or empty.
  const std::string& note() const { return m_note; }

  bool has_run() const { return m_program != nullptr; }
  // The run has ended: every thread is done, or it is deadlocked (it stays so until Stop).
  bool ended() const;
  bool running() const { return has_run() && !ended(); }
  int run_id() const { return m_run_id; }  // counts the runs started, 0 before the first
  const Lesson* run_lesson() const { return m_run_lesson; }
  const ParamValues& run_values() const { return m_run_values; }
  const RunSnapshot& snapshot() const { return m_snapshot; }
  const Timeline& timeline() const { return m_timeline; }
  // The CLI's exit status for the run as read so far; -1 while it runs.
  int ExitStatus() const;

  // Challenges: plays a level. Opens its lesson at its values; until LeaveLevel (or another
  // lesson is chosen), every run carries the level's goal and stops where it is met.
  void SelectLevel(const PlacedLevel& level);
  void LeaveLevel();
  const std::optional<PlacedLevel>& level() const { return m_level; }
  // The hints after the steps the current run has taken (none: from the start), off this
  // thread; hints() has them once worked out. A new request replaces one still working.
  void AskHints();
  const HintsView& hints() const { return m_hints_view; }

  // Run ×N of the chosen lesson with values(), off this thread; a Run ×N still going is
  // stopped first. Returns an error message instead when it cannot start.
  std::optional<std::string> StartMany(size_t runs);
  // A "prove it" level: explores every interleaving of the level played, with its goal, the
  // same way off this thread; many().result says whether any won and whether it finished.
  std::optional<std::string> StartProof();
  void StopMany();
  const ManyRunsView& many() const { return m_many_view; }
  // A fix level: checks the learner's fix, the switches of values() (run/check.h), off this
  // thread; check() has the verdict once it has ended. One still going is stopped first.
  std::optional<std::string> StartCheck();
  void StopCheck();
  const CheckView& check() const { return m_check_view; }

  // Predict, then reveal: asks the question for the lesson at values(), its endings explored
  // off this thread, unless a question about them stands already (then it is kept, with its
  // ticks and reveal: a guess is revealed once). A question about something else is dropped.
  std::optional<std::string> StartPrediction();
  // Ends the exploration early: the reveal then says what can happen is at least that.
  void StopPrediction();
  // The learner ticks (or unticks) a candidate ending, by its id, until the reveal.
  std::optional<std::string> TickPrediction(const std::string& id, bool ticked);
  // Scores the ticks once the endings are known, once a question, and counts the reveal in
  // prediction().result.seq.
  std::optional<std::string> RevealPrediction();
  const PredictionView& prediction() const { return m_prediction_view; }
  // The question stands for what is shown: the same lesson at the same values.
  bool PredictionCurrent() const;
  // ?predict=1, a course's wish: until a prediction about the lesson shown is revealed, none
  // of its runs starts (Run, Step, a replay, Run ×N, exploring), for each one shows an ending
  // the guess is about. "Check my fix" is not held back: it checks the learner's fix, not a
  // guess. PredictionPending says why a run waits, or nothing.
  bool predict_first = false;
  std::optional<std::string> PredictionPending() const;

 private:
  struct ManyJob;
  struct HintsJob;
  struct CheckJob;
  struct PredictionJob;
  std::optional<std::string> StartJob(const ParamValues& values, size_t runs, const Level* proof,
                                      std::function<ManyRuns(const ManyRunsOptions&)> work);
  std::optional<std::string> Begin(const ScheduleOptions& schedule, const ParamValues& values);
  void TakeForcedOrScripted();
  void NameSteps();
  void Move(int thread);
  void Retire();

  const Lesson* m_lesson = nullptr;
  std::map<std::string, ParamValues> m_values;  // by lesson id: edits survive switching
  double m_speed = 1;
  std::map<std::string, double> m_speeds;       // the same for the speed

  std::shared_ptr<Program> m_program;
  bool m_stop_pending = false;  // Stop was asked while a lesson thread held the run's lock
  bool m_speed_pending = false; // the same for a speed change
  int m_step_pending = -1;      // the same for a step (the thread to move)
  const Lesson* m_run_lesson = nullptr;
  ParamValues m_run_values;     // what the run started with (Undo starts it again)
  SchedulePolicy m_run_policy = SchedulePolicy::free;
  Schedule m_replayed;          // the schedule the run was started with
  std::vector<size_t> m_picks;  // step mode: the schedule's length at each of the learner's picks
  Schedule m_script;            // a watched replay
  double m_last_watch_step = 0; // wall seconds of its last step
  std::string m_note;
  int m_run_id = 0;
  RunSnapshot m_snapshot;
  Timeline m_timeline;

  // Runs taken off the screen whose Stop must be tried again (a run ends by itself once
  // stopped, and drops the program then).
  std::vector<std::shared_ptr<Program>> m_stopping;

  // Every job above runs on a pooled thread, started by Launch, which counts it here.
  struct JobsInFlight;
  void Launch(std::function<void()> work);
  std::shared_ptr<JobsInFlight> m_jobs;

  std::shared_ptr<ManyJob> m_many;
  ManyRunsView m_many_view;
  std::optional<PlacedLevel> m_level;
  std::shared_ptr<HintsJob> m_hints;
  HintsView m_hints_view;
  std::shared_ptr<CheckJob> m_check;
  CheckView m_check_view;
  std::shared_ptr<PredictionJob> m_prediction;
  PredictionView m_prediction_view;
  std::set<const Lesson*> m_predicted;  // the lessons with a prediction revealed

};

}  // namespace threadlab
