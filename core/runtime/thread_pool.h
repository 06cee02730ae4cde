// The operating-system threads that lesson threads run on. A finished lesson thread's OS
// thread parks here and the next lesson thread starts on it: a hand-off of microseconds
// instead of a thread creation. On the web that matters most: there a new pthread needs a
// Web Worker, which the browser's main thread hands out only between frames.
#pragma once

#include <functional>

namespace threadlab {

// Most OS threads the pool keeps, parked or busy. Past it RunOnPooledThread throws.
constexpr int kMaxPooledThreads = 160;

// Runs `work` on a parked thread, or on a new one when none is parked. Returns at once.
// Throws std::system_error when no thread can be had (the pool is full, or the system
// refuses one).
void RunOnPooledThread(std::function<void()> work);

// OS threads the pool holds now (busy and parked), for tests that count threads left behind.
int PooledThreads();
int ParkedThreads();

}  // namespace threadlab
