// The app's shell: the SDL2 window, its GL context and ImGui around the layout
// (layout_full.cpp), and the frame that reads input and the run, draws, and swaps.
// [SECTION] Window, GL context and ImGui
// [SECTION] Fonts (HiDPI: baked at the framebuffer's scale)
// [SECTION] Frame
// [SECTION] Wheel (does the app take it, or the page around it?)
#include "app.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui_impl_opengl3.h"
#include "imgui_internal.h"  // the hovered window's scroll, for WheelWanted
#include "imgui_impl_sdl.h"

// The GL entry points: the backend's loader on the desktop, the GLES3 header on the web.
#if defined(IMGUI_IMPL_OPENGL_ES3)
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

namespace threadlab {

// ---------------------------------------------------------------------------------------
// [SECTION] Window, GL context and ImGui
// ---------------------------------------------------------------------------------------

bool AppInit(App& app, const AppConfig& config) {
  // No SDL_INIT_TIMER: it starts SDL's timer thread, which would hold a worker of the web
  // pool for good; ImGui's backend reads SDL's performance counter, which needs no thread.
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::fprintf(stderr, "threadlab: cannot start SDL: %s\n", SDL_GetError());
    return false;
  }
  // OpenGL ES 3.0 is WebGL2; desktop GL 3.0 needs no profile (Mesa's llvmpipe has it).
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, config.gl_es ? SDL_GL_CONTEXT_PROFILE_ES : 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  const Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
  const int width = static_cast<int>(config.width * config.content_scale);
  const int height = static_cast<int>(config.height * config.content_scale);
  app.window = SDL_CreateWindow(config.title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                width, height, flags);
  if (!app.window) {
    std::fprintf(stderr, "threadlab: cannot open a window: %s\n", SDL_GetError());
    return false;
  }
  if (config.min_width > 0)
    SDL_SetWindowMinimumSize(app.window, config.min_width, config.min_height);
  app.gl_context = SDL_GL_CreateContext(app.window);
  if (!app.gl_context) {
    std::fprintf(stderr, "threadlab: cannot create an OpenGL context: %s\n", SDL_GetError());
    return false;
  }
  SDL_GL_MakeCurrent(app.window, app.gl_context);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = config.ini_file;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // A value field types on a plain click, as a learner expects; dragging still drags.
  io.ConfigDragClickToInputText = true;
  app.font_dir = config.font_dir;
  app.keys_hint = config.keys_hint;
  app.content_scale = config.content_scale;
  ApplyTheme(app.content_scale);
  ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl_context);
  ImGui_ImplOpenGL3_Init(config.glsl_version);
  return true;
}

void AppShutdown(App& app) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(app.gl_context);
  SDL_DestroyWindow(app.window);
  SDL_Quit();
}

// ---------------------------------------------------------------------------------------
// [SECTION] Fonts (HiDPI: baked at the framebuffer's scale)
// ---------------------------------------------------------------------------------------
namespace {

constexpr float kTextSize = 15, kCodeSize = 14.5f;

ImFont* AddFont(const std::string& dir, const char* file, float pixels) {
  ImGuiIO& io = ImGui::GetIO();
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D,
                                    0x2022, 0x2022, 0x2026, 0x2026, 0x2190, 0x2193,
                                    0x25CB, 0x25CB, 0x25CF, 0x25D0, 0};
  const std::string path = dir + "/" + file;
  if (std::FILE* probe = std::fopen(path.c_str(), "rb")) {
    std::fclose(probe);
    if (ImFont* font = io.Fonts->AddFontFromFileTTF(path.c_str(), pixels, nullptr, kRanges))
      return font;
  }
  std::fprintf(stderr, "threadlab: font %s not found, using ImGui's built-in font\n", path.c_str());
  ImFontConfig config;
  config.SizePixels = pixels * 13 / kTextSize;
  return io.Fonts->AddFontDefault(&config);
}

