# scripts/lib/common.sh: shared bits of ThreadLab's scripts. Source it, don't run it:
#
#   . "$(dirname "$0")/lib/common.sh"      # from a script in scripts/
#
# It sets no shell options. It defines:
#   THREADLAB_ROOT        the repository root (absolute)
#   THREADLAB_DEPS        $THREADLAB_ROOT/.deps, where scripts/setup fetches and builds (git-ignored)
#   THREADLAB_IMGUI_DIR   Dear ImGui 1.86 sources (imgui.cpp, backends/imgui_impl_sdl.cpp, ...)
#   THREADLAB_SDL2_WASM   SDL2 2.26.5 built for Emscripten (include/SDL2/SDL.h, lib/libSDL2.a,
#                         lib/cmake/SDL2/SDL2Config.cmake)
#   THREADLAB_SDL2_WASM_FIBERS  the same without threads (the threadless page)
#   tl_say MSG...         prints "<script>: MSG" to stderr
#   tl_die MSG...         the same, then exits 1
#   tl_emscripten_env     exports what Debian's Emscripten 3.1.6 needs (NODE_PATH, see TOOLCHAIN.md)
#   tl_run_logged LOG CMD...  runs CMD with its output in LOG; on failure shows LOG's tail
#   tl_build_site NAME    builds the static site, build/wasm/site (logs build/logs/NAME-*.log):
#                         the threadless page (wasm-fibers), then the site with both

THREADLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
THREADLAB_DEPS=$THREADLAB_ROOT/.deps
THREADLAB_IMGUI_DIR=$THREADLAB_DEPS/imgui
THREADLAB_SDL2_WASM=$THREADLAB_DEPS/SDL2-wasm
THREADLAB_SDL2_WASM_FIBERS=$THREADLAB_DEPS/SDL2-wasm-fibers

tl_say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
tl_die() { tl_say "$@"; exit 1; }

# Debian's emcc runs its JS optimizer with the machine's node, which does not look in
# /usr/share/nodejs, where Debian puts acorn: without this every -O1+ link fails.
tl_emscripten_env() {
  case ":${NODE_PATH:-}:" in
    *:/usr/share/nodejs:*) ;;
    *) export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH} ;;
  esac
}

# Long commands (apt, npm, a CMake build) are quiet unless they fail.
# THREADLAB_VERBOSE=1 shows their output as they run.
tl_run_logged() {
  local log=$1; shift
  mkdir -p "$(dirname "$log")"
  if [ "${THREADLAB_VERBOSE:-0}" = 1 ]; then
    if "$@" 2>&1 | tee "$log" && [ "${PIPESTATUS[0]}" = 0 ]; then return 0; fi
  elif "$@" > "$log" 2>&1; then
    return 0
  fi
  tl_say "failed: $*"
  tail -n 25 "$log" >&2
  tl_die "the whole output is in ${log#"$THREADLAB_ROOT"/}"
}

tl_build_site() {
  local logs=$THREADLAB_ROOT/build/logs/$1
  tl_emscripten_env
  tl_run_logged "$logs-fibers-configure.log" cmake --preset wasm-fibers
  tl_run_logged "$logs-fibers-build.log" cmake --build --preset wasm-fibers --target threadlab_web
  tl_run_logged "$logs-wasm-configure.log" cmake --preset wasm
  tl_run_logged "$logs-wasm-build.log" cmake --build --preset wasm --target threadlab_site
}
