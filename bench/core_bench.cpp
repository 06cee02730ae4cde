// The core's benchmarks: the same code built natively and by Emscripten (run under node and
// in Chromium), so scripts/bench can print wasm/native ratios measured side by side; and built
// with the runtime's threads as fibers (THREADLAB_FIBERS, natively and under node), for the
// threadless build's cost beside the threads build's.
//
//   core_bench [--quick]
//
// Prints one JSON object a line: {"metric": NAME, "value": X, "unit": U} (higher is better
// for "/s" units, lower for "ms"), and for the timing samples also "mean", "p99", "max".
// Every figure is the best of a few repetitions, so a busy moment of the machine counts less.
//
// Every benchmark runs as a program's main on ThreadLab's runtime, as a lesson does: each
// step passes the gate and is recorded, like in the playground.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "json.h"
#include "lesson.h"
#include "runtime/clock.h"
#include "runtime/primitives.h"
#include "runtime/threads.h"
#ifdef THREADLAB_SHARED_BROWSER_CLOCK
#include "shared_clock.h"
#endif

using namespace threadlab;

namespace {

bool g_quick = false;
int Scaled(int count) { return g_quick ? std::max(1, count / 10) : count; }

// One line of output: {"metric": NAME, "value": ...}, the value and what follows it (the
// unit, the samples' figures) written by `rest`, through the project's JSON writer.
void EmitLine(const char* metric, const std::function<void(JsonWriter&)>& rest) {
  JsonWriter json;
  json.BeginObject().Key("metric").Text(metric).Key("value");
  rest(json);
  json.End();
  std::printf("%s\n", json.text().c_str());
  std::fflush(stdout);
}

// A rate: six significant digits are more than a busy machine repeats.
void Emit(const char* metric, double value, const char* unit) {
  EmitLine(metric, [&](JsonWriter& json) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    json.Number(std::strtod(text, nullptr)).Key("unit").Text(unit);
  });
}

// Runs body as a program's main (speed 1) and returns the wall seconds it took.
double TimeInProgram(const std::function<void()>& body, RunOptions options = {}) {
  double seconds = 0;
  auto program = Program::Start([&] {
    const double start = WallSeconds();
    body();
    seconds = WallSeconds() - start;
  }, options);
  program->Wait();
  return seconds;
}

// The best of `repeats` timings of body, as operations per second.
double BestRate(int operations, const std::function<void()>& body, int repeats = 3) {
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) best = std::min(best, TimeInProgram(body));
  return operations / best;
}

// ---- Throughput ---------------------------------------------------------------------------

// `threads` threads add to one counter under one Lock, as the lock lesson does.
void LockCounter(int threads, int increments) {
  Lock lock("counter lock");
  long long counter = 0;
  std::vector<std::unique_ptr<Thread>> workers;
  for (int t = 0; t < threads; ++t)
    workers.push_back(std::make_unique<Thread>("worker", [&] {
      for (int i = 0; i < increments; ++i) {
        LockGuard<Lock> hold(lock);
        ++counter;
      }
    }));
  for (auto& worker : workers) worker->Start();
  for (auto& worker : workers) worker->Join();
  if (counter != static_cast<long long>(threads) * increments) std::abort();
}

// One producer, one consumer, a bounded Queue: the tutorial's pipeline.
void Pipeline(int items, int capacity) {
  Queue queue(capacity, "pipeline");
  Thread producer("producer", [&] {
    for (int i = 0; i < items; ++i) queue.Put(i);
  });
  Thread consumer("consumer", [&] {
    for (int i = 0; i < items; ++i)
      if (queue.Get() != i) std::abort();
  });
  producer.Start();
  consumer.Start();
  producer.Join();
  consumer.Join();
}

