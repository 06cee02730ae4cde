// The page around ThreadLab's canvas (shell.html). In order:
//   1. Threads need a cross-origin isolated page. Where the host does not make it one, our
//      service worker (sw.js) does, after one reload guarded by a counter in the URL.
//   2. Where the browser still gives no threads (a course page's frame outside Chromium,
//      WebKit, a plain-http page), it loads the threadless build instead: the same app, its
//      lesson threads run one at a time as fibers (web/fiber_context.cpp), with a badge that
//      says so. ?build=threads or ?build=fibers forces one; threads forced where they cannot
//      run are explained in plain words, in the page's own size, with a link that opens the
//      same lesson in a new tab.
//   3. It downloads Emscripten's loader and the .wasm side by side, the .wasm compiled as it
//      comes, with a progress bar.
// Every way the start can fail (no WebGL, a download, a worker or the runtime failing) ends
// in such an explanation, never in an endless "Starting", and a frame tells its course page
// with a threadlab:failed event (web/messages.js lists the events).
// No inline script anywhere: the page runs under a Content-Security-Policy without it.
// Each phase of the start ends in a performance mark, threadlab:NAME (the bench reads them):
// page (this file runs), isolated, wasm (compiled), then the app's main, app-init and
// first-frame (web/main_web.cpp, web/bridge.cpp), and ready (web/api.js).
'use strict';

const mark = (phase) => performance.mark(`threadlab:${phase}`);
mark('page');

const statusBox = document.getElementById('status');
const statusText = document.getElementById('status-text');
const progress = document.getElementById('progress');
const canvas = document.getElementById('canvas');

// The page's own keys in the URL: the reload counter, and the flag that asks sw.js for
// Document-Isolation-Policy. Neither belongs in a link someone copies.
const kReloadKey = 'tl-reload';
const kFramedKey = 'tl-dip';
// Which build: threads (threadlab.js) or fibers (threadlab-fibers.js), when the link says.
const kBuildKey = 'build';
const kBuilds = { threads: null /* shell.html's script */, fibers: 'threadlab-fibers.js' };
// A test switch: ?tl-no-webgl=1 makes this page's canvases refuse WebGL, as a browser without
// a usable GPU does, so that a test reaches the app's real failure in every browser.
const kNoWebglKey = 'tl-no-webgl';
const framed = window.self !== window.top;

// This page's link without the page's own keys; `full` also drops what only an embed wants.
function cleanUrl({ full = false } = {}) {
  const url = new URL(location.href);
  const drop = [kReloadKey, kFramedKey].concat(full ? ['view', 'parent'] : []);
  for (const key of drop) url.searchParams.delete(key);
  return url.href;
}

// Shows why ThreadLab cannot run here, in the page's own size. Each paragraph is a string,
// or an array of strings and {code} pieces; all of it text, never HTML. In a frame it ends
// with "Open in a new tab" (the same lesson and values); at top level, `reload` offers one.
// `reason` is a word for programs: the course page's event and the tests read it. Only the
// first failure is shown: what follows it (an abort's own exception) says less.
function explain(reason, title, paragraphs, { reload = false } = {}) {
  if (statusBox.dataset.reason) return;
  statusBox.hidden = false;
  statusText.hidden = progress.hidden = true;
  const problem = document.getElementById('problem');
  problem.replaceChildren();
  const heading = document.createElement('h1');
  heading.textContent = title;
  problem.append(heading);
  for (const paragraph of paragraphs) {
    const p = document.createElement('p');
    for (const piece of [].concat(paragraph)) {
      if (typeof piece === 'string') { p.append(piece); continue; }
      const code = document.createElement('code');
      code.textContent = piece.code;
      p.append(code);
    }
    problem.append(p);
  }
  const link = document.createElement('a');
  link.className = 'open';
  if (framed) {
    link.textContent = 'Open in a new tab';
    link.href = cleanUrl({ full: true });
    link.target = '_blank';
    link.rel = 'noopener';
    problem.append(link);
  } else if (reload) {
    link.textContent = 'Reload';
    link.href = cleanUrl();
    problem.append(link);
  }
  problem.hidden = false;
  statusBox.dataset.problem = title;  // for tests and embedding pages
  statusBox.dataset.reason = reason;
  if (framed) tellCoursePage({ type: 'threadlab:failed', reason, message: problem.innerText.slice(0, 1000) });
}

