// What the page's JS API asks of the app (ui/app_requests.h), checked natively: a request
// reaches the UI only whole and valid, the speed goes through the session, typed values are
// read by the core's rule and fitted as the canvas fits them, and a link opens what it names.
#include <gtest/gtest.h>

#include "app_json.h"
#include "app_requests.h"
#include "ui_test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

TEST(StagedRequest, ABadValueLeavesThePlaygroundAsItWas) {
  App app;
  StagedRequest request;
  EXPECT_EQ(request.Show(app), "no lesson prepared");
  EXPECT_EQ(request.Prepare("nope").value_or("").find("unknown lesson 'nope' (lessons: thread, "), 0u);
  ASSERT_EQ(request.Prepare("race-condition"), std::nullopt);
  EXPECT_EQ(request.SetNumber("workers", 100), "workers must be between 1 and 32, got 100");
  EXPECT_EQ(request.SetText("workers", "0x10"), "workers must be an integer, got '0x10'");
  EXPECT_EQ(request.SetText("workers", " 5"), "workers must be an integer, got ' 5'");
  EXPECT_EQ(request.SetText("wrokers", "5"), "unknown parameter 'wrokers'");
  EXPECT_EQ(StartRequest(app, request, 1e9, ""), "speed must be a number from 0.01 to 1000, got 1e+09");
  EXPECT_EQ(StartRequest(app, request, 1, "0x3.soon"),
            "schedule must be thread numbers like 0x3.1.2x2 (as run() gives it), got '0x3.soon'");
  const JsonValue state = State(app);
  EXPECT_EQ(state["lesson"].string, Lessons().front()->id);
  EXPECT_EQ(state["run"].number, 0);
}

TEST(StagedRequest, ShowsItsLessonWithItsValuesWithoutRunning) {
  App app;
  StagedRequest request;
  ASSERT_EQ(request.Prepare("race-condition"), std::nullopt);
  ASSERT_EQ(request.SetText("workers", "5"), std::nullopt);
  ASSERT_EQ(request.SetNumber("sleep", 0.25), std::nullopt);
  ASSERT_EQ(request.Show(app), std::nullopt);
  const JsonValue state = State(app);
  EXPECT_EQ(state["lesson"].string, "race-condition");
  EXPECT_EQ(state["params"]["workers"].number, 5);
  EXPECT_EQ(state["params"]["sleep"].number, 0.25);
  EXPECT_EQ(state["params"]["updates"].number, 2);  // not asked: its default
  EXPECT_EQ(state["run"].number, 0);
}

// The speed a run asks for is the one it runs at, even when the request chooses another
// lesson (which brings back that lesson's own speed first).
TEST(StartRequest, RunsAtTheSpeedAskedEvenWhenItChoosesAnotherLesson) {
  App app;
  StagedRequest request;
  ASSERT_EQ(request.Prepare("timer"), std::nullopt);
  ASSERT_EQ(request.SetNumber("delay", 1), std::nullopt);
  ASSERT_EQ(StartRequest(app, request, 500, ""), std::nullopt);
  EXPECT_EQ(State(app)["speed"].number, 500);
  EXPECT_EQ(app.session.speed(), 500);
  ASSERT_TRUE(PollUntil(app, [&] { return app.session.ended(); }));

  ASSERT_EQ(request.Prepare("thread"), std::nullopt);  // speed 0: the lesson's own
  ASSERT_EQ(StartRequest(app, request, 0, ""), std::nullopt);
  EXPECT_EQ(State(app)["speed"].number, FindLesson("thread")->pace);
  app.session.Stop();
}

TEST(SetSpeed, GoesThroughTheSessionAndRefusesWhatTheCoreRefuses) {
  App app;
  EXPECT_EQ(SetSpeed(app, 7.5), std::nullopt);
  EXPECT_EQ(State(app)["speed"].number, 7.5);
  EXPECT_EQ(SetSpeed(app, 0), "speed must be a number from 0.01 to 1000, got 0");
  EXPECT_EQ(SetSpeed(app, std::nan("")), "speed must be a number from 0.01 to 1000, got nan");
  EXPECT_EQ(app.session.speed(), 7.5);
}

