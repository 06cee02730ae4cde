// The C side of window.threadlab (web/api.js): exported functions that take and return
// JSON or plain strings, all called on the browser's main thread, like Frame.
#pragma once

namespace threadlab {

struct App;

void BridgeAttach(App& app);
// Ends a phase of the page's start with the performance mark threadlab:PHASE (web/page.js
// lists them; the bench reads them).
void MarkPhase(const char* phase);
// Tells the page the app is up once the first frame is drawn.
void BridgeAfterFrame(App& app);

}  // namespace threadlab
