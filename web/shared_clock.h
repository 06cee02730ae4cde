// One wall clock for every thread of the page (see core/runtime/clock.h): Emscripten 3.1.6
// offsets each worker's performance.now() by its start-up latency, so the runtime reads
// performance.timeOrigin + performance.now(), which all threads agree on.
#pragma once

namespace threadlab {

void UseSharedBrowserClock();

}  // namespace threadlab
