#!/usr/bin/env bash
# Desktop smoke test: threadlab-desktop under a virtual X server (Xvfb) opens its window,
# runs a lesson in --self-test mode and exits like the CLI; a screenshot of the window is
# saved and checked for being drawn at all.
#
#   tests/desktop/smoke.sh BUILD_DIR [SCREENSHOT_DIR]
#
# BUILD_DIR is the native build (build/native: ui/threadlab-desktop). The screenshot goes to
# SCREENSHOT_DIR/desktop.png (default build/screenshots). Ends with "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: tests/desktop/smoke.sh BUILD_DIR [SCREENSHOT_DIR]}
shots=${2:-$root/build/screenshots}
app=$build/ui/threadlab-desktop
[ -x "$app" ] || { echo "smoke: $app is missing: build threadlab_desktop first" >&2; exit 2; }
for tool in Xvfb xwd convert; do
  command -v $tool > /dev/null || { echo "smoke: $tool is missing: run scripts/setup desktop" >&2; exit 2; }
done
mkdir -p "$shots"
work=$(mktemp -d)

. "$root/tests/lib/checks.sh"

# A display number nobody uses, and our own X server on it (killed by its pid at exit).
display=90
while [ -e /tmp/.X11-unix/X$display ] || [ -e /tmp/.X$display-lock ]; do display=$((display + 1)); done
Xvfb :$display -screen 0 1280x800x24 -nolisten tcp > "$work/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2> /dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -e /tmp/.X11-unix/X$display ] && break; sleep 0.1; done
export DISPLAY=:$display
# Mesa's software GL, whatever GPU the machine has or lacks.
export LIBGL_ALWAYS_SOFTWARE=1

# ---- 1. The self-test runs Race Conditions in the window and exits 0; a screenshot --------
"$app" --self-test --set workers=5 --set updates=5 --set sleep=1 --hold 3 > "$work/self-test.log" 2>&1 &
pid=$!
for _ in $(seq 600); do grep -q '^self-test:' "$work/self-test.log" && break; sleep 0.1; done
sleep 0.5  # the held window has drawn its final frames
xwd -root -silent | convert xwd:- "$shots/desktop.png" 2> "$work/shot.log"
wait $pid
status=$?
if [ $status = 0 ] && grep -q '^self-test: race-condition finished' "$work/self-test.log" &&
   grep -q 'Ending value is 1\.$' "$work/self-test.log"; then
  ok "self-test: Race Conditions with 5 workers runs in the window, ends with 1, exits 0"
else
  fail "self-test: exit status $status" "$work/self-test.log"
fi

# ---- 2. The screenshot shows a drawn window, not a blank screen ----------------------------
colors=$(convert "$shots/desktop.png" -format '%k' info: 2> /dev/null || echo 0)
if [ "${colors:-0}" -gt 50 ]; then
  ok "screenshot $shots/desktop.png is drawn ($colors colours)"
else
  fail "screenshot $shots/desktop.png looks blank (${colors:-0} colours)" "$work/shot.log"
fi

# ---- 3. A deadlock ends the self-test with the CLI's status 3 and says who waits ------------
expect_exit 3 "^Deadlock: Main waits for Lock 'l' held by Main" \
  "self-test of deadlock exits 3 and names the waiting thread and the lock" \
  "$app" --self-test --lesson deadlock

# ---- 4. Bad usage exits 2 with a message naming the problem --------------------------------
expect_exit 2 "unknown lesson 'nope'" "an unknown lesson exits 2 and says so" "$app" --lesson nope
expect_exit 2 "workers must be between 1 and 32, got 99" "a value out of range exits 2 and names the range" \
  "$app" --self-test --set workers=99

summary
