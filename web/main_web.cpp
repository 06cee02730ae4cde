// The web driver: the same app, drawn from the browser's animation frames (WebGL2).
// With threads, each lesson runs on its own pthreads (Web Workers); this thread, the
// browser's main thread, only polls them, so it never waits on a lesson. Without (the
// threadless build), the lesson's threads are fibers that this thread runs between frames
// (web/fibers.js), one at a time, and the app says so along the bottom.
#include <emscripten.h>

#include "app.h"
#include "bridge.h"
#include "runtime/threads.h"
#include "shared_clock.h"

using namespace threadlab;

namespace {

// SDL2 has no clipboard on Emscripten: ImGui's Copy, Share and Embed use the browser's
// (web/link.js), which says in the Share popup when the browser refuses.
EM_JS(void, CopyToClipboard, (const char* text), { Module.threadlabCopy(UTF8ToString(text)); });
EM_JS(void, OpenInNewTab, (const char* url), { Module.threadlabOpen(UTF8ToString(url)); });
// The challenges' progress goes to localStorage (web/progress.js reads it back at start).
EM_JS(void, SaveProgressText, (const char* text), { Module.threadlabSaveProgress(UTF8ToString(text)); });
// The threadless build's offer of real threads, if web/page.js has one here.
EM_JS(int, CanOpenWithThreads, (), { return Module.threadlabOpenWithThreads ? 1 : 0; });
EM_JS(void, OpenWithThreads, (), { Module.threadlabOpenWithThreads(); });

constexpr const char* kThreadlessBadge =
    "Threads run one at a time here: the browser gives this page no SharedArrayBuffer.";
// Without its window the app never draws: the page (web/page.js) says why, with SDL's words.
EM_JS(void, ReportStartFailure, (const char* detail), { Module.threadlabStartFailed(UTF8ToString(detail)); });

void Loop(void* data) {
  App& app = *static_cast<App*>(data);
  Frame(app);
  BridgeAfterFrame(app);
}

App* g_looping = nullptr;  // the app, once the browser draws its frames

}  // namespace

// Frames drawn at once, outside the animation frames, from the page's handler of a mouse
// button's (or a touch's) release: WebKit opens a tab or writes the clipboard only from a
// click's own event, or what that event schedules, never from an animation frame already due,
// and the app's buttons (Full playground, Share, Open with real threads) act in a frame
// (web/page.js). Two: ImGui 1.86 takes a press and its release in two frames, and a quick click
// may fall between two animation frames, none of which saw the press.
extern "C" EMSCRIPTEN_KEEPALIVE void threadlab_release_frames() {
  if (!g_looping) return;
  Loop(g_looping);
  Loop(g_looping);
}

int main() {
  MarkPhase("main");
  UseSharedBrowserClock();
  static App app;  // outlives main(): the browser calls Loop after main has returned
  AppConfig config;
  config.gl_es = true;
  config.glsl_version = "#version 300 es";
  config.min_width = config.min_height = 0;
  config.font_dir = "/fonts";  // embedded at link time (ui/CMakeLists.txt)
  config.keys_hint =
      "Keys: Ctrl+Enter runs, Escape stops. A value: click to type, drag or -/+ to change. "
      "Timeline: wheel scrolls, Ctrl+wheel zooms. Tab reaches the lesson as text, as screen "
      "readers read it.";
  // With Asyncify (the threadless build), SDL would yield to the browser inside every buffer
  // swap, in the middle of a frame; the frame returns to the browser by itself.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_ASYNCIFY, "0");
  if (!AppInit(app, config)) {
    ReportStartFailure(SDL_GetError());
    return 1;
  }
  MarkPhase("app-init");
  ImGui::GetIO().SetClipboardTextFn = [](void*, const char* text) { CopyToClipboard(text); };
  app.share.copy = [](const std::string& text) { CopyToClipboard(text.c_str()); };
  app.share.open_tab = [](const std::string& url) { OpenInNewTab(url.c_str()); };
  app.save_progress = [](const std::string& text) { SaveProgressText(text.c_str()); };
  if (kFibers) {
    app.badge = kThreadlessBadge;
    if (CanOpenWithThreads()) app.open_with_threads = [] { OpenWithThreads(); };
  }
  BridgeAttach(app);
  emscripten_set_main_loop_arg(Loop, &app, 0, false);
  g_looping = &app;
  return 0;
}
