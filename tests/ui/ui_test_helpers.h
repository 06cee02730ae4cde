// Driving a real App without a window: its session runs lessons on real threads, and the
// tests read what the page's JS API would (ui/app_json.h), read back as JSON.
#pragma once

#include <functional>
#include <string>

#include "../lib/json_reader.h"
#include "app.h"

namespace threadlab::testing {

// Polls the session as a frame would until `done` holds; false when it never does. The
// bound is only how long a broken build may take to fail: the runs below are not timed.
bool PollUntil(App& app, const std::function<bool()>& done);
// The run has ended (or waits for a pick in step mode).
bool Settle(App& app);

// threadlab.state(), threadlab.run()'s result and the text layer's page, as the JS reads them.
JsonValue State(App& app);
JsonValue Result(const App& app);
JsonValue Page(const App& app, int log_from = 0);

}  // namespace threadlab::testing
