// The C side of window.threadlab: web/api.js calls these through ccall. Each is a thin shell
// over the app's JSON (ui/app_json.h) and requests (ui/app_requests.h), which are built and
// tested natively; here only the strings cross to JS. Each returns a string (JSON, or an
// error message, empty when all went well) that stays valid until the next call.
#include "bridge.h"

#include <emscripten.h>

#include <string>

#include "app.h"
#include "app_json.h"
#include "app_requests.h"
#include "json.h"

using namespace threadlab;

namespace {

App* g_app = nullptr;
std::string g_out;
bool g_wheel_wanted = true;
StagedRequest g_request;

const char* Out(std::string text) {
  g_out = std::move(text);
  return g_out.c_str();
}

const char* Out(const std::optional<std::string>& error) { return Out(error.value_or("")); }

EM_JS(void, NotifyReady, (), { if (Module.threadlabReady) Module.threadlabReady(); });
EM_JS(void, MarkPagePhase, (const char* phase), { performance.mark('threadlab:' + UTF8ToString(phase)); });

}  // namespace

namespace threadlab {

void BridgeAttach(App& app) { g_app = &app; }

void MarkPhase(const char* phase) { MarkPagePhase(phase); }

void BridgeAfterFrame(App& app) {
  if (app.frame == 1) {
    MarkPhase("first-frame");
    NotifyReady();
  }
  g_wheel_wanted = WheelWanted();
}

}  // namespace threadlab

extern "C" {

EMSCRIPTEN_KEEPALIVE int tl_wheel_wanted() { return g_wheel_wanted; }

EMSCRIPTEN_KEEPALIVE const char* tl_lessons() { return Out(LessonsJson()); }
EMSCRIPTEN_KEEPALIVE const char* tl_limits() { return Out(LimitsJson()); }

EMSCRIPTEN_KEEPALIVE const char* tl_select(const char* id) { return Out(SelectLesson(*g_app, id)); }
EMSCRIPTEN_KEEPALIVE const char* tl_select_level(const char* id) { return Out(SelectLevel(*g_app, id)); }

EMSCRIPTEN_KEEPALIVE const char* tl_prepare(const char* id) { return Out(g_request.Prepare(id)); }
EMSCRIPTEN_KEEPALIVE const char* tl_set_number(const char* name, double value) {
  return Out(g_request.SetNumber(name, value));
}
EMSCRIPTEN_KEEPALIVE const char* tl_set_text(const char* name, const char* text) {
  return Out(g_request.SetText(name, text));
}
EMSCRIPTEN_KEEPALIVE const char* tl_show() { return Out(g_request.Show(*g_app)); }

// Returns {"parent": ORIGIN or ""}.
EMSCRIPTEN_KEEPALIVE const char* tl_open_link(const char* query) {
  JsonWriter json;
  json.BeginObject().Key("parent").Text(OpenLink(*g_app, query)).End();
  return Out(json.text());
}
EMSCRIPTEN_KEEPALIVE const char* tl_link() { return Out(CurrentLink(*g_app)); }
// The challenges' progress as localStorage kept it (web/progress.js).
EMSCRIPTEN_KEEPALIVE const char* tl_load_progress(const char* text) {
  LoadProgress(*g_app, text);
  return Out(std::string());
}

EMSCRIPTEN_KEEPALIVE const char* tl_set_speed(double speed) { return Out(SetSpeed(*g_app, speed)); }

// Returns {"run": N}, or {"error": why}.
EMSCRIPTEN_KEEPALIVE const char* tl_start(double speed, const char* schedule) {
  const std::optional<std::string> error = StartRequest(*g_app, g_request, speed, schedule);
  JsonWriter json;
  json.BeginObject();
  if (error)
    json.Key("error").Text(*error);
  else
    json.Key("run").Integer(g_app->session.run_id());
  json.End();
  return Out(json.text());
}

EMSCRIPTEN_KEEPALIVE const char* tl_step_mode(int staged, int every_step) {
  return Out(StartStepMode(*g_app, staged ? &g_request : nullptr, every_step != 0));
}
EMSCRIPTEN_KEEPALIVE const char* tl_step(int thread) { return Out(g_app->session.Step(thread)); }
EMSCRIPTEN_KEEPALIVE const char* tl_undo() { return Out(g_app->session.Undo()); }
EMSCRIPTEN_KEEPALIVE void tl_stop() { g_app->session.Stop(); }

// Predict, then reveal: asks the question (its window opens), a tick by ending id, the reveal.
EMSCRIPTEN_KEEPALIVE const char* tl_predict() { return Out(OpenPrediction(g_app->session, g_app->step_view)); }
EMSCRIPTEN_KEEPALIVE const char* tl_tick(const char* id, int ticked) {
  return Out(g_app->session.TickPrediction(id, ticked != 0));
}
EMSCRIPTEN_KEEPALIVE const char* tl_reveal() { return Out(g_app->session.RevealPrediction()); }

// Shows a message in the UI's status line (a bad link, say).
EMSCRIPTEN_KEEPALIVE void tl_message(const char* text) { g_app->message = Shown(text, 300); }
// The page's address without its query (web/link.js): Share and Embed links start with it.
EMSCRIPTEN_KEEPALIVE void tl_set_page_url(const char* url) { g_app->share.page_url = url; }
// What became of a Share or Embed copy: "Copied", or why not.
EMSCRIPTEN_KEEPALIVE void tl_share_notice(const char* text) { g_app->share.notice = Shown(text, 300); }
// The browser's clipboard refused the log that Copy gave it: the log panel says why.
EMSCRIPTEN_KEEPALIVE void tl_copy_failed(const char* why) {
  CopyFailed(g_app->log_view, std::string(why).substr(0, 120));
}

EMSCRIPTEN_KEEPALIVE const char* tl_log_lines(int first, int count) {
  return Out(LogLinesJson(g_app->session.snapshot(), first, count));
}

EMSCRIPTEN_KEEPALIVE const char* tl_state() {
  g_app->session.Poll();
  return Out(StateJson(*g_app));
}
EMSCRIPTEN_KEEPALIVE const char* tl_result() { return Out(ResultJson(*g_app)); }
EMSCRIPTEN_KEEPALIVE const char* tl_scrub(double time) { return Out(Scrub(*g_app, time)); }

// The page's text layer (web/text_layer.js).
EMSCRIPTEN_KEEPALIVE const char* tl_page(int log_from) {
  return Out(PageJson(*g_app, log_from, ImGui::GetIO().WantTextInput));
}
EMSCRIPTEN_KEEPALIVE const char* tl_set_value(const char* name, const char* text) {
  return Out(SetTypedValue(*g_app, name, text));
}

}  // extern "C"
