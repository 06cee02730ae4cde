// ------------------------------------------------------------------------------------------
// Producer-Consumer (two locks): a pipeline passes one message at a time from a producer
// to a consumer, with two Locks taking turns, and a sentinel to say it is over.
// ------------------------------------------------------------------------------------------
#include <random>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {

// ---- Source shown -------------------------------------------------------------------------
namespace {
const char* const kSource = R"source(const int SENTINEL = -1;

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
    std::mt19937 random({seed});
    for (int index = 0; index < {messages}; ++index) {
        int message = 1 + random() % 100;
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
    ThreadPoolExecutor executor(/*max_workers=*/ 2);
    executor.Submit([&] { producer(pipeline); });
    executor.Submit([&] { consumer(pipeline); });
}
)source";

// ---- Run ----------------------------------------------------------------------------------
constexpr int kSentinel = -1;

class Pipeline {
 public:
  Pipeline() { m_consumer_lock.Acquire(); }

  int GetMessage() {
    m_consumer_lock.Acquire();
    const int message = m_message;
    m_producer_lock.Release();
    return message;
  }
  void SetMessage(int message) {
    m_producer_lock.Acquire();
    m_message = message;
    m_consumer_lock.Release();
  }

 private:
  int m_message = 0;  // guarded by the two locks' hand-over
  Lock m_producer_lock{"producer_lock"};
  Lock m_consumer_lock{"consumer_lock"};
};

void Producer(Pipeline& pipeline, int messages, int seed) {
  std::mt19937 random(seed);
  for (int index = 0; index < messages; ++index) {
    const int message = 1 + static_cast<int>(random() % 100);
    Log("Producer got message: %d", message);
    pipeline.SetMessage(message);
  }
  pipeline.SetMessage(kSentinel);
}

void Consumer(Pipeline& pipeline) {
  int message = 0;
  while (message != kSentinel) {
    message = pipeline.GetMessage();
    if (message != kSentinel) Log("Consumer storing message: %d", message);
  }
}

void Run(const ParamValues& params) {
  const int messages = params.Integer("messages");
  const int seed = params.Integer("seed");
  Pipeline pipeline;
  ThreadPoolExecutor executor(2);
  executor.Submit([&pipeline, messages, seed] { Producer(pipeline, messages, seed); });
  executor.Submit([&pipeline] { Consumer(pipeline); });
}

std::string Outcome(const RunSnapshot& run, const ParamValues& params) {
  int stored = 0;
  for (const LogLine& line : run.log) stored += line.message.rfind("Consumer storing", 0) == 0;
  return Printf("%d messages produced, %d stored, in order, one at a time",
                params.Integer("messages"), stored);
}
}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kProducerConsumerLock = {
    "producer-consumer-lock",
    "Producer-Consumer (two locks)",
    "A producer makes messages and a consumer stores them. Between them, a pipeline that "
    "holds one message, guarded by two Locks that take turns.\n\n"
    "The producer may set a message only when producer_lock is free; it then releases "
    "consumer_lock, which lets the consumer get it, and the consumer releases producer_lock "
    "in turn. A Python Lock may be released by another thread than the one that acquired "
    "it: that is what makes the hand-over work. A sentinel value tells the consumer to "
    "stop.\n\n"
    "Only one message is ever in flight: the two threads run in lockstep.",
    {
        {"messages", ParamKind::integer, 10, 0, 1000, "how many messages the producer makes"},
        {"seed", ParamKind::integer, 1, 0, 1000000, "seed of the random messages"},
    },
    kSource,
    Run,
    Outcome,
};

}  // namespace threadlab
