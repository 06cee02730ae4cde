#include "run/session.h"

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "runtime/clock.h"
#include "runtime/events.h"
#include "runtime/log_reading.h"
#include "runtime/threads.h"

namespace threadlab {

// Run ×N on a thread of its own: the session reads `done` each frame, and the result once
// `finished` (with the mutex, tried, never waited for).
struct Session::ManyJob {
  std::atomic<bool> stop{false};
  std::atomic<size_t> done{0};
  std::mutex mutex;
  bool finished = false;
  ManyRuns result;
  std::string error;
};

// Hints the same way: one exploration, its result read once `finished`.
struct Session::HintsJob {
  std::mutex mutex;
  bool finished = false;
  Hints hints;
  std::string error;
};

struct Session::CheckJob {
  std::atomic<bool> stop{false};
  std::atomic<size_t> done{0};
  std::mutex mutex;
  bool finished = false;
  std::optional<Estimate> estimate;
  FixCheck check;
  std::string error;
};

struct Session::JobsInFlight {
  Mutex mutex;
  CondVar ended;
  int running = 0;
};

struct Session::PredictionJob {
  std::atomic<bool> stop{false};
  std::atomic<size_t> done{0};
  std::mutex mutex;
  bool finished = false;
  Endings endings;
  std::string error;
};

Session::Session() : m_jobs(std::make_shared<JobsInFlight>()) {
  for (const Lesson* lesson : Lessons()) m_values[lesson->id] = DefaultValues(*lesson);
  if (Lessons().empty()) throw std::logic_error("the lesson registry is empty");
  m_lesson = Lessons().front();
  m_speed = m_lesson->pace;
}

Session::~Session() {
  StopMany();
  StopCheck();
  StopPrediction();
  // A job reads the lesson and values it was given until it sees its stop: wait for them, so
  // that none outlives what it reads (at a program's exit, the lessons themselves).
  std::unique_lock<Mutex> lock(m_jobs->mutex);
  m_jobs->ended.wait(lock, [this] { return m_jobs->running == 0; });
}

void Session::Launch(std::function<void()> work) {
  std::shared_ptr<JobsInFlight> jobs = m_jobs;
  {
    std::lock_guard<Mutex> lock(jobs->mutex);
    ++jobs->running;
  }
  try {
    RunOnPooledThread([jobs, work = std::move(work)] {
      work();
      std::lock_guard<Mutex> lock(jobs->mutex);
      --jobs->running;
      jobs->ended.notify_all();
    });
  } catch (...) {
    std::lock_guard<Mutex> lock(jobs->mutex);
    --jobs->running;
    throw;
  }
}

void Session::Select(const Lesson& lesson) {
  if (&lesson == m_lesson) return;
  if (m_level) LeaveLevel();
  Retire();
  m_speeds[m_lesson->id] = m_speed;
  m_lesson = &lesson;
  const auto kept = m_speeds.find(lesson.id);
  m_speed = kept != m_speeds.end() ? kept->second : lesson.pace;
}

int ShownLine(const Lesson& lesson, CallSite at) {
  if (!at.file || at.line <= 0) return -1;
  // The compiler names the file as it was given it, often by an absolute path.
  const std::string_view file = at.file, wanted = lesson.code.source_map.file;
  if (!file.ends_with(wanted)) return -1;
  if (file.size() > wanted.size() && file[file.size() - wanted.size() - 1] != '/') return -1;
  const int line = at.line - lesson.code.source_map.first_line;
  const std::string_view source = lesson.code.source;
  const auto shown_lines = std::count(source.begin(), source.end(), '\n');
  return line >= 0 && line < shown_lines ? line : -1;
}

std::string ShownLineText(const Lesson& lesson, int line, const ParamValues& values) {
  std::string_view source = lesson.code.source;
  for (int i = 0; i < line && !source.empty(); ++i) {
    const size_t end = source.find('\n');
    source = end == std::string_view::npos ? std::string_view() : source.substr(end + 1);
  }
  std::string_view text = source.substr(0, source.find('\n'));
  const size_t first = text.find_first_not_of(' ');
  text = first == std::string_view::npos ? std::string_view() : text.substr(first);
  return FillSlots(lesson, text, values);
}

bool Session::ValuesAreDefaults() {
  return values().all() == DefaultValues(*m_lesson).all();
}

std::optional<std::string> Session::Start(const ScheduleOptions& schedule) {
  return Begin(schedule, values());
}

std::optional<std::string> Session::StartStepMode() {
  ScheduleOptions schedule;
  schedule.policy = SchedulePolicy::step;
  return Begin(schedule, values());
}

std::optional<std::string> Session::Watch(const Schedule& schedule) {
  if (auto error = StartStepMode()) return error;
  m_script = schedule;
  playing = true;
  return std::nullopt;
}

std::optional<std::string> Session::Begin(const ScheduleOptions& schedule, const ParamValues& values) {
  if (auto why = PredictionPending()) return why;
  if (auto error = CheckSpeed(m_speed)) return error;
  if (auto error = CheckValues(*m_lesson, values)) return error;
  const ParamValues run_values = values;  // `values` may be the one Retire resets
  Retire();
  RunOptions options = RunOptions::AtSpeed(m_speed);
  options.schedule = schedule;
  options.step_pause = m_lesson->step_pause;
  if (m_level && m_level->lesson == m_lesson) options.goal = m_level->level->goal;
  try {
    m_program = StartLesson(*m_lesson, run_values, options);
  } catch (const std::exception& error) {  // no thread to be had: say so, don't abort
    return std::string("could not start the run: ") + error.what();
  }
  m_run_lesson = m_lesson;
  m_run_values = run_values;
  m_run_policy = schedule.policy;
  m_replayed = schedule.schedule;
  ++m_run_id;
  m_snapshot = RunSnapshot();
  m_timeline = Timeline();
  return std::nullopt;
}

// Stop without waiting for the run's lock: when a lesson thread holds it, Poll tries again
// next frame.
void Session::Stop() {
  playing = false;
  if (m_program) m_stop_pending = !m_program->TryStop();
}

bool Session::SetSpeed(double new_speed) {
  if (CheckSpeed(new_speed)) return false;
  m_speed = new_speed;
  m_speed_pending = m_program && !m_program->TrySetSpeed(m_speed);
  return true;
}

void Session::Poll() {
  if (m_program && m_stop_pending) m_stop_pending = !m_program->TryStop();
  if (m_program && m_speed_pending) m_speed_pending = !m_program->TrySetSpeed(m_speed);
  if (m_program && !m_snapshot.done && m_program->TryRead(m_snapshot)) {
    m_timeline.Update(m_snapshot);
    if (m_run_policy == SchedulePolicy::step) NameSteps();
  }
  if (m_step_pending >= 0) {
    const int thread = m_step_pending;
    m_step_pending = -1;
    if (awaiting_step()) Move(thread);
  } else {
    TakeForcedOrScripted();
  }
  std::erase_if(m_stopping, [](const auto& program) { return program->TryStop(); });
  if (m_check) {
    m_check_view.done = m_check->done;
    std::unique_lock<std::mutex> lock(m_check->mutex, std::try_to_lock);
    if (lock.owns_lock()) m_check_view.estimate = m_check->estimate;
    if (lock.owns_lock() && m_check->finished) {
      m_check_view.check = std::move(m_check->check);
      m_check_view.error = m_check->error;
      m_check_view.running = false;
      ++m_check_view.seq;
      lock.unlock();
      m_check.reset();
    }
  }
  if (m_prediction) {
    m_prediction_view.done = m_prediction->done;
    std::unique_lock<std::mutex> lock(m_prediction->mutex, std::try_to_lock);
    if (lock.owns_lock() && m_prediction->finished) {
      m_prediction_view.endings = std::move(m_prediction->endings);
      m_prediction_view.error = m_prediction->error;
      m_prediction_view.working = false;
      lock.unlock();
      m_prediction.reset();
    }
  }
  if (m_hints) {
    std::unique_lock<std::mutex> lock(m_hints->mutex, std::try_to_lock);
    if (lock.owns_lock() && m_hints->finished) {
      m_hints_view.hints = m_hints->hints;
      m_hints_view.error = m_hints->error;
      m_hints_view.working = false;
      lock.unlock();
      m_hints.reset();
    }
  }
  if (m_many) {
    m_many_view.done = m_many->done;
    std::unique_lock<std::mutex> lock(m_many->mutex, std::try_to_lock);
    if (lock.owns_lock() && m_many->finished) {
      m_many_view.result = m_many->result;
      m_many_view.error = m_many->error;
      m_many_view.running = false;
      lock.unlock();
      m_many.reset();
    }
  }
}

// Step mode words each thread's step with the names the log and the lanes use.
void Session::NameSteps() {
  const std::vector<std::string> labels = ThreadLabels(m_snapshot);
  for (NextStep& next : m_snapshot.next)
    if (next.at_gate) next.text = NextStepText(next, m_snapshot.objects, labels);
}

bool Session::ended() const {
  return m_snapshot.done || m_snapshot.status == RunStatus::deadlocked;
}

int Session::ExitStatus() const {
  if (!has_run() || !ended()) return -1;
  return ExitStatusOf(m_snapshot.status);
}

// ---- step mode ------------------------------------------------------------------------------

// Not while a pick is pending: the snapshot still shows the run before that pick, and a
// second pick read from it would be made against a state the run has already left.
bool Session::awaiting_step() const {
  return has_run() && m_snapshot.awaiting_step && !ended() && !m_stop_pending &&
         m_step_pending < 0;
}

namespace {

std::vector<int> EnabledThreads(const RunSnapshot& run) {
  std::vector<int> enabled;
  for (size_t i = 0; i < run.next.size(); ++i)
    if (run.next[i].enabled) enabled.push_back(static_cast<int>(i));
  return enabled;
}

}  // namespace

// The lock is free whenever the run waits for a step, but a reader elsewhere (a test) may
// hold it for a moment: then the step goes next frame.
void Session::Move(int thread) {
  if (m_program->TryStep(thread))
    m_snapshot.awaiting_step = false;  // until the run says it waits again
  else
    m_step_pending = thread;
}

// The steps that are not the learner's to pick: one only one thread can take, and a watched
// replay's next step when its time has come.
void Session::TakeForcedOrScripted() {
  if (!step_mode() || !awaiting_step()) return;
  const size_t at = m_snapshot.schedule.size();
  const std::vector<int> enabled = EnabledThreads(m_snapshot);
  if (at < m_script.size()) {
    const int thread = m_script[at];
    if (std::find(enabled.begin(), enabled.end(), thread) == enabled.end()) {
      m_note = Printf("the replay does not fit this run at step %zu: pick the threads by hand",
                      at + 1);
      m_script.clear();
      playing = false;
      return;
    }
    if (enabled.size() == 1 && !every_step) return Move(thread);
    const double now = WallSeconds();
    if (!playing || now - m_last_watch_step < 1 / (kWatchStepsPerSecond * m_speed)) return;
    m_last_watch_step = now;
    m_picks.push_back(at);
    return Move(thread);
  }
  if (enabled.size() == 1 && !every_step) Move(enabled.front());
}

std::optional<std::string> Session::Step(int thread) {
  if (!step_mode()) return std::string("no run in step mode: press Step to start one");
  if (ended()) return std::string("the run has ended: Undo steps back, Step starts again");
  const RunSnapshot& run = m_snapshot;
  if (thread < 0 || thread >= static_cast<int>(run.next.size()))
    return Printf("no thread %d in this run (it has threads 0 to %zu)", thread,
                  run.next.size() - 1);
  if (!awaiting_step()) return std::string("the run is between two steps: try again");
  const NextStep& next = run.next[thread];
  const std::string& name = run.threads[thread].name;
  if (!next.enabled)
    return name + " cannot go now" + (next.at_gate ? ": " + next.text : std::string(": it has ended"));
  const size_t at = run.schedule.size();
  // A pick off the watched replay's path leaves the replay; the learner goes on by hand.
  if (at < m_script.size() && m_script[at] != thread) {
    m_script.clear();
    playing = false;
  }
  m_picks.push_back(at);
  Move(thread);
  return std::nullopt;
}

std::optional<std::string> Session::Undo() {
  if (!step_mode()) return std::string("Undo works in step mode");
  if (m_picks.empty()) return std::string("nothing to undo: no thread was picked yet");
  // Everything up to the last pick, replayed; then the run waits where that pick was made.
  // (A run started by the last Undo may not have replayed its prefix yet.)
  const Schedule& known = m_snapshot.schedule.size() > m_replayed.size() ? m_snapshot.schedule : m_replayed;
  ScheduleOptions schedule;
  schedule.policy = SchedulePolicy::step;
  schedule.schedule.assign(known.begin(), known.begin() + std::min(m_picks.back(), known.size()));
  std::vector<size_t> picks(m_picks.begin(), m_picks.end() - 1);
  Schedule script = m_script;
  if (auto error = Begin(schedule, m_run_values)) return error;
  m_picks = std::move(picks);
  m_script = std::move(script);
  return std::nullopt;
}

// The current run leaves the screen: stop it.
void Session::Retire() {
  m_picks.clear();
  m_script.clear();
  m_note.clear();
  playing = false;
  m_step_pending = -1;
  m_run_policy = SchedulePolicy::free;
  if (!m_program) return;
  if (!m_program->TryStop()) m_stopping.push_back(m_program);
  m_program = nullptr;
  m_stop_pending = false;
  m_speed_pending = false;
  m_run_lesson = nullptr;
  m_snapshot = RunSnapshot();
  m_timeline = Timeline();
}

// ---- Run ×N ---------------------------------------------------------------------------------

std::optional<std::string> Session::StartMany(size_t runs) {
  if (runs < 1 || runs > kMaxManyRuns)
    return Printf("runs must be a whole number from 1 to %zu, got %zu", kMaxManyRuns, runs);
  if (auto error = CheckValues(*m_lesson, values())) return error;
  const Lesson* lesson = m_lesson;
  const ParamValues run_values = values();
  return StartJob(run_values, runs, nullptr, [lesson, run_values, runs](const ManyRunsOptions& options) {
    return RunMany(*lesson, run_values, runs, SchedulePolicy::random, options);
  });
}

std::optional<std::string> Session::StartProof() {
  if (!m_level || !m_level->prove()) return std::string("only a prove-it level is proved by exploring");
  const PlacedLevel level = *m_level;
  return StartJob(LevelValues(level), kMaxProofRuns, level.level, [level](const ManyRunsOptions& options) {
    ManyRunsOptions proof = options;
    proof.max_runs = kMaxProofRuns;
    proof.goal = level.level->goal;
    return Explore(*level.lesson, LevelValues(level), proof);
  });
}

std::optional<std::string> Session::StartJob(const ParamValues& values, size_t runs, const Level* proof,
                                             std::function<ManyRuns(const ManyRunsOptions&)> work) {
  if (auto why = PredictionPending()) return why;
  StopMany();
  auto job = std::make_shared<ManyJob>();
  try {
    Launch([job, work = std::move(work)] {
      ManyRunsOptions options;
      options.stop = &job->stop;
      options.progress = [&job](size_t done) { job->done = done; };
      ManyRuns result;
      std::string error;
      try {
        result = work(options);
      } catch (const std::exception& failure) {  // no thread to be had for a run
        error = std::string("the runs stopped: ") + failure.what();
      }
      std::lock_guard<std::mutex> lock(job->mutex);
      job->result = std::move(result);
      job->error = std::move(error);
      job->finished = true;
    });
  } catch (const std::exception& error) {
    return std::string("could not start the runs: ") + error.what();
  }
  m_many = job;
  m_many_view = ManyRunsView();
  m_many_view.running = true;
  m_many_view.asked = runs;
  m_many_view.lesson = m_lesson;
  m_many_view.values = values;
  m_many_view.proof = proof;
  return std::nullopt;
}

void Session::StopMany() {
  if (m_many) m_many->stop = true;
}

// ---- Challenges -----------------------------------------------------------------------------

void Session::SelectLevel(const PlacedLevel& level) {
  Select(*level.lesson);
  values() = LevelValues(level);
  m_level = level;
  m_hints.reset();
  m_hints_view = HintsView();
  StopCheck();
}

void Session::LeaveLevel() {
  m_level.reset();
  m_hints.reset();
  m_hints_view = HintsView();
  StopCheck();
}

std::optional<std::string> Session::StartCheck() {
  if (!m_level || m_level->prove()) return std::string("only a fix level has a fix to check");
  if (auto error = CheckValues(*m_lesson, values())) return error;
  StopCheck();
  auto job = std::make_shared<CheckJob>();
  const PlacedLevel level = *m_level;
  const ParamValues learner = values();
  try {
    Launch([job, level, learner] {
      CheckOptions options;
      options.stop = &job->stop;
      options.progress = [&job](size_t done) { job->done = done; };
      options.estimated = [&job](const Estimate& estimate) {
        std::lock_guard<std::mutex> lock(job->mutex);
        job->estimate = estimate;
      };
      FixCheck check;
      std::string error;
      try {
        check = CheckFix(level, learner, options);
      } catch (const std::exception& failure) {  // no thread to be had for a run
        error = std::string("the check stopped: ") + failure.what();
      }
      std::lock_guard<std::mutex> lock(job->mutex);
      job->check = std::move(check);
      job->error = std::move(error);
      job->finished = true;
    });
  } catch (const std::exception& error) {
    return std::string("could not start the check: ") + error.what();
  }
  m_check = job;
  m_check_view.running = true;
  m_check_view.done = 0;
  m_check_view.estimate.reset();
  m_check_view.level = level.level;
  m_check_view.check = FixCheck();
  m_check_view.error.clear();
  return std::nullopt;
}

void Session::StopCheck() {
  if (m_check) m_check->stop = true;
  m_check.reset();
  m_check_view.running = false;
}

void Session::AskHints() {
  if (!m_level) return;
  const Schedule prefix = has_run() && m_run_lesson == m_level->lesson ? m_snapshot.schedule : Schedule();
  auto job = std::make_shared<HintsJob>();
  const PlacedLevel level = *m_level;
  const Schedule known_win = m_hints_view.hints.show_me;
  try {
    Launch([job, level, prefix, known_win] {
      Hints hints;
      std::string error;
      try {
        hints = HintsFor(level, prefix, known_win);
      } catch (const std::exception& failure) {
        error = std::string("no hint: ") + failure.what();
      }
      std::lock_guard<std::mutex> lock(job->mutex);
      job->hints = std::move(hints);
      job->error = std::move(error);
      job->finished = true;
    });
  } catch (const std::exception& error) {
    m_hints_view.error = std::string("no hint: ") + error.what();
    return;
  }
  m_hints = job;
  m_hints_view = HintsView();
  m_hints_view.working = true;
  m_hints_view.steps = prefix.size();
}

// ---- Predict, then reveal ------------------------------------------------------------------

std::optional<std::string> Session::StartPrediction() {
  if (auto error = CheckValues(*m_lesson, values())) return error;
  if (PredictionCurrent() && m_prediction_view.error.empty()) return std::nullopt;
  StopPrediction();
  auto job = std::make_shared<PredictionJob>();
  const Lesson* lesson = m_lesson;
  const ParamValues asked = values();
  try {
    Launch([job, lesson, asked] {
      Endings endings;
      std::string error;
      try {
        endings = FindEndings(*lesson, asked, kMaxPredictionRuns, &job->stop,
                              [&job](size_t done) { job->done = done; });
      } catch (const std::exception& failure) {  // no thread to be had for a run
        error = std::string("the question could not be worked out: ") + failure.what();
      }
      std::lock_guard<std::mutex> lock(job->mutex);
      job->endings = std::move(endings);
      job->error = std::move(error);
      job->finished = true;
    });
  } catch (const std::exception& error) {
    return std::string("could not start the question: ") + error.what();
  }
  m_prediction = job;
  PredictionView question;
  question.result = m_prediction_view.result;  // the page may not have reported it yet
  question.working = true;
  question.lesson = lesson;
  question.values = asked;
  m_prediction_view = std::move(question);
  return std::nullopt;
}

void Session::StopPrediction() {
  if (m_prediction) m_prediction->stop = true;
}

namespace {

// Why the question cannot take a tick or be revealed now, or nothing.
std::optional<std::string> QuestionClosed(const PredictionView& view, bool current) {
  if (!view.lesson) return std::string("there is no question yet: press Predict to ask it");
  if (view.working) return std::string("the endings are still being worked out");
  if (!view.error.empty()) return view.error;
  if (!current) return std::string("the lesson or its values changed since the question: ask it again");
  if (view.revealed) return std::string("this prediction is revealed already: change the values for a new question");
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Session::TickPrediction(const std::string& id, bool ticked) {
  PredictionView& view = m_prediction_view;
  if (auto why = QuestionClosed(view, PredictionCurrent())) return why;
  const std::vector<Ending>& candidates = view.endings.candidates;
  if (std::none_of(candidates.begin(), candidates.end(), [&](const Ending& e) { return e.id == id; })) {
    std::string ids;
    for (const Ending& candidate : candidates) ids += (ids.empty() ? "" : ", ") + candidate.id;
    return "no ending '" + Shown(id) + "' among the candidates (" + ids + ")";
  }
  if (ticked) view.picked.insert(id);
  else view.picked.erase(id);
  return std::nullopt;
}

std::optional<std::string> Session::RevealPrediction() {
  PredictionView& view = m_prediction_view;
  if (auto why = QuestionClosed(view, PredictionCurrent())) return why;
  view.revealed = true;
  view.result = {view.result.seq + 1, view.lesson, ScorePrediction(view.endings, view.picked)};
  m_predicted.insert(view.lesson);
  return std::nullopt;
}

bool Session::PredictionCurrent() const {
  return m_prediction_view.lesson == m_lesson && m_prediction_view.values.all() == values().all();
}

std::optional<std::string> Session::PredictionPending() const {
  if (!predict_first || m_predicted.count(m_lesson)) return std::nullopt;
  return std::string("predict first: press Predict, tick what can happen, then Reveal");
}

}  // namespace threadlab
