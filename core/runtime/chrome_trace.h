// Exports a run as Chrome Trace Event JSON (opens in Perfetto or chrome://tracing): one track
// per thread, a slice per state, an instant per log line.
#pragma once

#include <ostream>

#include "runtime/snapshot.h"

namespace threadlab {

void WriteChromeTrace(const RunSnapshot& run, std::ostream& out);

}  // namespace threadlab
