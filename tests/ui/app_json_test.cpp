// The page's JSON (ui/app_json.h), checked natively on a real App: the fields the browser
// tests and the page's own JS read (threadlab.state(), run()'s result, the text layer's page,
// the scrubber, Run ×N), each run driven to its end or by a stated schedule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "app_json.h"
#include "app_requests.h"
#include "run/link.h"
#include "ui_test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

// Runs a request to its end at the core's top speed, or by `schedule`; the app shows it.
void RunToEnd(App& app, const std::string& id, const std::map<std::string, double>& values = {},
              const std::string& schedule = "") {
  StagedRequest request;
  ASSERT_EQ(request.Prepare(id), std::nullopt);
  for (const auto& [name, value] : values) ASSERT_EQ(request.SetNumber(name, value), std::nullopt);
  ASSERT_EQ(StartRequest(app, request, kMaxSpeed, schedule), std::nullopt);
  ASSERT_TRUE(PollUntil(app, [&] { return app.session.ended(); }));
}

TEST(LessonsJson, ListsEveryLessonInTheRegistrysOrderWithItsParameters) {
  const JsonValue lessons = JsonValue::Parse(LessonsJson());
  ASSERT_EQ(lessons.size(), Lessons().size());
  for (size_t i = 0; i < Lessons().size(); ++i) {
    EXPECT_EQ(lessons[i]["id"].string, Lessons()[i]->id);
    EXPECT_EQ(lessons[i]["params"].size(), Lessons()[i]->params.size());
  }
  const auto race = std::find(Lessons().begin(), Lessons().end(), FindLesson("race-condition"));
  const JsonValue& workers = lessons[static_cast<size_t>(race - Lessons().begin())]["params"][0];
  EXPECT_EQ(workers["name"].string, "workers");
  EXPECT_EQ(workers["kind"].string, "integer");
  EXPECT_EQ(workers["default"].number, 2);
  EXPECT_EQ(workers["max"].number, 32);
}

TEST(LimitsJson, GivesTheJsTheCoresOwnLimits) {
  const JsonValue limits = JsonValue::Parse(LimitsJson());
  EXPECT_EQ(limits["minSpeed"].number, kMinSpeed);
  EXPECT_EQ(limits["maxSpeed"].number, kMaxSpeed);
  EXPECT_EQ(limits["maxThreads"].number, kMaxThreadsPerRun);
  EXPECT_EQ(limits["maxLinkLength"].number, kMaxLinkLength);
  EXPECT_EQ(limits["maxEndings"].number, kMaxCandidates);
  EXPECT_EQ(limits["exitStatus"]["usage"].number, kExitUsage);
  EXPECT_EQ(limits["exitStatus"]["deadlock"].number, kExitDeadlock);
  EXPECT_EQ(limits["exitStatus"]["stopped"].number, kExitStopped);
}

TEST(StateJson, BeforeAnyRunSaysSoWithNulls) {
  App app;
  const JsonValue state = State(app);
  EXPECT_TRUE(state["ready"].boolean);
  EXPECT_EQ(state["lesson"].string, Lessons().front()->id);
  EXPECT_EQ(state["run"].number, 0);
  EXPECT_TRUE(state["status"].is_null());
  EXPECT_TRUE(state["runLesson"].is_null());
  EXPECT_TRUE(state["policy"].is_null());
  EXPECT_FALSE(state["ended"].boolean);
  EXPECT_EQ(state["threads"].size(), 0u);
  EXPECT_FALSE(state["scrub"]["on"].boolean);
  EXPECT_EQ(state["many"]["asked"].number, 0);
  EXPECT_TRUE(state["many"]["lesson"].is_null());
  EXPECT_EQ(state["speed"].number, Lessons().front()->pace);
}

