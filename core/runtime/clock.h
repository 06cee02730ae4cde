// The wall clock the runtime reads, in seconds. Natively, std::chrono::steady_clock. A
// platform whose threads disagree about that clock installs one they all share: under
// Emscripten before 3.1.28 each worker's clock is offset by its start-up latency, up to a
// frame of the browser's main thread (the web driver installs performance.timeOrigin +
// performance.now()).
#pragma once

namespace threadlab {

using WallClock = double (*)();
// Call before the first run starts.
void SetWallClock(WallClock clock);
double WallSeconds();

}  // namespace threadlab
