#include "ui_test_helpers.h"

#include <chrono>
#include <thread>

#include "app_json.h"
#include "runtime/clock.h"

namespace threadlab::testing {

namespace {
constexpr double kPatience = 20;  // wall seconds before a test gives up on a run
}  // namespace

bool PollUntil(App& app, const std::function<bool()>& done) {
  const double give_up = WallSeconds() + kPatience;
  while (!done()) {
    if (WallSeconds() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    app.session.Poll();
  }
  return true;
}

bool Settle(App& app) {
  return PollUntil(app, [&] { return app.session.awaiting_step() || app.session.ended(); });
}

JsonValue State(App& app) {
  app.session.Poll();  // as tl_state does
  return JsonValue::Parse(StateJson(app));
}

JsonValue Result(const App& app) { return JsonValue::Parse(ResultJson(app)); }

JsonValue Page(const App& app, int log_from) {
  return JsonValue::Parse(PageJson(app, log_from, false));
}

}  // namespace threadlab::testing
