// How the runtime's threads run: lesson threads, and the Session's jobs (Run ×N, the
// explorer). One of two builds, chosen by CMake (THREADLAB_FIBERS):
//
//   OS threads  each runs on an operating-system thread, taken from a pool: a finished one
//               parks and the next starts on it, a hand-off of microseconds instead of a
//               thread creation (on the web a new pthread needs a Web Worker, which the
//               browser's main thread hands out only between frames). threads_os.cpp.
//   fibers      each is a fiber on the one thread there is, and a fiber gives way only where
//               it waits on a CondVar; the thread's own context (the UI's frame, a test's
//               body) runs them: RunFibersFor, or any wait of its own. The web build for
//               pages without SharedArrayBuffer, and a native build that tests it.
//               threads_fibers.cpp, over a platform's context switch (fiber_context.h).
//
// The runtime's code is the same in both: the gate (runtime/program.h) lets one lesson
// thread move at a time in a controlled run either way, so a schedule replays alike.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace threadlab {

// Most threads (or fibers) the pool keeps, parked or busy. Past it RunOnPooledThread throws.
constexpr int kMaxPooledThreads = 160;

// Runs `work` on a parked thread, or on a new one when none is parked. Returns at once.
// Throws std::system_error when no thread can be had (the pool is full, or the system
// refuses one).
void RunOnPooledThread(std::function<void()> work);

// Threads the pool holds now (busy and parked), for tests that count threads left behind.
int PooledThreads();
int ParkedThreads();

// One pointer that each thread of the pool keeps for itself (the runtime's current lesson
// thread): thread_local with OS threads, saved with each fiber.
void*& TaskPointer();

#if THREADLAB_FIBERS

inline constexpr bool kFibers = true;

// A fiber never gives way while it holds a Mutex (only CondVar::wait gives way, and it lets
// go first), so the lock is a flag that catches the runtime's own mistakes: taking it while
// held means a fiber gave way holding it.
class Mutex {
 public:
  void lock();
  bool try_lock();
  void unlock() { m_held = false; }

 private:
  bool m_held = false;
};

// The waits of std::condition_variable that the runtime uses. A fiber that waits gives way
// to the thread's own context, which runs the next fiber that can go; that context's own
// waits run the fibers until it is notified (or its time is up).
class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  ~CondVar();
  void wait(std::unique_lock<Mutex>& lock) { WaitUntil(lock, kForever); }
  template <class Ready>
  void wait(std::unique_lock<Mutex>& lock, Ready ready) {
    while (!ready()) wait(lock);
  }
  template <class Rep, class Period>
  std::cv_status wait_for(std::unique_lock<Mutex>& lock, const std::chrono::duration<Rep, Period>& time) {
    return WaitUntil(lock, Deadline(time)) ? std::cv_status::no_timeout : std::cv_status::timeout;
  }
  template <class Rep, class Period, class Ready>
  bool wait_for(std::unique_lock<Mutex>& lock, const std::chrono::duration<Rep, Period>& time, Ready ready) {
    const double deadline = Deadline(time);
    while (!ready())
      if (!WaitUntil(lock, deadline)) return ready();
    return true;
  }
  void notify_one();
  void notify_all();

 private:
  static constexpr double kForever = 1e300;
  template <class Rep, class Period>
  static double Deadline(const std::chrono::duration<Rep, Period>& time) {
    return Now() + std::chrono::duration<double>(time).count();
  }
  static double Now();
  // Waits until notified (true) or until the wall clock reads `deadline` (false).
  bool WaitUntil(std::unique_lock<Mutex>& lock, double deadline);

  std::vector<void*> m_waiters;  // the fibers waiting, in the order they came
  friend void ForgetWaiter(CondVar& condition, void* fiber);  // its time is up
};

// Runs the fibers that can go, from the thread's own context, for about `wall_seconds`, or
// until none can go: the web page's frame gives them their share of the main thread.
void RunFibersFor(double wall_seconds);

#else

inline constexpr bool kFibers = false;
using Mutex = std::mutex;
using CondVar = std::condition_variable;
// OS threads run by themselves.
inline void RunFibersFor(double) {}

#endif

}  // namespace threadlab