void BarrierPhases(int parties, int phases) {
  Barrier barrier(parties);
  std::vector<std::unique_ptr<Thread>> threads;
  for (int t = 0; t < parties; ++t)
    threads.push_back(std::make_unique<Thread>("party", [&] {
      for (int i = 0; i < phases; ++i) barrier.Wait();
    }));
  for (auto& thread : threads) thread->Start();
  for (auto& thread : threads) thread->Join();
}

// Start and join threads one after another; a run may start kMaxThreadsPerRun - 1 of them.
void StartJoin(int threads) {
  for (int i = 0; i < threads; ++i) {
    Thread thread("short", [] {});
    thread.Start();
    thread.Join();
  }
}

// One step through the gate: a read of a shared value, recorded.
void GateSteps(int steps) {
  SharedValue value("x");
  long long sum = 0;
  for (int i = 0; i < steps; ++i) sum += value.Load();
  if (sum != 0) std::abort();
}

// ---- The platform's floor -----------------------------------------------------------------
// The counter and the thread starts above on bare std::mutex and std::thread, with no
// runtime, no gate and no record: what the platform's threads cost before ThreadLab adds
// anything (on wasm: Web Workers, and futexes that wait with Atomics.wait).

void BareMutexCounter(int threads, int increments) {
  std::mutex mutex;
  long long counter = 0;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        std::lock_guard<std::mutex> hold(mutex);
        ++counter;
      }
    });
  for (auto& worker : workers) worker.join();
  if (counter != static_cast<long long>(threads) * increments) std::abort();
}

void BareStartJoin(int threads) {
  for (int i = 0; i < threads; ++i) std::thread([] {}).join();
}

// The wall clock every recorded step reads (on wasm a call out to JS's performance.now()).
void ClockReads(int reads) {
  double last = 0;
  for (int i = 0; i < reads; ++i) {
    const double now = WallSeconds();
    if (now < last) std::abort();
    last = now;
  }
}

// ---- Timing fidelity ----------------------------------------------------------------------

struct Samples {
  std::vector<double> lateness_ms;
  void Emit(const char* metric) {
    std::sort(lateness_ms.begin(), lateness_ms.end());
    double sum = 0;
    for (double x : lateness_ms) sum += x;
    const size_t n = lateness_ms.size();
    EmitLine(metric, [&](JsonWriter& json) {
      json.Fixed(sum / n, 4).Key("unit").Text("ms").Key("mean").Fixed(sum / n, 4)
          .Key("p99").Fixed(lateness_ms[std::min(n - 1, n * 99 / 100)], 4)
          .Key("max").Fixed(lateness_ms.back(), 4).Key("samples").Integer(static_cast<long long>(n));
    });
  }
};

// How late Sleep(2 ms) wakes, at speed 1.
void SleepLateness(int samples) {
  Samples result;
  TimeInProgram([&] {
    for (int i = 0; i < samples; ++i) {
      const double start = WallSeconds();
      Sleep(0.002);
      result.lateness_ms.push_back((WallSeconds() - start - 0.002) * 1000);
    }
  });
  result.Emit("sleep_lateness");
}

// How late a Timer(2 ms) calls its function, from Start. Each timer is a thread, so the
// samples come in runs of 50 (the thread budget of a run is kMaxThreadsPerRun).
void TimerLateness(int samples) {
  Samples result;
  for (int done = 0; done < samples; done += 50) {
    TimeInProgram([&] {
      for (int i = done; i < std::min(samples, done + 50); ++i) {
        double fired = 0;
        Timer timer(0.002, [&] { fired = WallSeconds(); });
        const double start = WallSeconds();
        timer.Start();
        timer.Join();
        result.lateness_ms.push_back((fired - start - 0.002) * 1000);
      }
    });
  }
  result.Emit("timer_lateness");
}

// ---- Recording overhead -------------------------------------------------------------------