// As messages.js posts: to the ?parent= origin alone when the link names one, else to any.
function tellCoursePage(message) {
  const parentOrigin = new URLSearchParams(location.search).get('parent');
  try {
    window.parent.postMessage(message, parentOrigin || '*');
  } catch (error) {  // not an origin: messages.js would post to any too
    window.parent.postMessage(message, '*');
  }
}

// ---- 1. Isolation ------------------------------------------------------------------------
// Threads are explained away only where a link forces them (?build=threads): the explanation
// says first that without it the lesson would run here.
const kThreadsForced = 'This link asks for real threads (build=threads). Without that, the lesson runs here ' +
  'with its threads taking turns, one at a time.';

// Resolves true when the page is isolated. Otherwise it reloads once (resolving null), or
// resolves false: the threadless build can run. With `threadsOnly` (?build=threads) it
// explains instead, and resolves null.
async function becomeIsolated(threadsOnly) {
  const query = new URLSearchParams(location.search);
  // The page's own keys have done their work: a link copied from here goes without them.
  const settled = (isolated) => {
    if (query.has(kReloadKey) || query.has(kFramedKey)) history.replaceState(null, '', cleanUrl());
    return isolated;
  };
  // No threads to be had here: the threadless build runs, unless threads were asked for.
  const noThreads = (reason, title, paragraphs, options) => {
    if (!threadsOnly) return settled(false);
    explain(reason, title, [kThreadsForced, ...paragraphs], options);
    return null;
  };
  if (window.crossOriginIsolated) return settled(true);
  if (!window.isSecureContext && location.protocol === 'https:') {  // the page around us is not
    return noThreads('insecure', 'ThreadLab needs a secure page', [
      'The course page around this lesson came over plain http, so the browser treats the ' +
      'lesson inside it as not secure too, and withholds the shared memory that threads need.',
      'Serve the course page over HTTPS, or open the lesson in a tab of its own:',
    ]);
  }
  if (!window.isSecureContext) {
    return noThreads('insecure', 'ThreadLab needs a secure page', [
      `This page came over plain http from ${location.host}, which the browser does not ` +
      'trust as secure, so it withholds the shared memory that threads need, whatever the ' +
      'server sends.',
      ['Open it over HTTPS, or on the machine that serves it, as ', { code: 'http://localhost/' },
       ' (or 127.0.0.1) with the same port.'],
    ]);
  }
  if (query.get(kReloadKey) === '1') {
    if (framed) {
      return noThreads('not-isolated', 'This course page cannot run threads inside it', [
        'Threads need shared memory, which the browser gives a framed lesson only when the ' +
        'page around it is cross-origin isolated, or when the lesson\'s host or its service ' +
        'worker isolates the frame itself: only Chromium-based browsers (Chrome, Edge) can, ' +
        'and not when they block the storage of frames from another site.',
        'The lesson runs with real threads in a tab of its own, with the same values:',
      ]);
    }
    return noThreads('not-isolated', 'ThreadLab could not turn on threads', [
      'The page\'s service worker, which makes it cross-origin isolated on this host, did not ' +
      'take over. A hard reload (Shift+Reload, Ctrl+F5) skips it, and some private windows ' +
      'and settings block it.',
      ['Reload the page normally, or serve ThreadLab with the headers itself (',
       { code: 'Cross-Origin-Opener-Policy: same-origin' }, ' and ',
       { code: 'Cross-Origin-Embedder-Policy: require-corp' }, ').'],
    ], { reload: true });
  }
  let workerProblem = '';
  try {
    await startServiceWorker();
  } catch (error) {
    workerProblem = String(error.message || error).slice(0, 200);
  }
  // In a frame the host itself may add Document-Isolation-Policy on the flagged reload
  // (web/serve.py does), which helps where the worker cannot start: browsers that block
  // third-party storage refuse service workers to frames of another site.
  if (workerProblem && !framed) {
    return noThreads('not-isolated', 'ThreadLab could not turn on threads', [
      'This host does not make the page cross-origin isolated, and the browser did not let ' +
      `the page start the service worker that would (${workerProblem}). ` +
      'Private windows, blocked cookies or site data, and some policies prevent it.',
    ], { reload: true });
  }
  const next = new URL(location.href);
  next.searchParams.set(kReloadKey, '1');
  if (framed) next.searchParams.set(kFramedKey, '1');
  location.replace(next.href);
  return null;
}

