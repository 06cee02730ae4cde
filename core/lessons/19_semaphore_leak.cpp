// ------------------------------------------------------------------------------------------
// A Semaphore released on the wrong path: a visitor that finds the room full gives a permit
// back in its cleanup all the same, a permit it never took; the door then lets one more in
// than it should.
// ------------------------------------------------------------------------------------------
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "lessons/lessons.h"
#include "runtime/primitives.h"

namespace threadlab {
namespace {

// ---- Source shown (the learner reads what follows, down to "Source end") ----------------
// door.TryAcquire() is Python's door.acquire(blocking=False): it takes a permit if one is
// left, else it returns false at once.
void visitor(Semaphore& door, Region& room, int name) {
    for (int attempt = 0; attempt < Value<int>("tries"); ++attempt) {
        bool got_in = door.TryAcquire();
        if (got_in) {
            Inside inside(room);
            Log("Visitor %d: in the room", name);
            Sleep(Value<double>("stay"));
            Log("Visitor %d: leaving the room", name);
        } else {
            Log("Visitor %d: the room is full", name);
        }
        // finally: the cleanup, on both paths
        if (got_in || Value<bool>("release_always")) door.Release();
        if (got_in) return;
        Sleep(Value<double>("wait"));   // and tries again
    }
    Log("Visitor %d: gave up", name);
}

int main() {
    Semaphore door(Value<int>("permits"), "door");   // lets at most that many in at once
    Region room{"room"};
    std::vector<std::unique_ptr<Thread>> visitors;
    for (int index = 0; index < Value<int>("threads"); ++index) {
        visitors.push_back(std::make_unique<Thread>("Visitor " + std::to_string(index),
            [&door, &room, index] { visitor(door, room, index); }));
        visitors.back()->Start();
    }
    for (auto& thread : visitors) thread->Join();
    Log("Main\t:\tthe door's permits: %d at the start, %d now", Value<int>("permits"), door.Value());
    return 0;
}
// ---- Source end ---------------------------------------------------------------------------

// ---- Outcome: the most visitors in the room at once, and the permits the door ends with ---
Outcome WhatItShowed(const RunSnapshot& run, const ParamValues& params) {
  const int permits = params.Integer("permits");
  int inside = 0, most = 0, start = permits, end = permits;
  for (const LogLine& line : run.log) {
    if (line.message.ends_with(": in the room")) most = std::max(most, ++inside);
    if (line.message.ends_with(": leaving the room")) --inside;
    std::sscanf(line.message.c_str(), "Main\t:\tthe door's permits: %d at the start, %d now",
                &start, &end);
  }
  const int gave_up = CountLines(run, ": gave up");
  Outcome outcome;
  outcome.Integer("most_at_once", most)
      .Integer("permits", permits)
      .Integer("permits_at_end", end)
      .Integer("gave_up", gave_up);
  outcome.fields[1].key = false;
  if (most > permits)
    outcome.text = Printf("%d visitors were in the room at once, with %s: ", most,
                          Count(permits, "permit", "permits").c_str()) +
                   "a visitor that found it full gave back a permit it never took";
  else
    outcome.text = "at most " + Count(most, "visitor", "visitors") + " in the room at once, with " +
                   Count(permits, "permit", "permits");
  if (end > permits)
    outcome.text += Printf("; the door ends with %d permits, %d more than it started with", end,
                           end - permits);
  if (gave_up > 0) outcome.text += "; " + Count(gave_up, "visitor", "visitors") + " gave up";
  return outcome;
}

const char* const kPythonNote =
    "door.acquire(blocking=False) becomes TryAcquire(); C++ has no finally, so the cleanup "
    "is written after the if and its else, which end every path here. Python keeps a "
    "Semaphore's count in door._value, a private name; Value() reads the same count. The "
    "Region 'room' and its Inside are ThreadLab's own: they guard nothing, they only mark the "
    "room, so that the runtime counts who is in it; the Python has a comment there.";

}  // namespace

// ---- Lesson -------------------------------------------------------------------------------
const Lesson kSemaphoreLeak = {
    .id = "semaphore-leak",
    .title = "A Leaking Semaphore",
    .text =
        "Not in the tutorial: a slip the semaphore lesson invites.\n\n"
        "Here a door, a Semaphore of {permits}, keeps a room to {permits} at a time. Each of "
        "{threads} visitors tries the door without waiting: TryAcquire, Python's "
        "acquire(blocking=False), takes a permit or says at once that none is left. A visitor "
        "that finds the room full waits {wait} s and tries again: {tries} tries in all.\n\n"
        "The cleanup gives the permit back on every path, as a finally does: also when the "
        "visitor never got in. A Semaphore does not know who took what; Release just adds one. "
        "So each visitor turned away adds a permit, and the next one to try gets in although "
        "the room is full. Count the permits at the end: more than at the start.\n\n"
        "The fix: give back only what you took. Set release_always to false, so that the "
        "cleanup releases only when got_in; or take the permit before the try, so that the "
        "finally only runs once it is held. A BoundedSemaphore would have raised ValueError at "
        "the release that went past the start.\n\n"
        "Try: step mode, and let the second visitor find the room full, release, and try "
        "again while the first is still in it.",
    .params = {
        {"permits", ParamKind::integer, 1, 1, 4, "how many visitors the door lets in at once"},
        {"threads", ParamKind::integer, 2, 1, 8, "how many visitors try the door"},
        {"tries", ParamKind::integer, 2, 1, 4, "how many times a visitor tries before giving up"},
        {"stay", ParamKind::number, 1, 0, 60, "seconds a visitor stays in the room"},
        {"wait", ParamKind::number, 0.3, 0, 60, "seconds a visitor waits before trying again"},
        {"release_always", ParamKind::boolean, 1, 0, 1,
         "true: the cleanup releases on every path (the bug); false: only when it got in"},
    },
    .code = ShownCode(__FILE__),
    .python_note = kPythonNote,
    .run = main,
    .outcome = WhatItShowed,
    .levels = {{
        .id = "leaky-semaphore",
        .chapter = "locks",
        .title = "A permit given back twice",
        .brief =
            "The door lets one visitor into the room at a time. A visitor who finds the room "
            "full gives up for now, but its cleanup gives a permit back all the same, one it "
            "never took. Use that extra permit: get two visitors into the room at once.",
        .values = {{"permits", 1}, {"threads", 2}, {"tries", 2}, {"stay", 0}, {"wait", 0}},
        .goal = Goal::Inside("room", 2),
        .fixed = {{"release_always", 0}},
    }},
};

}  // namespace threadlab
