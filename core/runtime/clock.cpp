#include "runtime/clock.h"

#include <atomic>
#include <chrono>

namespace threadlab {

namespace {
double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
std::atomic<WallClock> g_clock{&SteadySeconds};
}  // namespace

void SetWallClock(WallClock clock) { g_clock = clock ? clock : &SteadySeconds; }

double WallSeconds() { return g_clock.load(std::memory_order_relaxed)(); }

}  // namespace threadlab
