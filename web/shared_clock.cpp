#include "shared_clock.h"

#include <emscripten.h>

#include "runtime/clock.h"

namespace threadlab {

namespace {
EM_JS(double, SharedNowMilliseconds, (), { return performance.timeOrigin + performance.now(); });
}  // namespace

void UseSharedBrowserClock() {
  SetWallClock([] { return SharedNowMilliseconds() / 1000; });
}

}  // namespace threadlab