// Registers sw.js and waits until it is active; a browser that never answers counts as a
// refusal after a few seconds.
async function startServiceWorker() {
  if (!('serviceWorker' in navigator)) throw new Error('this browser has no service workers here');
  await navigator.serviceWorker.register('sw.js');
  let timer = 0;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('the service worker did not start')), 10000);
  });
  await Promise.race([navigator.serviceWorker.ready, timeout]).finally(() => clearTimeout(timer));
}

// The browser itself may lack WebAssembly threads, even on an isolated page. Emscripten's
// runtime needs two things: a shared WebAssembly.Memory that it can post to its workers, and
// the global name SharedArrayBuffer, which it tests. WebKitGTK 2.50 builds such a memory on an
// isolated page but hides the name, and refuses to post the memory (DataCloneError): the
// threads build cannot run there, and a stand-in for the name would not help. (Its engine's
// option useSharedArrayBuffer is off: with JSC_useSharedArrayBuffer=1 in MiniBrowser's
// environment, both work and the threads build runs unchanged.)
function hasWasmThreads() {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    new MessageChannel().port1.postMessage(memory);  // throws where it cannot reach a worker
    return typeof SharedArrayBuffer !== 'undefined';
  } catch (error) {
    return false;
  }
}

// ---- 2. Which build -----------------------------------------------------------------------
// Resolves 'threads' or 'fibers', or null (reloading, or explained). Never from the browser's
// name: from what it gives this page.
async function chooseBuild() {
  const asked = new URLSearchParams(location.search).get(kBuildKey);  // the app checks it too
  if (asked === 'fibers') return 'fibers';
  const isolated = await becomeIsolated(asked === 'threads');
  if (isolated === null) return null;
  if (isolated && hasWasmThreads()) return 'threads';
  if (asked !== 'threads') return 'fibers';
  explain('no-wasm-threads', 'ThreadLab needs threads', [kThreadsForced, 'This browser has no WebAssembly threads ' +
    '(shared memory between its workers), even on this isolated page. Use a current Chrome, Edge or Firefox.']);
  return null;
}

// The threadless build's badge offers the lesson where real threads may run: a tab of its
// own (isolated by sw.js) for a frame, or the page itself for ?build=fibers. Where this very
// page could not get them (WebKit, plain http), a new tab would not either: no offer.
function realThreadsOffer() {
  const forced = new URLSearchParams(location.search).get(kBuildKey) === 'fibers';
  if (!framed && !forced) return null;
  return () => {
    Module.threadlabFollowInUrl?.();  // a value changed this very frame is in the link too
    const url = new URL(cleanUrl({ full: true }));
    url.searchParams.delete(kBuildKey);
    window.open(url.href, '_blank', 'noopener');
  };
}

// ---- 3. Loading --------------------------------------------------------------------------
var Module = {
  canvas,
  print: (text) => console.log(text),
  // Emscripten reports each time this thread waits on a futex. It never waits for a run
  // (the app only try-locks it), but every thread shares the allocator's lock, which a
  // worker holds for microseconds: that wait is a warning, not an error.
  printErr: (text) => (/^Blocking on the main thread/.test(text) ? console.warn : console.error)(text),
  onAbort: (what) => explain('crashed', 'ThreadLab stopped', [String(what).slice(0, 500), 'Reload the page to start again.'],
                             { reload: true }),
  // The app could not open its window (web/main_web.cpp): on the web, that is WebGL.
  threadlabStartFailed: (detail) => explain('no-webgl', 'ThreadLab needs WebGL 2', [
    `This browser did not give the page a WebGL 2 context (${detail.slice(0, 200)}), which ThreadLab ` +
    'draws with. Turn on hardware acceleration in the browser\'s settings, or use another browser.']),
};