TEST(SetTypedValue, FitsATypedValueAsTheCanvasDoesAndSaysWhatItBecame) {
  App app;
  ASSERT_EQ(SelectLesson(app, "race-condition"), std::nullopt);
  EXPECT_EQ(SetTypedValue(app, "workers", "500"), "workers goes from 1 to 32: 500 became 32");
  EXPECT_EQ(State(app)["params"]["workers"].number, 32);
  EXPECT_EQ(SetTypedValue(app, "workers", "2.4"), "workers is a whole number: 2.4 became 2");
  EXPECT_EQ(SetTypedValue(app, "sleep", "0.25"), "");
  EXPECT_EQ(State(app)["params"]["sleep"].number, 0.25);
  EXPECT_EQ(Page(app)["note"].string, "");  // the last one was kept as typed
  // Read as the core reads a number (ParseParam), not as strtod would.
  EXPECT_EQ(SetTypedValue(app, "workers", "0x10"), "workers must be a number, got '0x10'");
  EXPECT_EQ(SetTypedValue(app, "workers", " 5"), "workers must be a number, got ' 5'");
  EXPECT_EQ(SetTypedValue(app, "workers", "1e999"), "workers must be a number, got '1e999'");
  EXPECT_EQ(SetTypedValue(app, "workers", ""), "workers must be a number, got ''");
  EXPECT_EQ(State(app)["params"]["workers"].number, 2);
  EXPECT_EQ(SetTypedValue(app, "nope", "1").find("unknown parameter 'nope'"), 0u);

  ASSERT_EQ(SelectLesson(app, "thread"), std::nullopt);
  EXPECT_EQ(SetTypedValue(app, "join", "True"), "");
  EXPECT_TRUE(State(app)["params"]["join"].boolean);
  EXPECT_EQ(SetTypedValue(app, "join", "maybe"), "join must be true or false, got 'maybe'");
}

TEST(SetTypedValue, TheValuesAreLockedWhileTheLessonRuns) {
  App app;
  ASSERT_EQ(SelectLesson(app, "race-condition"), std::nullopt);
  ASSERT_EQ(StartStepMode(app, nullptr, true), std::nullopt);  // waits for a pick: running
  ASSERT_TRUE(Settle(app));
  ASSERT_TRUE(app.session.running());
  EXPECT_EQ(SetTypedValue(app, "workers", "5"), "the values are locked while the lesson runs");
  app.session.Stop();
}

TEST(OpenLink, OpensItsLessonValuesSpeedAndViewAndGivesThePageItsParent) {
  App app;
  EXPECT_EQ(OpenLink(app, "?lesson=race-condition&workers=3&speed=5&view=compact"
                          "&parent=https://course.example"),
            "https://course.example");
  const JsonValue state = State(app);
  EXPECT_EQ(state["lesson"].string, "race-condition");
  EXPECT_EQ(state["params"]["workers"].number, 3);
  EXPECT_EQ(state["speed"].number, 5);
  EXPECT_TRUE(state["compact"].boolean);
  EXPECT_EQ(state["message"].string, "");
  EXPECT_EQ(state["run"].number, 0);
  EXPECT_EQ(CurrentLink(app), "lesson=race-condition&workers=3&updates=2&sleep=0.1&lock=false&sleep_first=false&speed=5");
}

TEST(OpenLink, NamesABadPartInTheStatusLineAndRunsOnlyACleanLink) {
  App app;
  EXPECT_EQ(OpenLink(app, "lesson=race-condition&workers=999&autorun=1"), "");
  JsonValue state = State(app);
  EXPECT_EQ(state["message"].string, "link: workers must be between 1 and 32, got 999 (kept the default)");
  EXPECT_EQ(state["run"].number, 0);
  EXPECT_FALSE(state["compact"].boolean);

  OpenLink(app, "lesson=thread&speed=1000&autorun=1");
  state = State(app);
  EXPECT_EQ(state["message"].string, "");
  EXPECT_EQ(state["run"].number, 1);
  EXPECT_EQ(state["runLesson"].string, "thread");
  app.session.Stop();
}

TEST(OpenLink, PredictAsksTheQuestionAtOnceAndHoldsBackEveryRunUntilTheReveal) {
  App app;
  OpenLink(app, "lesson=race-condition&workers=2&updates=2&sleep=0&view=compact&predict=1&autorun=1");
  JsonValue state = State(app);
  EXPECT_EQ(state["run"].number, 0) << "autorun waits for the prediction too";
  EXPECT_EQ(state["message"].string.find("link: predict first: press Predict"), 0u) << state["message"].string;
  const JsonValue& prediction = state["prediction"];
  EXPECT_TRUE(prediction["open"].boolean);
  EXPECT_TRUE(prediction["required"].boolean);
  EXPECT_TRUE(prediction["pending"].boolean);
  EXPECT_EQ(prediction["lesson"].string, "race-condition");
  EXPECT_TRUE(prediction["current"].boolean);
  EXPECT_EQ(CurrentLink(app).find("predict"), std::string::npos) << "the page keeps its own keys (web/link.js)";
}

}  // namespace
}  // namespace threadlab
