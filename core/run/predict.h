// Predict, then reveal: before the runs, the learner ticks the endings they think this
// program can have at these values; the reveal scores the guess against every interleaving
// and gives, for each ending they missed, the schedule of a run that ended so.
//
// An ending is what a run showed, in one word a learner can guess: "deadlock", "an
// exception", or the value of the outcome's first key field ("ending value: 1"). The
// candidates are the endings every interleaving showed, plus the ones a learner might
// expect and never happen: deadlock, an exception, and the whole numbers around those seen.
#pragma once

#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "lesson.h"
#include "runtime/scheduler.h"

namespace threadlab {

// Most candidates a question lists (deadlock and an exception always among them), and most
// interleavings its answer explores.
constexpr size_t kMaxCandidates = 12;
constexpr size_t kMaxPredictionRuns = 20'000;

struct Ending {
  std::string id;     // "ending_value=1", "deadlock", "exception"
  std::string label;  // "ending value: 1", "deadlock", "an exception"
  bool operator<(const Ending& other) const { return id < other.id; }
};

// The ending of one run of the lesson at these values.
Ending EndingOf(const Lesson& lesson, const ParamValues& values, const RunSnapshot& run);

struct EndingSeen {
  Ending ending;
  size_t count = 0;
  Schedule witness;  // the first run that ended so
};

struct Endings {
  std::vector<Ending> candidates;  // what the question lists, in a reading order
  std::vector<EndingSeen> seen;    // what the interleavings showed, in the order first seen
  size_t runs = 0;
  bool complete = true;  // false: stopped at max_runs, so "possible" is a lower bound
  const EndingSeen* Seen(const std::string& id) const;
};

// Explores every interleaving (up to max_runs) for the endings. `stop` ends it early;
// `progress` hears the runs done after each.
Endings FindEndings(const Lesson& lesson, const ParamValues& values,
                    size_t max_runs = kMaxPredictionRuns, const std::atomic<bool>* stop = nullptr,
                    std::function<void(size_t runs)> progress = {});

// A guess scored: each candidate judged right when it was ticked exactly if it can happen.
struct Reveal {
  std::vector<std::string> predicted;  // the labels ticked
  std::vector<std::string> actual;     // the labels that can happen
  std::vector<std::string> missed;     // can happen, not ticked
  std::vector<std::string> wrong;      // ticked, never happens
  size_t right = 0;                    // candidates judged right
  size_t of = 0;                       // candidates judged: every one the question listed
};
Reveal ScorePrediction(const Endings& endings, const std::set<std::string>& picked_ids);

}  // namespace threadlab
