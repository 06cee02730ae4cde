// The ThreadLab application: one Dear ImGui app over SDL2 + OpenGL, the same on the web and
// the desktop. A driver (main_desktop.cpp, main_web.cpp) fills an AppConfig, calls AppInit,
// then calls Frame(app) once per frame: in a loop on the desktop, from the browser's
// animation frames on the web. The App outlives the driver's main().
#pragma once

#include <SDL.h>

#include <functional>
#include <string>

#include "run/session.h"
#include "view_share.h"
#include "views.h"

namespace threadlab {

struct AppConfig {
  const char* title = "ThreadLab";
  int width = 1280, height = 800;
  // The smallest window the desktop allows; 0 for none (a web page is as large as the
  // browser's, a phone's too).
  int min_width = 640, min_height = 480;
  // The GL context and its GLSL dialect: desktop GL 3.0 ("#version 130"), or WebGL2
  // (OpenGL ES 3.0, "#version 300 es").
  bool gl_es = false;
  const char* glsl_version = "#version 130";
  std::string font_dir;      // holds DejaVuSans.ttf, DejaVuSans-Bold.ttf, DejaVuSansMono.ttf
  float content_scale = 1;   // extra UI scale for HiDPI screens that SDL reports at 1:1
  const char* ini_file = nullptr;  // where ImGui keeps window state; none by default
  // The line of keys along the bottom: the web page adds its text layer's Tab.
  const char* keys_hint =
      "Keys: Ctrl+Enter runs, Escape stops. A value: click to type, drag or -/+ to change. "
      "Timeline: wheel scrolls, Ctrl+wheel zooms.";
};

struct App {
  SDL_Window* window = nullptr;
  SDL_GLContext gl_context = nullptr;
  bool quit = false;
  unsigned long long frame = 0;  // frames drawn: a test sees the UI is alive when it rises

  Session session;
  std::string message;  // why the last Run did not start, shown until the next one
  const char* keys_hint = "";
  // What the build says of itself along the bottom (the threadless web build: its threads
  // run one at a time), and where the driver can open the lesson with real threads (null:
  // nowhere it knows).
  std::string badge;
  std::function<void()> open_with_threads;

  // View state.
  Fonts fonts;
  std::string font_dir;
  float content_scale = 1;
  float font_scale = 0;  // the pixel scale the fonts were baked at (0: not yet)
  float split = 0.56f;   // share of the height above the timeline
  CodeView code_view;
  StatusView status_view;
  LogView log_view;
  TimelineView timeline_view;
  StepView step_view;
  int shown_run = 0;  // a new run is fitted on the timeline again
  bool compact = false;  // one lesson for a course page's frame (?view=compact)
  ShareView share;
  // Challenges: the list shows the campaign instead of the lessons; the level's progress,
  // which the driver keeps (save_progress gets its text whenever it changes).
  bool challenges = false;
  LevelView level_view;
  Progress progress;
  std::string saved_progress;
  std::function<void(const std::string& text)> save_progress;
};

// Opens the window and the GL context and sets up ImGui. Prints why and returns false when
// it cannot.
bool AppInit(App& app, const AppConfig& config);
void AppShutdown(App& app);
// Handles the pending input, reads the run, draws one frame.
void Frame(App& app);

// The whole window, full or compact (layout_full.cpp), between ImGui's NewFrame and Render.
void DrawApp(App& app);
// Whether the wheel over the app does something there: a panel that can scroll, one that
// takes the wheel itself (the timeline zooms), or an open popup. Otherwise, in a course
// page's frame, the wheel is the page's to scroll (web/page.js). Read after a frame.
bool WheelWanted();

// The compact view's top bar (layout_compact.cpp): the lesson's title, Share, Embed, the
// way to the full playground, and the run controls.
void DrawCompactTopBar(App& app);

}  // namespace threadlab
