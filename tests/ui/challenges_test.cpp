// Challenges in the app, without a window: the progress kept between visits reads back
// forgivingly, a level link opens its level and replays a win, a win made by the learner's
// picks counts as won and a replayed one as shown, and the page's state says so.
#include <gtest/gtest.h>

#include "app_json.h"
#include "app_requests.h"
#include "run/link.h"
#include "ui_test_helpers.h"

namespace threadlab {
namespace {

using namespace testing;

constexpr const char* kLevel = "lose-an-update";
constexpr const char* kWin = "0x4.1.0x2.1x3.2x3.1.2x2";  // threadlab play lose-an-update --explore

TEST(Progress, WrittenProgressReadsBackTheSame) {
  Progress progress;
  progress.Won(kLevel);
  progress.Shown("wait-for-yourself");
  const std::string text = ProgressText(progress);
  EXPECT_EQ(text, "lose-an-update won\nwait-for-yourself shown\n");
  EXPECT_EQ(ReadProgress(text).marks, progress.marks);
}

TEST(Progress, AWinStaysAWin) {
  Progress progress;
  progress.Won(kLevel);
  progress.Shown(kLevel);
  EXPECT_EQ(progress.Of(kLevel), LevelMark::won);
  EXPECT_EQ(progress.Of("wait-for-yourself"), LevelMark::not_yet);
}

TEST(Progress, UnknownLevelsMalformedLinesAndTooMuchTextAreIgnored) {
  const Progress read = ReadProgress("nope won\nlose-an-update\n{\"json\": 1}\n"
                                     "wait-for-yourself lost\n\nlose-an-update won\r\n"
                                     "barrier-never-fills shown");
  EXPECT_EQ(ProgressText(read), "barrier-never-fills shown\n");
  std::string long_text(kMaxProgressText, ' ');
  EXPECT_TRUE(ReadProgress("lose-an-update won\n" + long_text).marks.empty());
}

TEST(Progress, WhatIsLoadedIsNotSavedBack) {
  App app;
  LoadProgress(app, "lose-an-update won\n");
  EXPECT_EQ(app.progress.Of(kLevel), LevelMark::won);
  EXPECT_EQ(app.saved_progress, "lose-an-update won\n");
}

// Steps the level in step mode along `win`, as a learner clicking the threads would.
bool PlayAlong(App& app, const Schedule& win) {
  Session& session = app.session;
  while (true) {
    if (!PollUntil(app, [&] { return session.awaiting_step() || session.ended(); })) return false;
    if (session.ended()) return true;
    const size_t taken = session.snapshot().schedule.size();
    if (taken >= win.size() || session.Step(win[taken])) return false;
  }
}

TEST(Challenges, AWinByTheLearnersPicksCountsAsWon) {
  App app;
  app.session.SelectLevel(*FindLevel(kLevel));
  ASSERT_EQ(app.session.StartStepMode(), std::nullopt);
  ASSERT_TRUE(PlayAlong(app, *ParseSchedule(kWin)));
  CountLevelResult(app.session, app.level_view, app.progress);
  EXPECT_EQ(app.progress.Of(kLevel), LevelMark::won);
  const JsonValue challenge = State(app)["challenge"];
  EXPECT_EQ(challenge["level"].string, kLevel);
  EXPECT_TRUE(challenge["goal"]["met"].boolean);
  EXPECT_EQ(challenge["progress"][kLevel].string, "won");
  // The goal event's fields (web/messages.js), counted once however often it is asked.
  CountLevelResult(app.session, app.level_view, app.progress);
  const JsonValue result = State(app)["challenge"]["result"];
  EXPECT_EQ(result["seq"].number, 1);
  EXPECT_EQ(result["level"].string, kLevel);
  EXPECT_TRUE(result["won"].boolean);
  EXPECT_EQ(result["schedule"].string, kWin);
  EXPECT_EQ(result["steps"].number, ParseSchedule(kWin)->size());
  // The page's address names the level; no replay is shown, so a reload opens it afresh.
  EXPECT_EQ(CurrentLink(app).find("level=lose-an-update&speed="), 0u) << CurrentLink(app);
  EXPECT_EQ(CurrentLink(app).find("schedule="), std::string::npos) << CurrentLink(app);
}

TEST(Challenges, ALinkOpensTheLevelAndItsReplayedWinCountsAsShown) {
  App app;
  OpenLink(app, std::string("level=") + kLevel + "&schedule=" + kWin + "&speed=50&autorun=1");
  EXPECT_EQ(app.message, "");
  ASSERT_TRUE(app.session.level().has_value());
  EXPECT_TRUE(app.challenges);
  EXPECT_EQ(app.session.values().all(), LevelValues(*FindLevel(kLevel)).all());
  ASSERT_TRUE(PollUntil(app, [&] { return app.session.ended(); }));
  EXPECT_TRUE(app.session.snapshot().goal.met);
  CountLevelResult(app.session, app.level_view, app.progress);
  EXPECT_EQ(app.progress.Of(kLevel), LevelMark::shown);
  const JsonValue result = State(app)["challenge"]["result"];
  EXPECT_EQ(result["seq"].number, 1);
  EXPECT_FALSE(result["won"].boolean) << "a replay met the goal, not the learner";
  EXPECT_EQ(result["schedule"].string, kWin);
  EXPECT_EQ(CurrentLink(app), std::string("level=") + kLevel + "&speed=50&schedule=" + kWin);
}

TEST(Challenges, AProofWinsItsLevelOnceAndAnUnknownLevelIsRefusedByName) {
  App app;
  const std::optional<std::string> unknown = SelectLevel(app, "no-such-level");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->find("unknown level 'no-such-level' (levels: "), 0u) << *unknown;
  EXPECT_NE(unknown->find(kLevel), std::string::npos) << *unknown;
  EXPECT_FALSE(app.session.level().has_value());