TEST(StateJson, ARaceRunToItsEndReadsAsTheCliWouldReportIt) {
  App app;
  RunToEnd(app, "race-condition", {{"workers", 2}, {"updates", 2}});
  const JsonValue state = State(app);
  EXPECT_EQ(state["lesson"].string, "race-condition");
  EXPECT_EQ(state["runLesson"].string, "race-condition");
  EXPECT_EQ(state["run"].number, 1);
  EXPECT_EQ(state["status"].string, "finished");
  EXPECT_TRUE(state["ended"].boolean);
  EXPECT_TRUE(state["done"].boolean);
  EXPECT_FALSE(state["running"].boolean);
  EXPECT_EQ(state["params"]["workers"].number, 2);
  EXPECT_EQ(state["speed"].number, kMaxSpeed);
  EXPECT_EQ(state["threads"][0]["name"].string, "Main");
  EXPECT_EQ(state["threads"].size(), app.session.snapshot().threads.size());
  for (const JsonValue& thread : state["threads"].items) EXPECT_FALSE(thread["canGo"].boolean);

  const JsonValue result = Result(app);
  EXPECT_EQ(result["run"].number, 1);
  EXPECT_EQ(result["status"].string, "finished");
  EXPECT_EQ(result["exitStatus"].number, kExitRan);
  EXPECT_EQ(result["log"].size(), state["logLines"].number);
  EXPECT_EQ(result["outcome"].string, state["outcome"].string);
  EXPECT_EQ(result["fields"]["expected"].number, 2);
  EXPECT_TRUE(result["fields"].Has("ending_value"));
  EXPECT_FALSE(result["schedule"].string.empty());
}

TEST(ResultJson, ARunsScheduleReplaysItExactly) {
  App app;
  RunToEnd(app, "race-condition", {{"workers", 3}, {"updates", 2}});
  const JsonValue first = Result(app);
  RunToEnd(app, "race-condition", {{"workers", 3}, {"updates", 2}}, first["schedule"].string);
  const JsonValue again = Result(app);
  EXPECT_EQ(again["run"].number, 2);
  EXPECT_EQ(again["schedule"].string, first["schedule"].string);
  EXPECT_EQ(again["outcome"].string, first["outcome"].string);
  ASSERT_EQ(again["log"].size(), first["log"].size());
  EXPECT_EQ(State(app)["policy"].string, "replay");
}

// As tests/web/stepmode.mjs drives the deadlock lesson, one click at a time.
TEST(StateJson, StepModeShowsEachThreadsNextStepAndItsShownLine) {
  App app;
  StagedRequest request;
  ASSERT_EQ(request.Prepare("deadlock"), std::nullopt);
  ASSERT_EQ(StartStepMode(app, &request, true), std::nullopt);
  ASSERT_TRUE(Settle(app));
  JsonValue state = State(app);
  EXPECT_TRUE(state["stepMode"].boolean);
  EXPECT_TRUE(state["everyStep"].boolean);
  EXPECT_EQ(state["policy"].string, "step");
  for (int picks = 0; !state["ended"].boolean; ++picks) {
    ASSERT_LT(picks, 100) << "the deadlock lesson never deadlocked";
    ASSERT_TRUE(state["awaiting"].boolean);
    ASSERT_TRUE(state["threads"][0]["canGo"].boolean);
    ASSERT_EQ(app.session.Step(0), std::nullopt);
    ASSERT_TRUE(Settle(app));
    state = State(app);
  }
  EXPECT_EQ(state["status"].string, "deadlocked");
  EXPECT_EQ(state["threads"][0]["next"].string, "acquire Lock 'l' (held by Main)");
  const JsonValue& line = state["threads"][0]["line"];
  ASSERT_EQ(line.kind, JsonValue::Kind::number);
  const std::string shown_line = [&] {
    const std::string source = FindLesson("deadlock")->code.source;
    size_t at = 0;
    for (int i = 1; i < line.number; ++i) at = source.find('\n', at) + 1;
    return source.substr(at, source.find('\n', at) - at);
  }();
  EXPECT_NE(shown_line.find("Acquire"), std::string::npos) << shown_line;
  EXPECT_NE(state["deadlock"].string.find("Main"), std::string::npos);
  EXPECT_GT(state["steps"].number, 0);
  EXPECT_TRUE(state["canUndo"].boolean);
  EXPECT_EQ(Result(app)["exitStatus"].number, kExitDeadlock);
}