// Text stays sharp on HiDPI screens: glyphs are baked at the framebuffer's pixel scale and
// drawn back at 1/scale, so the layout stays in the window's (logical) pixels.
void UpdateFonts(App& app) {
  int window_w = 1, window_h = 1, pixels_w = 1, pixels_h = 1;
  SDL_GetWindowSize(app.window, &window_w, &window_h);
  SDL_GL_GetDrawableSize(app.window, &pixels_w, &pixels_h);
  const float framebuffer_scale =
      window_w > 0 ? std::max(1.0f, static_cast<float>(pixels_w) / window_w) : 1;
  const float scale = framebuffer_scale * app.content_scale;  // font pixels per point
  if (scale == app.font_scale) return;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  app.fonts.text = AddFont(app.font_dir, "DejaVuSans.ttf", kTextSize * scale);
  app.fonts.bold = AddFont(app.font_dir, "DejaVuSans-Bold.ttf", kTextSize * scale);
  app.fonts.code = AddFont(app.font_dir, "DejaVuSansMono.ttf", kCodeSize * scale);
  io.FontGlobalScale = 1 / framebuffer_scale;
  io.Fonts->Build();
  if (app.font_scale != 0) {  // the backend built the first texture itself
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  app.font_scale = scale;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] Frame
// ---------------------------------------------------------------------------------------
namespace {

void HandleShortcut(App& app, const SDL_Keysym& key) {
  const bool enter = key.sym == SDLK_RETURN || key.sym == SDLK_KP_ENTER;
  if (enter && (key.mod & KMOD_CTRL) && !app.session.running())
    ReportStart(app.session, app.step_view, app.message, app.session.Start());
  // Escape leaves the scrubber's moment first, then stops.
  if (key.sym == SDLK_ESCAPE && app.timeline_view.scrubbing)
    ScrubLive(app.timeline_view);
  else if (key.sym == SDLK_ESCAPE)
    app.session.Stop();
}

}  // namespace

constexpr float kMinFrameSeconds = 1e-4f;

void Frame(App& app) {
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) app.quit = true;
    // A tap does not type into a value field: a phone has no keys for the canvas (the web
    // page's text layer takes the tap instead); a click does.
    if (event.type == SDL_MOUSEBUTTONDOWN)
      ImGui::GetIO().ConfigDragClickToInputText = event.button.which != SDL_TOUCH_MOUSEID;
    // Ctrl+Enter runs, Escape stops, unless a value is being typed. Read from the events:
    // ImGui 1.86 misses a key pressed and released within one frame.
    if (event.type == SDL_KEYDOWN && !event.key.repeat && !ImGui::GetIO().WantTextInput)
      HandleShortcut(app, event.key.keysym);
    // Once the timeline was clicked, the arrows step its scrubber (held, they repeat).
    const bool typing = ImGui::GetIO().WantTextInput;
    const SDL_Keycode key =
        event.type == SDL_KEYDOWN && !typing ? event.key.keysym.sym : SDLK_UNKNOWN;
    if (app.timeline_view.keys && (key == SDLK_LEFT || key == SDLK_RIGHT))
      ScrubStep(app.timeline_view, app.session.snapshot(), key == SDLK_LEFT ? -1 : 1);
  }
  app.session.Poll();
  WatchRun(app.session, app.status_view);
  UpdateFonts(app);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // Two frames may come within one tick of a coarse clock (browsers give pages 1 ms or less,
  // and the web page draws a mouse button's release at once): ImGui needs its time to move on.
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = std::max(io.DeltaTime, kMinFrameSeconds);
  ImGui::NewFrame();
  app.step_view.spots.clear();
  DrawApp(app);
  ImGui::Render();
  int width = 0, height = 0;
  SDL_GL_GetDrawableSize(app.window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.11f, 0.12f, 0.14f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(app.window);
  ++app.frame;
}

// ---------------------------------------------------------------------------------------
// [SECTION] Wheel (does the app take it, or the page around it?)
// ---------------------------------------------------------------------------------------

bool WheelWanted() {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.OpenPopupStack.Size > 0) return true;
  for (const ImGuiWindow* window = g.HoveredWindow; window; window = window->ParentWindow) {
    if (window->ScrollMax.y > 0 || (window->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return true;
    if (!(window->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return false;
}

}  // namespace threadlab
