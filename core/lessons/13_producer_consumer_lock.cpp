// ------------------------------------------------------------------------------------------
// Producer-Consumer (two locks): a pipeline passes one message at a time from a producer
// to a consumer, with two Locks taking turns, and a sentinel to say it is over.
// ------------------------------------------------------------------------------------------
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
const int SENTINEL = -1;

// Holds one message. The producer may set it when producer_lock is free, the consumer may
// get it when consumer_lock is free; each releases the other's lock.
class Pipeline {
  public:
    Pipeline() { consumer_lock.Acquire(); }   // nothing to get yet

    int get_message() {
        consumer_lock.Acquire();
        int message = message_;
        producer_lock.Release();
        return message;
    }
    void set_message(int message) {
        producer_lock.Acquire();
        message_ = message;
        consumer_lock.Release();
    }

  private:
    int message_ = 0;
    Lock producer_lock{"producer_lock"};
    Lock consumer_lock{"consumer_lock"};
};

void producer(Pipeline& pipeline) {
    for (int index = 0; index < Value<int>("messages"); ++index) {
        int message = 1 + index * 37 % 100;   // a made-up message
        Log("Producer got message: %d", message);
        pipeline.set_message(message);
    }
    pipeline.set_message(SENTINEL);   // tell the consumer we are done
}

void consumer(Pipeline& pipeline) {
    int message = 0;
    while (message != SENTINEL) {
        message = pipeline.get_message();
        if (message != SENTINEL) Log("Consumer storing message: %d", message);
    }
}

int main() {
    Pipeline pipeline;
    {   // with ThreadPoolExecutor(max_workers=2) as executor:
        ThreadPoolExecutor executor(2);
        executor.Submit([&pipeline] { producer(pipeline); });
        executor.Submit([&pipeline] { consumer(pipeline); });
    }
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: were the messages stored as made, one for one -------------------------------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues&) {
  const std::vector<int> made = LoggedNumbers(run, "Producer got message: %d");
  const std::vector<int> stored = LoggedNumbers(run, "Consumer storing message: %d");
  Outcome outcome;
  outcome.Integer("produced", made.size()).Integer("stored", stored.size()).Flag("in_order", made == stored);
  outcome.text = Count(made.size(), "message", "messages") + " made, " +
                 std::to_string(stored.size()) + " stored" +
                 (made == stored ? ", in order, one at a time" : ": some went missing");
  return outcome;
}

const char* const kPythonNote =
    "The sentinel is -1 rather than a unique object(): the C++ pipeline carries ints. "
    "The executor's `with` block is a C++ block, which waits for both tasks at its end.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kProducerConsumerLock = {
    .id = "producer-consumer-lock",
    .title = "Producer-Consumer (two locks)",
    .text =
        "The tutorial names this pipeline without its code; this is the well-known version "
        "with two Locks (Real Python's), with our own messages.\n\n"
        "A producer makes messages and a consumer stores them. Between them, a pipeline that "
        "holds one message, guarded by two Locks that take turns. The producer may set a "
        "message only when producer_lock is free; it then releases consumer_lock, which lets "
        "the consumer get it, and the consumer releases producer_lock in turn. A Python Lock "
        "may be released by another thread than the one that acquired it: that is what makes "
        "the hand-over work. A sentinel value tells the consumer to stop.\n\n"
        "Only one message is ever in flight: the two threads run in lockstep.\n\n"
        "With no sleeps it is all over in a millisecond, so the playground plays it in slow "
        "motion: each step pauses a moment before it is taken. The log is the same.",
    .params = {
        {"messages", ParamKind::integer, 10, 0, 1000, "how many messages the producer makes"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .step_pause = 0.05,  // no sleeps, so each step waits 0.05 s to be seen
};

}  // namespace threadlab