TEST(ScrubJson, AMomentOfAnEndedRunNamesEachThreadAsItsLaneAndEachObject) {
  App app;
  RunToEnd(app, "lock", {{"workers", 2}, {"updates", 2}});
  EXPECT_FALSE(State(app)["scrub"]["on"].boolean);
  const double middle = app.session.snapshot().now / 2;
  ASSERT_EQ(Scrub(app, middle), std::nullopt);
  const JsonValue scrub = State(app)["scrub"];
  EXPECT_TRUE(scrub["on"].boolean);
  EXPECT_LE(scrub["time"].number, middle);
  EXPECT_GT(scrub["events"].number, 0);
  EXPECT_LE(scrub["logLines"].number, State(app)["logLines"].number);
  ASSERT_EQ(scrub["threads"].size(), app.session.snapshot().threads.size());
  EXPECT_EQ(scrub["threads"][0]["name"].string, "Main");
  EXPECT_FALSE(scrub["threads"][0]["words"].string.empty());
  bool value_seen = false, lock_seen = false;
  for (const JsonValue& object : scrub["objects"].items) {
    value_seen |= object["name"].string == "value";
    lock_seen |= object["kind"].string == "Lock";
  }
  EXPECT_TRUE(value_seen && lock_seen) << ScrubJson(app.timeline_view, app.session.snapshot());
  EXPECT_EQ(Page(app)["scrub"]["time"].number, scrub["time"].number);  // the text layer's too

  ASSERT_EQ(Scrub(app, -1), std::nullopt);  // scrub(null): the whole run again
  EXPECT_FALSE(State(app)["scrub"]["on"].boolean);
  EXPECT_EQ(Scrub(app, std::nan("")), "time must be a number of lesson seconds");
}

TEST(ScrubJson, ThereIsNothingToScrubBeforeARunHasEnded) {
  App app;
  EXPECT_EQ(Scrub(app, 0.05),
            "no ended run to look at: the scrubber shows a run once it has ended");
}

// As tests/web/stepmode.mjs reads the playground's Run ×100: each outcome's witness replays it.
TEST(ManyJson, RunTimesNCountsEveryRunAndEachWitnessReplaysItsOutcome) {
  App app;
  StagedRequest request;
  ASSERT_EQ(request.Prepare("race-condition"), std::nullopt);
  ASSERT_EQ(request.SetNumber("sleep", 0), std::nullopt);
  ASSERT_EQ(request.Show(app), std::nullopt);
  ASSERT_EQ(app.session.StartMany(20), std::nullopt);
  ASSERT_TRUE(PollUntil(app, [&] { return !app.session.many().running; }));
  const JsonValue many = State(app)["many"];
  EXPECT_EQ(many["asked"].number, 20);
  EXPECT_EQ(many["done"].number, 20);
  EXPECT_EQ(many["lesson"].string, "race-condition");
  EXPECT_EQ(many["error"].string, "");
  double counted = 0;
  for (const JsonValue& outcome : many["outcomes"].items) {
    counted += outcome["count"].number;
    ASSERT_FALSE(outcome["witness"].string.empty());
    RunToEnd(app, "race-condition", {{"sleep", 0}}, outcome["witness"].string);
    EXPECT_EQ(Result(app)["outcome"].string, outcome["outcome"].string);
  }
  EXPECT_EQ(counted, 20);
}

TEST(PageJson, GivesTheTextLayerTheLessonItsValuesAndTheLogInPages) {
  App app;
  RunToEnd(app, "race-condition", {{"workers", 3}});
  const JsonValue page = Page(app);
  EXPECT_EQ(page["lesson"].string, "race-condition");
  EXPECT_EQ(page["title"].string, FindLesson("race-condition")->title);
  EXPECT_EQ(page["text"].string.find('{'), std::string::npos) << "every {slot} filled";
  EXPECT_EQ(page["params"][0]["name"].string, "workers");
  EXPECT_EQ(page["params"][0]["value"].string, "3");
  EXPECT_EQ(page["params"][2]["value"].string, "0.1");  // as the code shows it
  EXPECT_FALSE(page["running"].boolean);
  EXPECT_FALSE(page["status"].string.empty());
  EXPECT_EQ(page["outcome"].string, app.session.snapshot().outcome);
  EXPECT_FALSE(page["typing"].boolean);
  for (const char* drawn : {"fields", "markers", "controls"})  // no frame drawn: no spots
    EXPECT_EQ(page[drawn].size(), 0u) << drawn;

  const size_t lines = app.session.snapshot().log.size();
  ASSERT_GT(lines, 2u);
  EXPECT_EQ(page["logLines"].number, lines);
  EXPECT_EQ(page["log"].size(), lines);
  EXPECT_EQ(page["log"][0].string, app.session.snapshot().log[0].Formatted());
  const JsonValue rest = Page(app, 2);
  EXPECT_EQ(rest["logFrom"].number, 2);
  EXPECT_EQ(rest["log"].size(), lines - 2);
  EXPECT_EQ(Page(app, 100000)["log"].size(), 0u);
  EXPECT_TRUE(JsonValue::Parse(PageJson(app, 0, true))["typing"].boolean);
}

