// The primitives a learner meets, named and behaving as in Python's threading module, built
// on the standard C++ ones (std::thread, std::mutex, std::condition_variable) through the
// program's gate, so that every step is recorded, stoppable and visible to the detector.
//
// Why not std::counting_semaphore or std::barrier: libc++ builds them on atomic waits that
// poll with sleeps of up to 8 ms under Emscripten (TOOLCHAIN.md). Why not a std::mutex per
// Lock: a Python Lock may be released by another thread than the one that acquired it (the
// producer-consumer lesson does so), which a std::mutex forbids.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "runtime/program.h"

namespace threadlab {

// A thread of the lesson. The program owns the running thread, as Python's interpreter
// does: this handle may go away while the thread runs on.
class Thread {
 public:
  Thread(std::string name, std::function<void()> target, bool daemon = false);
  void Start(CallSite at = {});
  void Join(double timeout = -1, CallSite at = {});
  bool IsAlive(CallSite at = {}) const;

 private:
  std::string m_name;
  std::function<void()> m_target;
  bool m_daemon;
  Program* m_program;
  int m_index = kNoThread;
};

// Base of the primitives: the program they belong to and their row in its object table.
class Primitive {
 protected:
  friend class Condition;  // it waits on its Lock's row
  Primitive(ObjectKind kind, std::string name, long long capacity = 0);
  Program& m_program;
  int m_id;
};

class Lock : public Primitive {
 public:
  explicit Lock(std::string name = "lock");
  void Acquire(CallSite at = {});
  // false when the lock is held (Python's acquire(blocking=False)).
  bool TryAcquire(CallSite at = {});
  // Throws RuntimeError("release unlocked lock") when nobody holds it.
  void Release(CallSite at = {});
  bool Locked(CallSite at = {});
};

// A lock the same thread may take again; it counts, and only the owner may release it.
class RLock : public Primitive {
 public:
  explicit RLock(std::string name = "rlock");
  void Acquire(CallSite at = {});
  // Throws RuntimeError("cannot release un-acquired lock") unless the caller holds it.
  void Release(CallSite at = {});
};

// Python's threading.Condition over a Lock: Wait gives the lock up and sleeps until another
// thread, holding the lock, notifies it; it takes the lock again before it returns. Each of
// these is a step of its own (wait on the condition, release, the wake-up, acquire), so step
// mode, replay and the explorer see the wake-up and the race for the lock apart.
class Condition : public Primitive {
 public:
  explicit Condition(Lock& lock, std::string name = "condition");
  void Acquire(CallSite at = {});
  void Release(CallSite at = {});
  // Throws RuntimeError("cannot wait on un-acquired lock") unless the caller holds the lock.
  // Timeout in lesson seconds (< 0: forever); false when it passed before a notify. Either
  // way the lock is held again when it returns.
  bool Wait(double timeout = -1, CallSite at = {});
  // Waits until predicate() holds (checked with the lock held), or the timeout has passed;
  // returns the predicate's last value.
  bool WaitFor(const std::function<bool()>& predicate, double timeout = -1, CallSite at = {});
  // Wakes up to n waiters, the longest waiting first. Throws RuntimeError("cannot notify on
  // un-acquired lock") unless the caller holds the lock.
  void Notify(int n = 1, CallSite at = {});
  void NotifyAll(CallSite at = {});

 private:
  bool Owned(Program::Guard& guard);  // the calling thread holds the lock
  void NotifySome(bool all, int n, CallSite at);

  Lock& m_lock;
  std::deque<long long> m_waiters;  // their tickets, the longest waiting first
  long long m_next_ticket = 0;
};

// `with lock:` in Python. The release, at the end of the block, has no line a destructor
// could know: step mode marks no line for it rather than the guard's, which would read as
// taking the lock again.
template <class Mutex>
class LockGuard {
 public:
  explicit LockGuard(Mutex& mutex, CallSite at = {}) : LockGuard(mutex, true, at) {}
  // Takes the lock only when `engaged`: a lesson's switch that puts the lock in or leaves it
  // out (`with self._lock if lock else nullcontext():`).
  LockGuard(Mutex& mutex, bool engaged, CallSite at = {}) : m_mutex(engaged ? &mutex : nullptr) {
    if (m_mutex) m_mutex->Acquire(at);
  }
  ~LockGuard() {
    if (m_mutex) m_mutex->Release(CallSite::None());
  }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Mutex* m_mutex;
};

class Semaphore : public Primitive {
 public:
  explicit Semaphore(int value = 1, std::string name = "semaphore");
  void Acquire(CallSite at = {});
  // false when no permit is left (Python's acquire(blocking=False)).
  bool TryAcquire(CallSite at = {});
  void Release(CallSite at = {});
  int Value(CallSite at = {});

