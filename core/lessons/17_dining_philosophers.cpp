// ------------------------------------------------------------------------------------------
// Dining Philosophers: each philosopher takes the fork on their left, then the one on their
// right. When all hold their left fork at once, each waits for a fork its neighbour holds:
// a cycle of waits, a deadlock. Taking the lower-numbered fork first breaks the cycle.
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
void philosopher(std::deque<Lock>& forks, int name) {
    int left = name;
    int right = (name + 1) % static_cast<int>(forks.size());
    int first = left, second = right;
    if (Value<bool>("ordered")) {   // the lower-numbered fork first
        first = std::min(left, right);
        second = std::max(left, right);
    }
    for (int meal = 1; meal <= Value<int>("meals"); ++meal) {
        LockGuard<Lock> hold_first(forks[first]);
        Log("Philosopher %d: took fork %d", name, first);
        Sleep(Value<double>("pause"));   // holding one fork
        Log("Philosopher %d: reaching for fork %d", name, second);
        LockGuard<Lock> hold_second(forks[second]);
        Log("Philosopher %d: took fork %d", name, second);
        Log("Philosopher %d: eating", name);
        Sleep(Value<double>("eat"));
        Log("Philosopher %d: putting forks down", name);
    }
}

int main() {
    std::deque<Lock> forks;
    for (int index = 0; index < Value<int>("philosophers"); ++index)
        forks.emplace_back("fork " + std::to_string(index));
    std::vector<std::unique_ptr<Thread>> philosophers;
    for (int name = 0; name < Value<int>("philosophers"); ++name) {
        philosophers.push_back(std::make_unique<Thread>("Philosopher " + std::to_string(name),
            [&forks, name] { philosopher(forks, name); }));
        philosophers.back()->Start();
    }
    for (auto& thread : philosophers) thread->Join();
    Log("Main\t:\tevery philosopher has eaten");
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the meals eaten, and the most philosophers eating at once -------------------
// (a deadlocked run gets the runtime's outcome: who waits for which fork)
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  int meals = 0, eating = 0, most = 0;
  for (const LogLine& line : run.log) {
    if (line.message.find(": eating") != std::string::npos) ++meals, most = std::max(most, ++eating);
    if (line.message.find(": putting forks down") != std::string::npos) --eating;
  }
  const int expected = params.Integer("philosophers") * params.Integer("meals");
  Outcome outcome;
  outcome.Flag("deadlocked", false).Integer("meals", meals).Integer("most_at_once", most);
  outcome.text = Printf("%d of %d meals eaten, at most %d at once", meals, expected, most);
  if (meals == expected) outcome.text += ": nobody was left waiting for a fork";
  return outcome;
}

const char* const kPythonNote =
    "The forks are threading.Lock()s in a list; in C++ a std::deque<Lock>, since a Lock "
    "cannot be moved. 'with forks[first]:' becomes a LockGuard<Lock>, which puts the fork "
    "down at the end of the loop's body, as leaving the 'with' does. When every philosopher "
    "holds one fork, Python hangs; threadlab reports the deadlock and the cycle of waits "
    "(exit 3).";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kDiningPhilosophers = {
    .id = "dining-philosophers",
    .title = "Dining Philosophers",
    .text =
        "Not in the tutorial: the classic deadlock between threads, not within one.\n\n"
        "{philosophers} philosophers sit at a round table with a fork between each two, a "
        "Lock. To eat, a philosopher takes the fork on their left, then the one on their "
        "right, eats, and puts both down. With two philosophers this is two threads taking "
        "two locks in opposite order.\n\n"
        "Each holds the left fork for {pause} s before reaching for the right one, so every "
        "philosopher has taken a fork before any reaches for a second: each waits for a fork "
        "that a neighbour holds, and the waits go round the table. Nobody can go on. "
        "ThreadLab reports the deadlock and the cycle: who waits for which fork, held by "
        "whom. Python would hang.\n\n"
        "The fix is an order: every thread takes its locks in the same global order, here "
        "the lower-numbered fork first. The last philosopher then reaches for fork 0 before "
        "their left fork, like their neighbour: the circle cannot close, and someone always "
        "eats.\n\n"
        "Try: ordered = true (every meal is eaten). Then ordered = false with pause = 0: it "
        "mostly works, because a philosopher usually takes both forks before a neighbour "
        "starts. Rare is worse: explore it, or take the steps yourself in step mode, and "
        "find the order that deadlocks.",
    .params = {
        {"philosophers", ParamKind::integer, 2, 2, 6, "how many philosophers, and forks"},
        {"meals", ParamKind::integer, 1, 1, 5, "how many times each philosopher eats"},
        {"eat", ParamKind::number, 0.1, 0, 10, "seconds a philosopher eats, holding both forks"},
        {"pause", ParamKind::number, 0.5, 0, 10,
         "seconds a philosopher holds the first fork before reaching for the second"},
        {"ordered", ParamKind::boolean, 0, 0, 1,
         "true: each takes the lower-numbered fork first (the fix); false: left, then right"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .pace = 0.3,  // the pause before the deadlock takes under 2 s to watch
    .levels = {
        {
            .id = "opposite-lock-order",
            .chapter = "deadlocks",
            .title = "Two locks, opposite order",
            .brief =
                "Two philosophers, two forks. Each takes the fork on its left, then the one on "
                "its right, so they take the two locks in opposite orders. Make each hold one "
                "fork while it reaches for the other's.",
            .values = {{"philosophers", 2}, {"meals", 1}, {"pause", 0}, {"eat", 0}},
            .goal = Goal::Deadlock(),
            .fixed = {{"ordered", 1}},
        },
        {
            .id = "dinner-for-two",
            .chapter = "deadlocks",
            .title = "Dinner for two",
            .brief =
                "The same table, two meals each. The first meal may go well: drive the "
                "philosophers into the deadlock at any point of the dinner, a late one "
                "included.",
            .values = {{"philosophers", 2}, {"meals", 2}, {"pause", 0}, {"eat", 0}},
            .goal = Goal::Deadlock(),
            .fixed = {{"ordered", 1}},
        },
        {
            .id = "prove-ordered-forks",
            .chapter = "deadlocks",
            .title = "Prove it: the lower fork first",
            .brief =
                "Now each philosopher takes the lower-numbered fork first, so both reach for "
                "the same fork before any other. Try to deadlock them; then let the explorer "
                "show that no order of steps can.",
            .values = {{"philosophers", 2}, {"meals", 1}, {"pause", 0}, {"eat", 0}, {"ordered", 1}},
            .goal = Goal::Deadlock(),
        },
    },
};

}  // namespace threadlab
