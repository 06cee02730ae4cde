// threadlab-desktop: the playground in a native window (SDL2 + OpenGL 3).
//
//   threadlab-desktop [--lesson ID | --level ID] [--set NAME=VALUE]... [--speed X]
//   threadlab-desktop --self-test [--lesson ID] [--set NAME=VALUE]... [--speed X] [--hold S]
//
// --self-test runs the lesson (race-condition unless --lesson says) in the window at high
// speed, prints its log and outcome, keeps the window up for --hold seconds (for a
// screenshot), and exits like the CLI: 0 when it ran, 2 bad usage, 3 deadlock; 1 when the
// window drew nothing or the run did not end within a minute.
//
// The challenges' progress is kept in $THREADLAB_DATA_DIR/levels when that is set (tests),
// else $XDG_DATA_HOME/threadlab/levels, else ~/.local/share/threadlab/levels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "app.h"
#include "app_requests.h"

using namespace threadlab;

namespace {

constexpr double kSelfTestSpeed = 20;  // fast, and still slow enough to draw a few frames

struct Options {
  bool self_test = false;
  double hold = 0;
  // Set once the lesson is chosen, whatever the order of the options: choosing a lesson
  // brings back its own speed.
  std::optional<double> speed;
};

std::string ParseArgs(int argc, char** argv, App& app, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--self-test") {
      options.self_test = true;
      continue;
    }
    if (arg != "--lesson" && arg != "--level" && arg != "--set" && arg != "--speed" && arg != "--hold")
      return "unknown option '" + Shown(arg) + "'";
    if (i + 1 >= argc) return arg + " needs a value";
    const std::string value = argv[++i];
    char* end = nullptr;
    if (arg == "--lesson") {
      const Lesson* lesson = FindLesson(value);
      if (!lesson) return "unknown lesson '" + Shown(value) + "' (see 'threadlab list')";
      app.session.Select(*lesson);
    } else if (arg == "--level") {  // a challenge, in the Challenges view
      const std::optional<PlacedLevel> level = FindLevel(value);
      if (!level) return "unknown level '" + Shown(value) + "' (see 'threadlab levels')";
      app.session.SelectLevel(*level);
      app.challenges = true;
    } else if (arg == "--set") {
      const size_t equals = value.find('=');
      if (equals == std::string::npos) return "--set takes NAME=VALUE, got '" + Shown(value) + "'";
      if (auto error = ParseParam(app.session.lesson(), value.substr(0, equals),
                                  value.substr(equals + 1), app.session.values()))
        return *error;
    } else if (arg == "--speed") {
      double speed = 0;
      if (auto error = ParseSpeed(value, speed)) return "--" + *error;
      options.speed = speed;
    } else {
      options.hold = std::strtod(value.c_str(), &end);
      if (*end || !(options.hold >= 0)) return "--hold takes seconds, got '" + Shown(value) + "'";
    }
  }
  return {};
}

// SDL reports X11 screens at 1:1; scale the UI by the screen's DPI (or THREADLAB_SCALE).
float ContentScale() {
  if (const char* forced = std::getenv("THREADLAB_SCALE")) {
    const float scale = std::strtof(forced, nullptr);
    if (scale >= 0.5f && scale <= 4) return scale;
  }
  float dpi = 0;
  if (SDL_GetDisplayDPI(0, &dpi, nullptr, nullptr) != 0 || dpi < 120) return 1;
  return std::min(3.0f, std::round(dpi / 96 * 4) / 4);
}

// Where the progress is kept; empty when there is no home to keep it in.
std::filesystem::path ProgressFile() {
  if (const char* dir = std::getenv("THREADLAB_DATA_DIR"); dir && *dir)
    return std::filesystem::path(dir) / "levels";
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data)
    return std::filesystem::path(data) / "threadlab" / "levels";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "share" / "threadlab" / "levels";
  return {};
}

std::string ReadProgressFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text(kMaxProgressText + 1, '\0');  // one byte more: too long is ignored whole
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// Written beside the file, then renamed over it: a crash never leaves half a file.
void WriteProgressFile(const std::filesystem::path& file, const std::string& text) {
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  const std::filesystem::path part = file.string() + ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return;
  }
  std::filesystem::rename(part, file, error);
}

void KeepProgress(App& app) {
  const std::filesystem::path file = ProgressFile();
  if (file.empty()) return;
  LoadProgress(app, ReadProgressFile(file));
  app.save_progress = [file](const std::string& text) { WriteProgressFile(file, text); };
}

double Seconds() { return SDL_GetTicks64() / 1000.0; }

int SelfTest(App& app, const Options& options) {
  Session& session = app.session;
  if (std::optional<std::string> error = session.Start()) {
    std::fprintf(stderr, "threadlab-desktop: %s\n", error->c_str());
    return kExitUsage;
  }
  const double start = Seconds();
  while (!app.quit && !session.ended() && Seconds() - start < 60) Frame(app);
  for (int i = 0; i < 3; ++i) Frame(app);  // the final state on screen
  const RunSnapshot& run = session.snapshot();
  for (const LogLine& line : run.log) std::printf("%s\n", line.Formatted().c_str());
  if (!run.deadlock.empty()) std::printf("Deadlock: %s\n", run.deadlock.c_str());
  if (!run.outcome.empty()) std::printf("=> %s\n", run.outcome.c_str());
  const bool ended = session.ended();
  std::printf("self-test: %s %s in %.2f s, %llu frames\n", session.lesson().id,
              ended ? RunStatusName(run.status) : "did not end", Seconds() - start, app.frame);
  std::fflush(stdout);
  for (const double hold_start = Seconds(); !app.quit && Seconds() - hold_start < options.hold;)
    Frame(app);
  if (!ended || run.log.empty() || app.frame < 2) return 1;
  return session.ExitStatus();
}

}  // namespace

int main(int argc, char** argv) {
  static App app;
  Options options;
  for (int i = 1; i < argc; ++i)  // the self-test's lesson unless --lesson says otherwise
    if (std::string(argv[i]) == "--self-test") app.session.Select(*FindLesson("race-condition"));
  const std::string error = ParseArgs(argc, argv, app, options);
  if (!error.empty()) {
    std::fprintf(stderr, "threadlab-desktop: %s\nusage: threadlab-desktop [--self-test] "
                 "[--lesson ID | --level ID] [--set NAME=VALUE]... [--speed X] [--hold SECONDS]\n",
                 error.c_str());
    return kExitUsage;
  }
  if (options.self_test && !options.speed) options.speed = kSelfTestSpeed;
  if (options.speed) app.session.SetSpeed(*options.speed);
  SDL_Init(SDL_INIT_VIDEO);  // for the DPI query before the window opens
  AppConfig config;
  config.title = "ThreadLab";
  config.font_dir = THREADLAB_FONT_DIR;
  config.content_scale = ContentScale();
  if (!AppInit(app, config)) return 1;
  KeepProgress(app);
  int status = 0;
  if (options.self_test) {
    status = SelfTest(app, options);
  } else {
    while (!app.quit) {
      // Idle when nothing runs: wait for input instead of redrawing at full speed.
      if (!app.session.running()) SDL_WaitEventTimeout(nullptr, 100);
      Frame(app);
    }
  }
  AppShutdown(app);
  return status;
}