 protected:
  Semaphore(int value, std::string name, bool bounded);

 private:
  bool m_bounded;
};

// A Semaphore that refuses to be released more often than acquired (ValueError).
class BoundedSemaphore : public Semaphore {
 public:
  explicit BoundedSemaphore(int value = 1, std::string name = "semaphore");
};

class Event : public Primitive {
 public:
  explicit Event(std::string name = "event");
  void Set(CallSite at = {});
  void Clear(CallSite at = {});
  bool IsSet(CallSite at = {});
  // Waits until set; timeout in lesson seconds (< 0: forever). Returns IsSet().
  bool Wait(double timeout = -1, CallSite at = {});
};

// All parties wait until the last one arrives; Wait returns a distinct index 0..parties-1.
class Barrier : public Primitive {
 public:
  explicit Barrier(int parties, std::string name = "barrier");
  int Wait(CallSite at = {});

 private:
  int m_parties;
  int m_arrived = 0;
  long long m_generation = 0;
};

// A bounded FIFO of ints (maxsize <= 0: unbounded), like queue.Queue.
class Queue : public Primitive {
 public:
  explicit Queue(int maxsize = 0, std::string name = "queue");
  void Put(int item, CallSite at = {});
  int Get(CallSite at = {});
  // Gives up after timeout lesson seconds.
  std::optional<int> Get(double timeout, CallSite at = {});
  bool Empty(CallSite at = {});
  int QSize(CallSite at = {});

 private:
  int m_maxsize;
  std::deque<int> m_items;
};

// Calls a function after a delay, on its own thread, unless cancelled first.
class Timer : public Primitive {
 public:
  Timer(double interval, std::function<void()> function, std::string name = "Timer");
  void Start(CallSite at = {});
  // Harmless after the timer has fired.
  void Cancel(CallSite at = {});
  void Join(CallSite at = {});

 private:
  std::shared_ptr<Event> m_cancelled;
  std::unique_ptr<Thread> m_thread;
};

// A pool of worker threads fed by a task queue, like concurrent.futures.ThreadPoolExecutor.
// Its destructor shuts it down and waits, like leaving Python's `with` block.
class ThreadPoolExecutor : public Primitive {
 public:
  explicit ThreadPoolExecutor(int max_workers, std::string name_prefix = "");
  ~ThreadPoolExecutor();
  void Submit(std::function<void()> task, CallSite at = {});
  // executor.map(function, range(count))
  void Map(const std::function<void(int)>& function, int count, CallSite at = {});
  void Shutdown(bool wait = true, CallSite at = {});

 private:
  struct State;
  std::shared_ptr<State> m_state;
  int m_max_workers;
  std::string m_prefix;
  std::vector<std::unique_ptr<Thread>> m_workers;
};

// A value shared between threads whose read and write are separate steps. The race lesson
// reads, sleeps, then writes: between the two another thread may write, and an update is
// lost. Each step is atomic (under the program's lock), so there is no undefined behaviour
// in C++ and sanitizers stay quiet while the lost update is real.
class SharedValue : public Primitive {
 public:
  explicit SharedValue(std::string name, long long initial = 0);
  long long Load(CallSite at = {});
  void Store(long long value, CallSite at = {});
};

// A marked stretch of lesson code, for the challenges: the runtime counts the threads inside
// it, and a level's goal can ask for two at once (runtime/goal.h). It guards nothing. Enter
// and leave are steps, so step mode shows a thread stopping at the door.
class Region : public Primitive {
 public:
  explicit Region(std::string name = "critical section");
  void Enter(CallSite at = {});
  void Leave();
};

// The scoped call that marks a region in lesson code: inside from here to the block's end.
class Inside {
 public:
  explicit Inside(Region& region, CallSite at = {}) : m_region(region) { m_region.Enter(at); }
  ~Inside() { m_region.Leave(); }
  Inside(const Inside&) = delete;
  Inside& operator=(const Inside&) = delete;

 private:
  Region& m_region;
};

}  // namespace threadlab
