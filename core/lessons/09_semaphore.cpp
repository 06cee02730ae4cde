// ------------------------------------------------------------------------------------------
// Semaphore: a counter of permits; at most `permits` threads are inside at once, the others
// wait at Acquire until one gives its permit back.
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
void visitor(Semaphore& semaphore, Region& room, int name) {
    Log("Thread %d: waiting for a permit", name);
    semaphore.Acquire();
    {
        Inside inside(room);   // in the room while it holds the permit
        Log("Thread %d: got a permit", name);
        Sleep(Value<double>("hold"));
        Log("Thread %d: giving the permit back", name);
    }
    semaphore.Release();
}

int main() {
    Semaphore semaphore(Value<int>("permits"), "semaphore");
    Region room{"room"};   // marks where the permits' holders are: the runtime counts them
    std::vector<std::unique_ptr<Thread>> threads;
    for (int index = 0; index < Value<int>("threads"); ++index) {
        threads.push_back(std::make_unique<Thread>("Thread " + std::to_string(index),
            [&semaphore, &room, index] { visitor(semaphore, room, index); }));
        threads.back()->Start();
    }
    for (auto& thread : threads) thread->Join();
    Log("Main\t:\tevery thread got through");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the most threads between 'got a permit' and 'giving the permit back' --------
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int permits = params.Integer("permits");
  int inside = 0, most = 0;
  for (const LogLine& line : run.log) {
    if (line.message.find(": got a permit") != std::string::npos) most = std::max(most, ++inside);
    if (line.message.find(": giving the permit back") != std::string::npos) --inside;
  }
  Outcome outcome;
  outcome.Integer("most_at_once", most).Integer("permits", permits);
  outcome.text = "at most " + std::to_string(most) + " of " +
                 Count(params.Integer("threads"), "thread", "threads") +
                 " held a permit at once (permits=" + std::to_string(permits) + ")";
  return outcome;
}

const char* const kPythonNote =
    "threading.Semaphore(n) becomes Semaphore(n, name); the name only labels it in the "
    "timeline and the state panel. The Region 'room' and its Inside are ThreadLab's own: "
    "they guard nothing, they only mark where the permits' holders are, so that the runtime "
    "counts them; the Python has a comment there.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kSemaphore = {
    .id = "semaphore",
    .title = "Semaphore",
    .text =
        "A Semaphore holds a number of permits. Acquire takes one, or waits while none is left; "
        "Release gives one back and wakes a waiting thread. Its counting is atomic: two "
        "threads can never take the same permit.\n\n"
        "Use it to bound how many threads do something at once: a pool of connections, a "
        "limit on downloads. Here {threads} threads share {permits} permits: at most {permits} "
        "are inside at once, the others wait, and each time one leaves, one enters. The state "
        "panel shows the permits left.",
    .params = {
        {"permits", ParamKind::integer, 3, 1, 32, "the semaphore's initial value"},
        {"threads", ParamKind::integer, 6, 1, 48, "how many threads want a permit"},
        {"hold", ParamKind::number, 1, 0, 60, "seconds each thread keeps its permit"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .levels = {{
        .id = "prove-the-semaphore",
        .chapter = "locks",
        .title = "Prove it: one permit, one in the room",
        .brief =
            "A Semaphore with one permit and two threads that want it. Each thread is in the "
            "room from the moment it has the permit until it gives it back. Try to get both "
            "into the room at once; then let the explorer try every order, and see it find "
            "none.",
        .values = {{"permits", 1}, {"threads", 2}, {"hold", 0}},
        .goal = Goal::Inside("room", 2),
    }},
};

}  // namespace threadlab
