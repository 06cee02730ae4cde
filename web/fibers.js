// The threadless build's frames (web/fiber_context.cpp): before each one, the page's thread
// runs the lessons' fibers for a share of the frame, and the frame then draws what they did.
// Appended to Emscripten's output before the other post-js files, in that build only.
//
// The other post-js files skip themselves in the threads build's workers; this build has none.
var ENVIRONMENT_IS_PTHREAD = false;
(function () {
  'use strict';
  // Half a 60 Hz frame: the page keeps drawing at its rate while Run ×N explores.
  const kFiberShareOfAFrame = 0.008;
  Module.preMainLoop = () => { Module._threadlab_run_fibers(kFiberShareOfAFrame); };
})();
