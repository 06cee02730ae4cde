#include "run/predict.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "run/explore.h"

namespace threadlab {

namespace {

std::string Spaced(std::string name) {
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

std::string ValueText(const OutcomeField& field) {
  if (const bool* flag = std::get_if<bool>(&field.value)) return *flag ? "true" : "false";
  if (const long long* whole = std::get_if<long long>(&field.value)) return std::to_string(*whole);
  if (const double* number = std::get_if<double>(&field.value)) return Shown(std::to_string(*number), 16);
  return Shown(std::get<std::string>(field.value), 40);
}

Ending FieldEnding(const std::string& name, const std::string& value) {
  return {name + "=" + value, Spaced(name) + ": " + value};
}

const Ending kDeadlock{"deadlock", "deadlock"};
const Ending kException{"exception", "an exception"};

// The field a guess is about: the outcome's first key field that is not the deadlock's own.
const OutcomeField* GuessedField(const Outcome& outcome) {
  for (const OutcomeField& field : outcome.fields)
    if (field.key && field.name != "deadlocked" && field.name != "waits") return &field;
  return nullptr;
}

}  // namespace

Ending EndingOf(const Lesson& lesson, const ParamValues& values, const RunSnapshot& run) {
  if (run.status == RunStatus::deadlocked) return kDeadlock;
  if (run.status == RunStatus::raised) return kException;
  const Outcome outcome = lesson.outcome(run, values);
  const OutcomeField* field = GuessedField(outcome);
  if (!field) return {"finished", "it finishes"};
  return FieldEnding(field->name, ValueText(*field));
}

const EndingSeen* Endings::Seen(const std::string& id) const {
  for (const EndingSeen& each : seen)
    if (each.ending.id == id) return &each;
  return nullptr;
}

Endings FindEndings(const Lesson& lesson, const ParamValues& values, size_t max_runs,
                    const std::atomic<bool>* stop, std::function<void(size_t runs)> progress) {
  Endings endings;
  // The whole-number field guessed, with the smallest and largest value seen.
  std::string whole_field;
  long long lowest = 0, highest = 0;
  bool any_whole = false;
  ManyRunsOptions options;
  options.max_runs = max_runs;
  options.stop = stop;
  options.progress = std::move(progress);
  options.each_run = [&](const RunSnapshot& run) {
    const Ending ending = EndingOf(lesson, values, run);
    if (run.status != RunStatus::deadlocked && run.status != RunStatus::raised) {
      const Outcome outcome = lesson.outcome(run, values);
      const OutcomeField* field = GuessedField(outcome);
      if (field && std::holds_alternative<long long>(field->value)) {
        const long long value = std::get<long long>(field->value);
        whole_field = field->name;
        lowest = any_whole ? std::min(lowest, value) : value;
        highest = any_whole ? std::max(highest, value) : value;
        any_whole = true;
      }
    }
    for (EndingSeen& seen : endings.seen) {
      if (seen.ending.id != ending.id) continue;
      ++seen.count;
      return;
    }
    endings.seen.push_back({ending, 1, run.schedule});
  };
  const ManyRuns many = Explore(lesson, values, options);
  endings.runs = many.runs;
  endings.complete = many.complete;

  // The candidates: the whole numbers from 0 (or the lowest seen) to one past the highest,
  // what else was seen, then deadlock and an exception; at most kMaxCandidates, keeping
  // every ending seen.
  std::vector<Ending> numbers;
  if (any_whole)
    for (long long value = std::min(0LL, lowest); value <= highest + 1; ++value)
      numbers.push_back(FieldEnding(whole_field, std::to_string(value)));
  std::vector<Ending> others;
  for (const EndingSeen& seen : endings.seen)
    if (std::none_of(numbers.begin(), numbers.end(), [&](const Ending& e) { return e.id == seen.ending.id; }) &&
        seen.ending.id != kDeadlock.id && seen.ending.id != kException.id)
      others.push_back(seen.ending);
  // Too many numbers: drop the unseen ones at the ends first, then cut (a lesson whose
  // endings are that many asks a question about something else).
  auto unseen = [&](const Ending& e) { return endings.Seen(e.id) == nullptr; };
  while (numbers.size() + others.size() + 2 > kMaxCandidates && !numbers.empty() &&
         (unseen(numbers.back()) || unseen(numbers.front()))) {
    if (unseen(numbers.back())) numbers.pop_back();
    else numbers.erase(numbers.begin());
  }
  endings.candidates = numbers;
  endings.candidates.insert(endings.candidates.end(), others.begin(), others.end());
  endings.candidates.resize(std::min(endings.candidates.size(), kMaxCandidates - 2));
  endings.candidates.push_back(kDeadlock);
  endings.candidates.push_back(kException);
  return endings;
}

Reveal ScorePrediction(const Endings& endings, const std::set<std::string>& picked_ids) {
  Reveal reveal;
  reveal.of = endings.candidates.size();
  for (const Ending& candidate : endings.candidates) {
    const bool picked = picked_ids.count(candidate.id) > 0;
    const bool possible = endings.Seen(candidate.id) != nullptr;
    if (picked) reveal.predicted.push_back(candidate.label);
    if (possible) reveal.actual.push_back(candidate.label);
    if (possible && !picked) reveal.missed.push_back(candidate.label);
    if (picked && !possible) reveal.wrong.push_back(candidate.label);
    if (picked == possible) ++reveal.right;
  }
  return reveal;
}

}  // namespace threadlab
