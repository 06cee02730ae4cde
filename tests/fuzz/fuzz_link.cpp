// A link to the playground (run/link.h), from anywhere: ParseLink never crashes; what it opens
// is valid (a known lesson, every one of its values set and within range, a speed in range);
// its notice stays one short line; and the link the page then shows of it (FormatLink) opens
// the same thing, cleanly.
#include <string>

#include "fuzz.h"
#include "run/link.h"

using namespace threadlab;
using namespace threadlab::fuzzing;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, size_t size) {
  const std::string_view query = Text(data, size);
  const Link link = ParseLink(query);
  Require(link.problems.size() <= kMaxLinkProblemsShown && link.problems.size() <= link.problem_count,
          "at most kMaxLinkProblemsShown problems shown, the rest counted", query);
  Require(Short(link.Notice()), "a short notice", query);
  if (link.speed) Require(!CheckSpeed(*link.speed), "a speed in range", query);
  if (!link.lesson) return 0;
  Require(!CheckValues(*link.lesson, link.values), "values within range", query);
  Require(link.values.all().size() == link.lesson->params.size(), "every value set", query);

  const double speed = link.speed.value_or(1);
  const Schedule* schedule = link.schedule ? &*link.schedule : nullptr;
  const Link again = ParseLink(link.level ? FormatLevelLink(*link.level, speed, schedule)
                                          : FormatLink(*link.lesson, link.values, speed, schedule));
  Require(again.problem_count == 0, "the link shown of it is clean: " + again.Notice(), query);
  Require(again.lesson == link.lesson && again.values.all() == link.values.all() && again.speed == speed,
          "the link shown of it opens the same lesson, values and speed", query);
  return 0;
}
