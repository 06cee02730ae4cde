// ------------------------------------------------------------------------------------------
// Producer-Consumer (Queue and Event): producers fill a bounded Queue until an Event tells
// them to stop; consumers drain everything before they exit.
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(const int SENTINEL = -1;

void producer(int name, Queue& queue, Event& event) {
    for (int count = 0; !event.IsSet(); ++count) {
        int message = name * 1000 + count;
        Log("Producer %d got message: %d", name, message);
        queue.Put(message);            // waits while the queue is full
        Sleep({produce_time});
    }
    Log("Producer %d received event. Exiting", name);
}

void consumer(int name, Queue& queue) {
    for (int message = queue.Get(); message != SENTINEL; message = queue.Get()) {
        Log("Consumer %d storing message: %d (size=%d)", name, message, queue.QSize());
        Sleep({consume_time});
    }
    Log("Consumer %d received sentinel. Exiting", name);
}

// Starts a thread named like "Producer 1".
std::unique_ptr<Thread> start(const char* role, int name, std::function<void()> body) {
    auto thread = std::make_unique<Thread>(std::string(role) + " " + std::to_string(name), body);
    thread->Start();
    return thread;
}

int main() {
    Queue pipeline({capacity}, "pipeline");
    Event event{"event"};
    std::vector<std::unique_ptr<Thread>> producers, consumers;
    for (int name = 1; name <= {producers}; ++name)
        producers.push_back(start("Producer", name, [&, name] { producer(name, pipeline, event); }));
    for (int name = 1; name <= {consumers}; ++name)
        consumers.push_back(start("Consumer", name, [&, name] { consumer(name, pipeline); }));

    Sleep({run_time});
    Log("Main: about to set event");
    event.Set();
    for (auto& thread : producers) thread->Join();
    // Only now is every message in the queue: one sentinel per consumer goes after them,
    // so the consumers drain the queue before they stop.
    for (int name = 1; name <= {consumers}; ++name) pipeline.Put(SENTINEL);
    for (auto& thread : consumers) thread->Join();
}
)source";

// ---- Run ----------------------------------------------------------------------------------
constexpr int kSentinel = -1;

void Producer(int name, Queue& queue, Event& event, double produce_time) {
  for (int count = 0; !event.IsSet(); ++count) {
    const int message = name * 1000 + count;
    Log("Producer %d got message: %d", name, message);
    queue.Put(message);
    Sleep(produce_time);
  }
  Log("Producer %d received event. Exiting", name);
}

void Consumer(int name, Queue& queue, double consume_time) {
  for (int message = queue.Get(); message != kSentinel; message = queue.Get()) {
    Log("Consumer %d storing message: %d (size=%d)", name, message, queue.QSize());
    Sleep(consume_time);
  }
  Log("Consumer %d received sentinel. Exiting", name);
}

std::unique_ptr<Thread> Start(const char* role, int name, std::function<void()> body) {
  auto thread = std::make_unique<Thread>(std::string(role) + " " + std::to_string(name), body);
  thread->Start();
  return thread;
}

void Run(const ParamValues& params) {
  const double produce_time = params.Number("produce_time");
  const double consume_time = params.Number("consume_time");
  const int consumer_count = params.Integer("consumers");
  Queue pipeline(params.Integer("capacity"), "pipeline");
  Event event{"event"};
  std::vector<std::unique_ptr<Thread>> producers, consumers;
  for (int name = 1; name <= params.Integer("producers"); ++name)
    producers.push_back(Start("Producer", name, [&, name] {
      Producer(name, pipeline, event, produce_time);
    }));
  for (int name = 1; name <= consumer_count; ++name)
    consumers.push_back(Start("Consumer", name, [&, name] {
      Consumer(name, pipeline, consume_time);
    }));
  Sleep(params.Number("run_time"));
  Log("Main: about to set event");
  event.Set();
  for (auto& thread : producers) thread->Join();
  for (int name = 1; name <= consumer_count; ++name) pipeline.Put(kSentinel);
  for (auto& thread : consumers) thread->Join();
}

// Reads the queue's puts and gets from the trace.
std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  int produced = 0, consumed = 0, fill = 0, most = 0;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::queue_put) {
      produced += event.value != kSentinel;
      most = std::max(most, ++fill);
    }
    if (event.kind == EventKind::queue_get) {
      consumed += event.value != kSentinel;
      --fill;
    }
  }
  return Printf("%d messages produced, %d consumed; the queue held at most %d of %d", produced,
                consumed, most, params.Integer("capacity"));
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kProducerConsumerQueue = {
    "producer-consumer-queue",
    "Producer-Consumer (Queue and Event)",
    "A Queue does the hand-over of the previous lesson for you, and holds many messages: "
    "Put waits while it is full (capacity), Get waits while it is empty.\n\n"
    "Producers run until main sets an Event. Consumers must not stop before the queue is "
    "empty, and checking 'event set and queue empty' is not enough: a producer may still "
    "be inside Put. So main waits for the producers, then puts one sentinel per consumer "
    "behind the last message: every message is consumed exactly once, in order per "
    "producer.\n\n"
    "Try: a slow consumer (consume_time) fills the queue and the producer blocks; two "
    "consumers share the work.",
    {
        {"producers", ParamKind::integer, 1, 1, 16, "how many producer threads"},
        {"consumers", ParamKind::integer, 1, 1, 16, "how many consumer threads"},
        {"capacity", ParamKind::integer, 10, 1, 100, "the queue's maxsize"},
        {"run_time", ParamKind::number, 0.1, 0, 60, "seconds before main sets the event"},
        {"produce_time", ParamKind::number, 0.002, 0, 10, "seconds a producer takes per message"},
        {"consume_time", ParamKind::number, 0.005, 0, 10, "seconds a consumer takes per message"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