  ASSERT_EQ(SelectLevel(app, "prove-the-lock"), std::nullopt);
  EXPECT_TRUE(app.challenges);
  ASSERT_EQ(app.session.StartProof(), std::nullopt);
  ASSERT_TRUE(PollUntil(app, [&] { return !app.session.many().running; }));
  CountLevelResult(app.session, app.level_view, app.progress);
  CountLevelResult(app.session, app.level_view, app.progress);
  EXPECT_EQ(app.progress.Of("prove-the-lock"), LevelMark::won);
  const JsonValue result = State(app)["challenge"]["result"];
  EXPECT_EQ(result["seq"].number, 1) << "counted once";
  EXPECT_EQ(result["level"].string, "prove-the-lock");
  EXPECT_TRUE(result["won"].boolean);
  EXPECT_EQ(result["steps"].number, 0);
  EXPECT_EQ(result["interleavings"].number, app.session.many().result.runs);
  EXPECT_GT(result["interleavings"].number, 1);
}

// "Check my fix" from the level panel's session, as the page's state reports it: the lock with
// the sleep first is proved with two threads at once; no lock is refuted with a replay link.
TEST(Challenges, CheckMyFixReportsEachVerdictInTheState) {
  App app;
  app.session.SelectLevel(*FindLevel(kLevel));
  EXPECT_EQ(State(app)["challenge"]["check"]["verdict"].kind, JsonValue::Kind::null) << "none yet";
  app.session.values().Set("lock", 1);
  app.session.values().Set("sleep_first", 1);
  ASSERT_EQ(app.session.StartCheck(), std::nullopt);
  EXPECT_TRUE(State(app)["challenge"]["check"]["running"].boolean);
  ASSERT_TRUE(PollUntil(app, [&] { return !app.session.check().running; }));
  JsonValue check = State(app)["challenge"]["check"];
  EXPECT_EQ(check["seq"].number, 1);
  EXPECT_EQ(check["level"].string, kLevel);
  EXPECT_EQ(check["verdict"].string, "proved") << check["text"].string;
  EXPECT_GT(check["interleavings"].number, 1);
  EXPECT_EQ(check["parallelism"].number, 2);
  EXPECT_GE(check["estimate"]["interleavings"].number, 1);

  app.session.values().Set("lock", 0);
  ASSERT_EQ(app.session.StartCheck(), std::nullopt);
  ASSERT_TRUE(PollUntil(app, [&] { return !app.session.check().running; }));
  check = State(app)["challenge"]["check"];
  EXPECT_EQ(check["seq"].number, 2);
  EXPECT_EQ(check["verdict"].string, "refuted") << check["text"].string;
  EXPECT_EQ(check["witness"].string.find("?lesson=race-condition&"), 0u) << check["witness"].string;

  app.session.SelectLevel(*FindLevel("prove-the-lock"));
  EXPECT_TRUE(app.session.StartCheck().has_value()) << "a prove-it level has no fix";
}

}  // namespace
}  // namespace threadlab
