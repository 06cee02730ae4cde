// The OS-thread build of runtime/threads.h: a pool of parked threads.
#include "runtime/threads.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

namespace threadlab {

namespace {

struct Pool {
  std::mutex mutex;
  std::condition_variable work_ready;
  std::deque<std::function<void()>> work;
  int threads = 0;
  int parked = 0;
};

// Never destroyed: parked threads wait on it for the life of the process.
Pool& ThePool() {
  static Pool* pool = new Pool;
  return *pool;
}

void Park(Pool& pool) {
  std::unique_lock<std::mutex> lock(pool.mutex);
  for (;;) {
    ++pool.parked;
    pool.work_ready.wait(lock, [&] { return !pool.work.empty(); });
    --pool.parked;
    std::function<void()> work = std::move(pool.work.front());
    pool.work.pop_front();
    lock.unlock();
    work();
    work = nullptr;  // the lesson's captures go before the thread parks again
    lock.lock();
  }
}

}  // namespace

void RunOnPooledThread(std::function<void()> work) {
  Pool& pool = ThePool();
  std::unique_lock<std::mutex> lock(pool.mutex);
  // Parked threads not yet promised to earlier work can take this one.
  if (pool.parked > static_cast<int>(pool.work.size())) {
    pool.work.push_back(std::move(work));
    pool.work_ready.notify_one();
    return;
  }
  if (pool.threads >= kMaxPooledThreads)
    throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                            "all " + std::to_string(kMaxPooledThreads) + " threads are busy");
  pool.work.push_back(std::move(work));
  try {
    std::thread([&pool] { Park(pool); }).detach();
  } catch (...) {
    pool.work.pop_back();
    throw;
  }
  ++pool.threads;
}

int PooledThreads() {
  std::lock_guard<std::mutex> lock(ThePool().mutex);
  return ThePool().threads;
}

int ParkedThreads() {
  std::lock_guard<std::mutex> lock(ThePool().mutex);
  return ThePool().parked;
}

void*& TaskPointer() {
  thread_local void* pointer = nullptr;
  return pointer;
}

}  // namespace threadlab
