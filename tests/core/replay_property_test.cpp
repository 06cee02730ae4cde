// A property of every run: the schedule a free run records replays it. For every lesson, at
// random parameter values within their ranges (seeded, so the values are the same every
// time; the free runs' interleavings are the operating system's), a free run is recorded at
// speed 1, 100 or 1000 and its schedule replayed (SchedulePolicy::replay). The replay must
// log the same lines, from the same threads, in the same order, and end with the same
// outcome and status. A deadlocked free run is compared up to its deadlock (both stop there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "run/explore.h"
#include "test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

// Runs per lesson, spread over the speeds: speed 1000 mostly; speed 1 (real time) only at
// the tiny sleeps its caps below allow.
struct SpeedRuns {
  double speed;
  int runs;
};
constexpr SpeedRuns kSpeeds[] = {{1000, 28}, {100, 8}, {1, 4}};

// The ranges are clamped so that each run takes well under a second at kMaxSpeed, and all
// of them together well under a minute on two cores:
//   - an integer (threads, workers, parties, ...) goes up to 6 at most, or to the larger
//     cap below for counts of work items;
//   - a number (seconds of a sleep, a delay, a timeout) up to 2 s at speed 1000, 0.5 s at
//     speed 100 and 0.01 s at speed 1 (real time): the lessons' sleeps scaled down; a
//     negative lower end (the timer's cancel_after -1, "never") stays in;
//   - producer-consumer-queue's times are smaller still, since its run_time over its
//     produce_time is how many messages the producers make.
constexpr int kMostThreads = 6;
const std::map<std::string, int> kIntegerCaps = {
    {"messages", 20}, {"updates", 20}, {"tasks", 12}, {"items", 10},
    {"acquires", 10}, {"releases", 11},
};
const std::map<std::string, std::map<std::string, double>> kNumberCaps = {
    {"producer-consumer-queue", {{"run_time", 0.03}, {"produce_time", 0.01}, {"consume_time", 0.01}}},
};

double NumberCap(double speed) { return speed >= 1000 ? 2 : speed >= 100 ? 0.5 : 0.01; }

ParamValues RandomValues(const Lesson& lesson, double speed, std::mt19937& random) {
  ParamValues values = DefaultValues(lesson);
  for (const Param& param : lesson.params) {
    const std::string name = param.name;
    double value = 0;
    switch (param.kind) {
      case ParamKind::boolean:
        value = static_cast<double>(random() % 2);
        break;
      case ParamKind::integer: {
        const auto cap = kIntegerCaps.find(name);
        const int most = cap != kIntegerCaps.end() ? cap->second : kMostThreads;
        const int low = static_cast<int>(param.min);
        const int high = std::max(low, std::min(static_cast<int>(param.max), most));
        value = low + static_cast<int>(random() % static_cast<unsigned>(high - low + 1));
        break;
      }
      case ParamKind::number: {
        double most = NumberCap(speed);
        if (const auto caps = kNumberCaps.find(lesson.id); caps != kNumberCaps.end())
          if (const auto cap = caps->second.find(name); cap != caps->second.end())
            most = std::min(most, cap->second);
        const double high = std::max(param.min, std::min(param.max, most));
        // One in four at the lower end (often 0, "no sleep"), which orders steps differently.
        if (random() % 4 == 0) {
          value = param.min;
        } else {
          value = param.min + (high - param.min) * std::uniform_real_distribution<double>(0, 1)(random);
          value = std::round(value * 1e4) / 1e4;  // as a learner would type it
          value = std::clamp(value, param.min, high);
        }
        break;
      }
    }
    EXPECT_FALSE(CheckParam(lesson, name, value)) << lesson.id << " " << name << "=" << value;
    values.Set(name, value);
  }
  return values;
}

// Each log line as "thread: message".
std::vector<std::string> Lines(const RunSnapshot& run) {
  std::vector<std::string> lines;
  for (const LogLine& line : run.log)
    lines.push_back(run.threads.at(line.thread).name + ": " + line.message);
  return lines;
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string Listed(const ParamValues& values) {
  std::string text;
  for (const auto& [name, value] : values.all()) text += " " + name + "=" + Number(value);
  return text;
}

// By the lesson's id (a pointer would name the test by an address).
class ReplayProperty : public ::testing::TestWithParam<std::string> {};

std::vector<std::string> LessonIds() {
  std::vector<std::string> ids;
  for (const Lesson* lesson : Lessons()) ids.push_back(lesson->id);
  return ids;
}

TEST_P(ReplayProperty, AFreeRunsRecordedScheduleReplaysItsLogOutcomeAndStatus) {
  const Lesson& lesson = *FindLesson(GetParam());
  // Seeded by the lesson's id: each lesson gets its own values, the same every time.
  std::mt19937 random(static_cast<unsigned>(std::hash<std::string>{}(lesson.id) & 0xffffffffu));
  int run = 0;
  for (const SpeedRuns& speed : kSpeeds) {
    for (int i = 0; i < speed.runs; ++i, ++run) {
      const ParamValues values = RandomValues(lesson, speed.speed, random);
      const RunSnapshot free_run =
          RunToEnd(StartLesson(lesson, values, RunOptions::AtSpeed(speed.speed)));
      ASSERT_NE(free_run.status, RunStatus::full) << "values too large:" << Listed(values);
      const RunSnapshot replay = RunToEnd(
          StartLesson(lesson, values, Controlled(SchedulePolicy::replay, free_run.schedule)));
      const std::string context = std::string(lesson.id) + " run " + std::to_string(run) +
                                  " at speed " + Number(speed.speed) + ":" +
                                  Listed(values) + "; replay: " + replay.outcome;
      ASSERT_STREQ(RunStatusName(replay.status), RunStatusName(free_run.status)) << context;
      ASSERT_EQ(replay.outcome, free_run.outcome) << context;
      ASSERT_EQ(Lines(replay), Lines(free_run)) << context;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryLesson, ReplayProperty, ::testing::ValuesIn(LessonIds()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace threadlab
