// The fiber build of runtime/threads.h: every thread of the runtime is a fiber on the one
// thread there is. A fiber runs until it waits on a CondVar; then it gives way to the next
// fiber that can go, in the order they became able to, for as long as the share of time the
// thread's own context (the main fiber) gave them lasts; then, or when none can go, to the
// main fiber. So the web page's frame decides how long the fibers run before the browser
// draws (RunFibersFor), and a step costs one switch: on the web, the Asyncify unwinding of
// one stack and the rewinding of another.
#include <algorithm>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "runtime/clock.h"
#include "runtime/fiber_context.h"
#include "runtime/threads.h"

namespace threadlab {

namespace {

struct Fiber {
  FiberContext* context = nullptr;
  std::function<void()> work;  // what it runs next; empty while parked
  void* task_pointer = nullptr;
  // While it waits: the CondVar, and the wall time its wait ends anyway.
  CondVar* waiting_on = nullptr;
  double wake_at = 0;
  bool notified = false;
};

// A main fiber that waits lets the others run in slices of this, looking at its own wait
// between them.
constexpr double kMainWaitSlice = 0.01;

struct Scheduler {
  Fiber main;                    // the thread's own context
  Fiber* current = &main;
  std::deque<Fiber*> ready;      // can go, in the order they became able to
  std::vector<Fiber*> timed;     // waiting with a time limit
  std::vector<std::unique_ptr<Fiber>> fibers;
  std::vector<Fiber*> parked;
  double share_ends = 0;         // wall time the fibers give the thread back to the main fiber
};

// Never destroyed: a fiber may still wait in it while the process exits.
Scheduler& TheScheduler() {
  static Scheduler* scheduler = new Scheduler;
  return *scheduler;
}

void SwitchTo(Scheduler& scheduler, Fiber& to) {
  Fiber& from = *scheduler.current;
  scheduler.current = &to;
  SwitchFiberContext(from.context, to.context);
}

void MakeReady(Scheduler& scheduler, Fiber& fiber) {
  if (fiber.waiting_on) {
    std::erase(scheduler.timed, &fiber);
    fiber.waiting_on = nullptr;
  }
  if (&fiber != &scheduler.main) scheduler.ready.push_back(&fiber);
}

// Wakes the waits whose time is up; the main fiber's own counts too.
void WakeTimed(Scheduler& scheduler, double now) {
  std::vector<Fiber*> due;
  for (Fiber* fiber : scheduler.timed)
    if (fiber->wake_at <= now) due.push_back(fiber);
  for (Fiber* fiber : due) {
    ForgetWaiter(*fiber->waiting_on, fiber);
    MakeReady(scheduler, *fiber);
  }
}

// The running fiber waits or parks: the next fiber that can go takes over, while the main
// fiber's share lasts; else the main fiber. (A wait whose time was up at once goes on.)
void GiveWay(Scheduler& scheduler) {
  const double now = WallSeconds();
  WakeTimed(scheduler, now);
  Fiber* next = &scheduler.main;
  if (!scheduler.ready.empty() && now < scheduler.share_ends) {
    next = scheduler.ready.front();
    scheduler.ready.pop_front();
  }
  if (next != scheduler.current) SwitchTo(scheduler, *next);
}

// A fiber's life: run its work, park, run the next work it is given. An exception escaping
// the work ends the process, as it would escaping an OS thread's.
void FiberMain(void* argument) noexcept {
  Fiber& self = *static_cast<Fiber*>(argument);
  Scheduler& scheduler = TheScheduler();
  for (;;) {
    std::function<void()> work = std::move(self.work);
    self.work = nullptr;
    work();
    work = nullptr;  // the lesson's captures go before the fiber parks
    self.task_pointer = nullptr;
    scheduler.parked.push_back(&self);
    GiveWay(scheduler);
  }
}

// The main fiber lets the others run until `share_ends`, or until none can go: it gives way
// as they do, and they hand over among themselves until the share is over.
void RunShare(Scheduler& scheduler, double share_ends) {
  scheduler.share_ends = share_ends;
  GiveWay(scheduler);
}

}  // namespace

void ForgetWaiter(CondVar& condition, void* fiber) { std::erase(condition.m_waiters, fiber); }

void RunOnPooledThread(std::function<void()> work) {
  Scheduler& scheduler = TheScheduler();
  Fiber* fiber = nullptr;
  if (!scheduler.parked.empty()) {
    fiber = scheduler.parked.back();
    scheduler.parked.pop_back();
  } else {
    if (scheduler.fibers.size() >= static_cast<size_t>(kMaxPooledThreads))
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                              "all " + std::to_string(kMaxPooledThreads) + " threads are busy");
    if (!scheduler.main.context) scheduler.main.context = CurrentFiberContext();
    auto made = std::make_unique<Fiber>();
    made->context = NewFiberContext(&FiberMain, made.get());
    fiber = made.get();
    scheduler.fibers.push_back(std::move(made));
  }
  fiber->work = std::move(work);
  scheduler.ready.push_back(fiber);
}

