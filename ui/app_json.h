// The app as JSON, for the page's JS API (web/bridge.cpp hands these to web/api.js and
// web/text_layer.js): functions of the App alone, with no browser in them, so that they are
// built and tested natively too (tests/ui). Each returns one JSON text.
#pragma once

#include <string>

#include "app.h"

namespace threadlab {

// [{id, title, params: [{name, kind, default, min, max, help}]}], in the registry's order.
std::string LessonsJson();
// What the JS checks before it calls in, said by the core that enforces it: {minSpeed,
// maxSpeed, maxThreads, maxLinkLength, maxEndings, exitStatus: {ran, raised, usage, deadlock,
// cut, stopped}}.
std::string LimitsJson();
// threadlab.state(): the lesson and values shown, the speed, the run as last polled (status,
// threads with their next step and its shown line, step mode, Run ×N), the status line's
// message, the scrubber, the challenge played and the prediction: {open, required, pending,
// lesson, current, working, done, error, runs, complete, candidates: [{id, label, ticked}],
// revealed, result: {seq, lesson, predicted, actual, missed, wrong, right, of}}, result being
// the last reveal. Call Session::Poll first for the newest.
std::string StateJson(const App& app);
// The run as the CLI reports it: {run, lesson, status, exitStatus, log, outcome, fields,
// deadlock, time, schedule}.
std::string ResultJson(const App& app);
// What the canvas shows, as text (web/text_layer.js): the lesson, its values and where their
// fields, step mode's markers and the controls were drawn, the status line, the outcome, and
// the log from `log_from` on (at most kPageLogLines a call). `typing`: a value on the canvas
// is being typed (ImGui's WantTextInput), so Tab stays with it.
constexpr size_t kPageLogLines = 500;
std::string PageJson(const App& app, int log_from, bool typing);
// The run's log lines (formatted) from `first` on, at most `count`: ["00:00:00: ...", ...].
std::string LogLinesJson(const RunSnapshot& run, int first, int count);
// The timeline's scrubber: {on: false, axis} while it shows the whole run, else the moment
// it shows: {on, axis, time, events, logLines, lastLine, threads: [{name, state, words}],
// objects: [{name, kind, value, owner}]}, each thread named as its lane is.
std::string ScrubJson(const TimelineView& view, const RunSnapshot& run);
// Run ×N as it stands: {running, asked, done, lesson, error, outcomes: [{outcome, count,
// witness}]}, a witness being a schedule short enough for a link (else "").
std::string ManyJson(const ManyRunsView& many);

}  // namespace threadlab