TEST(LogLinesJson, GivesAtMostTheLinesAskedForWithinTheLog) {
  App app;
  RunToEnd(app, "thread");
  const RunSnapshot& run = app.session.snapshot();
  ASSERT_GE(run.log.size(), 2u);
  EXPECT_EQ(JsonValue::Parse(LogLinesJson(run, 0, 1)).size(), 1u);
  EXPECT_EQ(JsonValue::Parse(LogLinesJson(run, -5, 1000)).size(), run.log.size());
  EXPECT_EQ(JsonValue::Parse(LogLinesJson(run, 1, 1000))[0].string, run.log[1].Formatted());
  EXPECT_EQ(LogLinesJson(run, 0, 0), "[]");
  EXPECT_EQ(LogLinesJson(run, 1 << 30, 5), "[]");
}

TEST(StateJson, APredictionIsAskedTickedAndRevealedAndItsRecordKept) {
  App app;
  JsonValue prediction = State(app)["prediction"];
  EXPECT_TRUE(prediction["lesson"].is_null());
  EXPECT_FALSE(prediction["open"].boolean);
  EXPECT_FALSE(prediction["required"].boolean);
  EXPECT_EQ(prediction["result"]["seq"].number, 0);
  EXPECT_TRUE(prediction["result"]["lesson"].is_null());

  OpenLink(app, "lesson=race-condition&workers=2&updates=2&sleep=0");
  ASSERT_EQ(OpenPrediction(app.session, app.step_view), std::nullopt);
  ASSERT_TRUE(PollUntil(app, [&] { return !app.session.prediction().working; }));
  ASSERT_EQ(app.session.TickPrediction("ending_value=2", true), std::nullopt);
  prediction = State(app)["prediction"];
  EXPECT_TRUE(prediction["open"].boolean);
  EXPECT_FALSE(prediction["pending"].boolean) << "no course asked for it";
  EXPECT_TRUE(prediction["complete"].boolean);
  EXPECT_EQ(prediction["runs"].number, prediction["done"].number);
  ASSERT_EQ(prediction["candidates"].size(), 6u);
  EXPECT_EQ(prediction["candidates"][1]["id"].string, "ending_value=1");
  EXPECT_EQ(prediction["candidates"][1]["label"].string, "ending value: 1");
  EXPECT_FALSE(prediction["candidates"][1]["ticked"].boolean);
  EXPECT_TRUE(prediction["candidates"][2]["ticked"].boolean);
  EXPECT_FALSE(prediction["revealed"].boolean);
  EXPECT_EQ(prediction["result"]["seq"].number, 0);

  ASSERT_EQ(app.session.RevealPrediction(), std::nullopt);
  prediction = State(app)["prediction"];
  EXPECT_TRUE(prediction["revealed"].boolean);
  const JsonValue& result = prediction["result"];
  EXPECT_EQ(result["seq"].number, 1);
  EXPECT_EQ(result["lesson"].string, "race-condition");
  auto texts = [](const JsonValue& array) {
    std::vector<std::string> out;
    for (size_t i = 0; i < array.size(); ++i) out.push_back(array[i].string);
    return out;
  };
  EXPECT_EQ(texts(result["predicted"]), (std::vector<std::string>{"ending value: 2"}));
  EXPECT_EQ(texts(result["actual"]), (std::vector<std::string>{"ending value: 1", "ending value: 2"}));
  EXPECT_EQ(texts(result["missed"]), (std::vector<std::string>{"ending value: 1"}));
  EXPECT_EQ(result["wrong"].size(), 0u);
  EXPECT_EQ(result["right"].number, 5);
  EXPECT_EQ(result["of"].number, 6);

  app.session.values().Set("workers", 3);  // a question about other values: stale
  EXPECT_FALSE(State(app)["prediction"]["current"].boolean);
}

}  // namespace
}  // namespace threadlab