int PooledThreads() { return static_cast<int>(TheScheduler().fibers.size()); }
int ParkedThreads() { return static_cast<int>(TheScheduler().parked.size()); }

void*& TaskPointer() { return TheScheduler().current->task_pointer; }

void Mutex::lock() {
  if (m_held) throw std::logic_error("threadlab: a fiber gave way while it held the runtime's lock");
  m_held = true;
}

bool Mutex::try_lock() {
  if (m_held) return false;
  m_held = true;
  return true;
}

double CondVar::Now() { return WallSeconds(); }

CondVar::~CondVar() {
  Scheduler& scheduler = TheScheduler();
  for (void* waiter : m_waiters) MakeReady(scheduler, *static_cast<Fiber*>(waiter));
}

void CondVar::notify_one() {
  if (m_waiters.empty()) return;
  auto* fiber = static_cast<Fiber*>(m_waiters.front());
  m_waiters.erase(m_waiters.begin());
  fiber->notified = true;
  MakeReady(TheScheduler(), *fiber);
}

void CondVar::notify_all() {
  std::vector<void*> waiters;
  waiters.swap(m_waiters);
  for (void* waiter : waiters) {
    auto* fiber = static_cast<Fiber*>(waiter);
    fiber->notified = true;
    MakeReady(TheScheduler(), *fiber);
  }
}

bool CondVar::WaitUntil(std::unique_lock<Mutex>& lock, double deadline) {
  Scheduler& scheduler = TheScheduler();
  Fiber& self = *scheduler.current;
  self.waiting_on = this;
  self.wake_at = deadline;
  self.notified = false;
  m_waiters.push_back(&self);
  if (deadline < kForever) scheduler.timed.push_back(&self);
  lock.unlock();
  if (&self != &scheduler.main) {
    GiveWay(scheduler);
  } else {
    // The thread's own context runs the fibers until it is woken, a slice at a time.
    while (self.waiting_on) {
      if (!scheduler.ready.empty()) {
        RunShare(scheduler, WallSeconds() + kMainWaitSlice);
        continue;
      }
      WakeTimed(scheduler, WallSeconds());
      if (!self.waiting_on || !scheduler.ready.empty()) continue;
      double soonest = kForever;
      for (const Fiber* fiber : scheduler.timed) soonest = std::min(soonest, fiber->wake_at);
      if (soonest >= kForever)
        throw std::logic_error("threadlab: the thread waits for fibers that all wait without end");
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(soonest - WallSeconds(), 0.01)));
    }
  }
  lock.lock();
  return self.notified;
}

void RunFibersFor(double wall_seconds) {
  Scheduler& scheduler = TheScheduler();
  if (scheduler.current != &scheduler.main) return;  // only the thread's own context runs them
  RunShare(scheduler, WallSeconds() + wall_seconds);
}

}  // namespace threadlab
