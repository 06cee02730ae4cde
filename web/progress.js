// The challenges' progress (ui/progress.h) kept in localStorage: read once the app is up,
// written by the app whenever it changes (web/main_web.cpp). Storage may be blocked (a
// sandboxed frame) or hold anything: the app reads what comes back forgivingly.
//
// Appended to the Emscripten output after api.js (--post-js).
if (!ENVIRONMENT_IS_PTHREAD) (function () {
  'use strict';
  const kKey = 'threadlab.levels';
  const kMaxText = 8192;  // ui/progress.h's kMaxProgressText: longer text is ignored whole

  Module.threadlabSaveProgress = (text) => {
    try { localStorage.setItem(kKey, text); } catch (error) { /* not kept: still playable */ }
  };
  Module.threadlabOnReady.push(() => {
    let text = '';
    try { text = String(localStorage.getItem(kKey) || ''); } catch (error) { /* none kept */ }
    Module.threadlabCall('tl_load_progress', text.slice(0, kMaxText + 1));
  });
})();