// The lessons at full speed, three times over: no sleeps, the most updates and messages,
// each run to its end (a deadlocked one is stopped).
double LessonsSeconds(bool record) {
  const double start = WallSeconds();
  for (int pass = 0; pass < 3; ++pass) {
    for (const Lesson* lesson : Lessons()) {
      ParamValues values = DefaultValues(*lesson);
      for (const Param& param : lesson->params) {
        const std::string name = param.name;
        if (name == "sleep" || name == "hold" || name == "max_init" || name == "delay") values.Set(name, 0);
        if (name == "updates" || name == "messages" || name == "tasks") values.Set(name, param.max);
      }
      RunOptions options;
      options.speed = kMaxSpeed;
      options.record = record;
      auto program = StartLesson(*lesson, values, options);
      RunSnapshot run;
      while (!program->WaitFor(0.001)) {
        program->Read(run);
        if (run.status == RunStatus::deadlocked) program->Stop();
      }
    }
  }
  return WallSeconds() - start;
}

// Wall time, and the CPU time of the whole process (every thread of the runs): on a busy
// machine the wall time mostly says how long the threads waited for a core.
void RecordingOverhead(int rounds) {
  double recorded = 1e300, unrecorded = 1e300, recorded_cpu = 1e300, unrecorded_cpu = 1e300;
  for (int i = 0; i < rounds; ++i) {  // interleaved, so both see the same machine
    for (bool record : {true, false}) {
      const std::clock_t cpu_start = std::clock();
      const double wall = LessonsSeconds(record);
      const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
      (record ? recorded : unrecorded) = std::min(record ? recorded : unrecorded, wall);
      (record ? recorded_cpu : unrecorded_cpu) = std::min(record ? recorded_cpu : unrecorded_cpu, cpu);
    }
  }
  EmitLine("lessons_recorded", [&](JsonWriter& json) {
    json.Fixed(recorded * 1000, 3).Key("unit").Text("ms").Key("cpu").Fixed(recorded_cpu * 1000, 3);
  });
  EmitLine("lessons_unrecorded", [&](JsonWriter& json) {
    json.Fixed(unrecorded * 1000, 3).Key("unit").Text("ms").Key("cpu").Fixed(unrecorded_cpu * 1000, 3);
  });
}

}  // namespace

int main(int argc, char** argv) {
#ifdef THREADLAB_SHARED_BROWSER_CLOCK
  UseSharedBrowserClock();
#endif
  g_quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int lock_ops = Scaled(20000), items = Scaled(20000), phases = Scaled(2000),
            steps = Scaled(200000);
  Emit("lock_counter_2", BestRate(lock_ops, [&] { LockCounter(2, lock_ops / 2); }), "ops/s");
  Emit("lock_counter_4", BestRate(lock_ops, [&] { LockCounter(4, lock_ops / 4); }), "ops/s");
  Emit("queue_pipeline", BestRate(items, [&] { Pipeline(items, 10); }), "items/s");
  Emit("barrier_phases", BestRate(phases, [&] { BarrierPhases(3, phases); }), "phases/s");
  Emit("thread_start_join", BestRate(60, [] { StartJoin(60); }, 5), "threads/s");
  Emit("gate_step", BestRate(steps, [&] { GateSteps(steps); }), "steps/s");
  if (!kFibers) {  // the threadless build has no std::thread (on the web, none at all)
    Emit("bare_mutex_counter_2", BestRate(lock_ops, [&] { BareMutexCounter(2, lock_ops / 2); }), "ops/s");
    Emit("bare_start_join", BestRate(60, [] { BareStartJoin(60); }, 5), "threads/s");
  }
  Emit("clock_read", BestRate(steps, [&] { ClockReads(steps); }), "reads/s");
  SleepLateness(200);
  TimerLateness(200);
  RecordingOverhead(g_quick ? 1 : 7);
  JsonWriter done;
  done.BeginObject().Key("done").Flag(true).End();
  std::printf("%s\n", done.text().c_str());
  std::fflush(stdout);
  return 0;
}
