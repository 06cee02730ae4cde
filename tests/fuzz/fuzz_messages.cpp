// What a course page's postMessage commands and the page's JS API hand to C++ (web/bridge.cpp
// calls ui/app_requests.h), once web/api.js has checked their shapes: strings of at most 64
// characters (a stored progress, 8 KB) cut at a NUL as C reads them, and any number. The input
// is a sequence of such calls on one App (no window, as tests/ui drive it), never one that
// starts a run: after each, the playground shows a lesson with every value valid at a speed in
// range, a refusal is one short line, and the progress read back holds known levels only and
// reads back the same once written.
#include <fuzzer/FuzzedDataProvider.h>

#include <limits>
#include <optional>
#include <string>

#include "app.h"
#include "app_requests.h"
#include "fuzz.h"
#include "run/levels.h"

using namespace threadlab;
using namespace threadlab::fuzzing;

namespace {

constexpr size_t kMaxText = 64;  // web/api.js's kMaxText

// A string as C receives it from JS: up to its first NUL.
std::string CString(std::string text) { return text.substr(0, text.find('\0')); }

// A number as JS may pass it: any double, NaN and the infinities too, or a near-miss of a range.
double Number(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange(0, 3)) {
    case 0: return input.ConsumeFloatingPoint<double>();
    case 1: return input.ConsumeIntegralInRange(-3, 1100) + input.ConsumeProbability<double>();
    case 2: return std::numeric_limits<double>::quiet_NaN();
    default: return input.ConsumeBool() ? 1 : 0;
  }
}

void RequireRefusalShort(const std::optional<std::string>& refusal, std::string_view what) {
  if (refusal) Require(Short(*refusal), "a short refusal", what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, size_t size) {
  FuzzedDataProvider input(data, size);
  App app;
  StagedRequest request;
  const std::string_view whole = Text(data, size);
  while (input.remaining_bytes() > 0) {
    const std::string text = CString(input.ConsumeRandomLengthString(kMaxText));
    switch (input.ConsumeIntegralInRange(0, 8)) {
      case 0: RequireRefusalShort(request.Prepare(text), whole); break;
      case 1: RequireRefusalShort(request.SetNumber(text, Number(input)), whole); break;
      case 2: RequireRefusalShort(request.SetText(text, CString(input.ConsumeRandomLengthString(kMaxText))), whole); break;
      case 3: RequireRefusalShort(request.Show(app), whole); break;
      case 4: RequireRefusalShort(SelectLesson(app, text), whole); break;
      case 5: SelectLevel(app, text); break;  // its refusal lists every level: long, but not the input's
      case 6: RequireRefusalShort(SetSpeed(app, Number(input)), whole); break;
      case 7: Require(Short(SetTypedValue(app, text, CString(input.ConsumeRandomLengthString(kMaxText)))),
                      "a short note", whole); break;
      default: {
        LoadProgress(app, CString(input.ConsumeRandomLengthString(kMaxProgressText + 1)));
        for (const auto& [level, mark] : app.progress.marks)
          Require(FindLevel(level).has_value(), "progress of known levels only", whole);
        Require(ReadProgress(ProgressText(app.progress)).marks == app.progress.marks,
                "the progress reads back the same once written", whole);
      }
    }
    Require(!CheckValues(app.session.lesson(), app.session.values()), "the values shown are valid", whole);
    Require(!CheckSpeed(app.session.speed()), "the speed is in range", whole);
  }
  return 0;
}
