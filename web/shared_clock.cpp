#include "shared_clock.h"

#include <emscripten.h>

#include "runtime/clock.h"

namespace threadlab {

namespace {
// A thread's timeOrigin never changes, and reading it is a call into the browser: once.
EM_JS(double, SharedNowMilliseconds, (), {
  if (globalThis.threadlabTimeOrigin === undefined) globalThis.threadlabTimeOrigin = performance.timeOrigin;
  return globalThis.threadlabTimeOrigin + performance.now();
});
}  // namespace

void UseSharedBrowserClock() {
  SetWallClock([] { return SharedNowMilliseconds() / 1000; });
}

}  // namespace threadlab
