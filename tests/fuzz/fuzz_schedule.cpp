// A schedule as text (runtime/scheduler.h), as a file written by --record, a link's schedule=
// and the JS API's run(id, params, {schedule}) bring it: ParseSchedule never crashes, and what
// it accepts is within its bounds and reads back the same once written (ScheduleText).
#include <optional>
#include <string>

#include "fuzz.h"
#include "runtime/scheduler.h"

using namespace threadlab;
using namespace threadlab::fuzzing;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, size_t size) {
  const std::string text(Text(data, size));
  const std::optional<Schedule> schedule = ParseSchedule(text);
  if (!schedule) return 0;
  Require(schedule->size() <= kMaxScheduleSteps, "at most kMaxScheduleSteps steps", text);
  for (const int thread : *schedule) Require(thread >= 0 && thread <= 1000, "threads 0 to 1000", text);
  Require(ParseSchedule(ScheduleText(*schedule)) == schedule, "it reads back the same once written", text);
  return 0;
}