// Emscripten starts in promise callbacks and worker events: an exception there (a worker that
// does not load, a refused postMessage) is no abort, and would leave "Starting" up for good.
// Once the app runs, such an exception (a pool worker that never loads, a trap in a frame)
// leaves it frozen or without threads: it stops as an abort does.
let started = false;
function uncaught(event) {
  const error = event.reason || event.error || event;
  const what = error instanceof Event ? 'A Web Worker, which runs a thread, failed to load or stopped.'
                                      : String(error.message || error).slice(0, 500);
  explain('crashed', started ? 'ThreadLab stopped' : 'ThreadLab could not start', [what, 'Reload the page to start again.'],
          { reload: true });
}

// The .wasm's response; throws when it does not download.
async function fetchWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

// Compiles the .wasm while it downloads; the progress bar counts its bytes.
function compileWhileDownloading(response) {
  const total = Number(response.headers.get('Content-Length')) || 0;
  let received = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      received += chunk.length;
      if (total) progress.value = received / total;
      controller.enqueue(chunk);
    },
  }));
  return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
}

async function start() {
  const build = await chooseBuild();
  if (!build) return;
  if (new URLSearchParams(location.search).get(kNoWebglKey) === '1') {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return /webgl/.test(kind) ? null : getContext.call(this, kind, ...rest);
    };
  }
  mark('isolated');  // the build is chosen
  const src = kBuilds[build] || document.getElementById('runtime').content.querySelector('script').getAttribute('src');
  if (build === 'fibers') Module.threadlabOpenWithThreads = realThreadsOffer();
  progress.max = 1;
  progress.value = 0;
  window.addEventListener('error', uncaught);
  window.addEventListener('unhandledrejection', uncaught);
  // The .wasm and Emscripten's JS download side by side; the JS takes the module, compiled as
  // it came, through Module.instantiateWasm. A download's failure, or a compile's, is reported
  // below: here only the instantiation's.
  const response = fetchWasm(src.replace(/\.js$/, '.wasm'));
  const compiled = response.then(compileWhileDownloading);
  compiled.catch(() => {});  // not unhandled meanwhile: reported below, after the download's
  Module.instantiateWasm = (imports, receiveInstance) => {
    compiled.then((module) => WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module))
      .catch(uncaught), () => {});
    return {};  // the exports come later, through receiveInstance
  };
  const script = document.createElement('script');
  script.src = src;
  const loaded = new Promise((resolve, reject) => {
    script.addEventListener('load', resolve);
    script.addEventListener('error', () => reject(new Error(`${src} did not load`)));
  });
  document.body.append(script);
  await response;  // or it did not download: 'load-failed'
  try {
    await compiled;
  } catch (error) {  // a .wasm that does not compile
    uncaught(error);
    return;
  }
  mark('wasm');
  statusText.textContent = 'Starting ThreadLab…';
  progress.removeAttribute('value');
  await loaded;
  await window.threadlab.ready;
  started = true;
  statusBox.hidden = true;
}

// ---- A release draws at once -------------------------------------------------------------
// The app's buttons act in a frame after a mouse button's release, and WebKit lets a page open
// a tab or write the clipboard only in the click's own event (or what it schedules), not in an
// animation frame already due: so a release draws its frames at once (web/main_web.cpp). SDL
// has queued the release by then: its handlers are on the document and the canvas, below the
// window.
for (const type of ['mouseup', 'touchend']) {
  window.addEventListener(type, () => { if (Module._threadlab_release_frames) Module._threadlab_release_frames(); });
}

// ---- The canvas inside a frame -----------------------------------------------------------
// SDL cancels mousedown, which would leave the keyboard with the page around a frame: a
// click gives it to this page (Ctrl+Enter, Escape, typing a value).
canvas.addEventListener('pointerdown', () => { window.focus(); canvas.focus(); }, true);
canvas.addEventListener('contextmenu', (event) => event.preventDefault());
// SDL cancels every wheel event too; in a frame, one that the app has no use for (nothing
// under the mouse scrolls or zooms) is left to scroll the course page.
if (framed) {
  window.addEventListener('wheel', (event) => {
    if (Module._tl_wheel_wanted && !Module._tl_wheel_wanted()) event.stopPropagation();
  }, true);
}

start().catch((error) => explain('load-failed', 'ThreadLab could not load', [String(error.message || error).slice(0, 500)],
                                 { reload: true }));
