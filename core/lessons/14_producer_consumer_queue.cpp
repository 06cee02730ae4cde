// ------------------------------------------------------------------------------------------
// Producer-Consumer (Queue and Event): producers fill a bounded Queue until an Event tells
// them to stop; consumers drain everything before they exit, told so by sentinels, or
// (the original's check) lose a message by stopping at "event set and queue empty".
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
const int SENTINEL = -1;

void producer(int name, Queue& queue, Event& event) {
    for (int count = 0; !event.IsSet(); ++count) {
        Sleep(Value<double>("produce_time"));   // making a message takes a while
        int message = name * 1000 + count;
        Log("Producer %d got message: %d", name, message);
        queue.Put(message);   // waits while the queue is full
    }
    Log("Producer %d received event. Exiting", name);
}

void consumer(int name, Queue& queue, Event& event) {
    if (Value<bool>("sentinel")) {
        for (int message = queue.Get(); message != SENTINEL; message = queue.Get()) {
            Log("Consumer %d storing message: %d (size=%d)", name, message, queue.QSize());
            Sleep(Value<double>("consume_time"));
        }
        Log("Consumer %d received sentinel. Exiting", name);
    } else {   // the original's check: a producer may still be about to put a message
        while (!event.IsSet() || !queue.Empty()) {
            int message = queue.Get();
            Log("Consumer %d storing message: %d (size=%d)", name, message, queue.QSize());
            Sleep(Value<double>("consume_time"));
        }
        Log("Consumer %d received event. Exiting", name);
    }
}

std::unique_ptr<Thread> start(std::string name, std::function<void()> body) {
    auto thread = std::make_unique<Thread>(name, body);
    thread->Start();
    return thread;
}

int main() {
    Queue pipeline(Value<int>("capacity"), "pipeline");
    Event event{"event"};
    std::vector<std::unique_ptr<Thread>> producers, consumers;
    for (int name = 1; name <= Value<int>("producers"); ++name)
        producers.push_back(start("Producer " + std::to_string(name),
                                  [&, name] { producer(name, pipeline, event); }));
    for (int name = 1; name <= Value<int>("consumers"); ++name)
        consumers.push_back(start("Consumer " + std::to_string(name),
                                  [&, name] { consumer(name, pipeline, event); }));

    Sleep(Value<double>("run_time"));
    Log("Main: about to set event");
    event.Set();
    for (auto& thread : producers) thread->Join();
    // Every message is in the queue now: a sentinel per consumer goes behind them.
    if (Value<bool>("sentinel"))
        for (size_t i = 0; i < consumers.size(); ++i) pipeline.Put(SENTINEL);
    for (auto& thread : consumers) thread->Join();
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: messages made against messages stored, and the queue's fullest --------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int made = CountLines(run, " got message: ");
  const int stored = CountLines(run, " storing message: ");
  int fill = 0, most = 0;
  for (const TraceEvent& event : run.trace) {
    if (event.kind == EventKind::queue_put) most = std::max(most, ++fill);
    if (event.kind == EventKind::queue_get) --fill;
  }
  Outcome outcome;
  outcome.Integer("lost", made - stored)
      .Integer("produced", made)
      .Integer("stored", stored)
      .Integer("most_in_queue", most);
  outcome.fields[1].key = outcome.fields[2].key = outcome.fields[3].key = false;
  outcome.text = Printf("%d messages made, %d stored", made, stored);
  if (made > stored)
    outcome.text += Printf(": %d lost, left in the queue when the consumers stopped", made - stored);
  outcome.text += Printf("; the queue held at most %d of %d", most, params.Integer("capacity"));
  return outcome;
}

const char* const kPythonNote =
    "queue.Queue(maxsize) becomes Queue(capacity, name), a queue of ints: the sentinel is -1 "
    "instead of a unique object(). Each thread gets a name (\"Producer 1\"), which the "
    "timeline shows on its lane.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kProducerConsumerQueue = {
    .id = "producer-consumer-queue",
    .title = "Producer-Consumer (Queue and Event)",
    .text =
        "The tutorial names this pipeline without its code; this follows the well-known Queue "
        "and Event version (Real Python's), with a fix.\n\n"
        "A Queue does the hand-over of the previous lesson for you, and holds many messages: "
        "Put waits while it is full (capacity), Get waits while it is empty. Producers run "
        "until main sets an Event.\n\n"
        "The original's consumers stop at 'event set and queue empty'. That check is wrong: a "
        "producer may have made a message and not put it yet, and it is lost (set sentinel to "
        "false, produce_time 0.03, consume_time 0.02). With sentinel true, main waits for the "
        "producers, then puts one sentinel per consumer behind the last message: every message "
        "is stored exactly once, in order per producer.\n\n"
        "Try: a slow consumer (consume_time) fills the queue and the producer blocks; two "
        "consumers share the work.",
    .params = {
        {"producers", ParamKind::integer, 1, 1, 16, "how many producer threads"},
        {"consumers", ParamKind::integer, 1, 1, 16, "how many consumer threads"},
        {"capacity", ParamKind::integer, 10, 1, 100, "the queue's maxsize"},
        {"run_time", ParamKind::number, 0.1, 0, 60, "seconds before main sets the event"},
        {"produce_time", ParamKind::number, 0.002, 0, 10, "seconds a producer takes per message"},
        {"consume_time", ParamKind::number, 0.005, 0, 10, "seconds a consumer takes per message"},
        {"sentinel", ParamKind::boolean, 1, 0, 1,
         "consumers stop at a sentinel; false: at 'event set and queue empty'"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.05,  // its 0.16 s take 3 s to watch
};

}  // namespace threadlab
