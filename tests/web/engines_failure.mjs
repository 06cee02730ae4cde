// Start failures end in a message, in Chromium, Firefox and WebKit, in whichever build the
// engine runs (engines.mjs's kRunsThreads): a page whose canvas gets no WebGL (the test switch
// ?tl-no-webgl=1, as headless Firefox without a GPU) and a wasm that does not compile, each at
// top level and framed in a course page, which hears of it in a threadlab:failed event; and a
// worker script that does not load, which only the threads build needs. None may leave
// "Starting ThreadLab…" up; each prints how long the message took to come.
//
//   node tests/web/engines_failure.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { equal, finish, root, startPageServer, test } from './harness.mjs';
import { buildIn, engines, explanation, kRunsThreads, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

const [siteArg, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'index.html'))) {
  console.error('usage: node tests/web/engines_failure.mjs SITE_DIR [SCREENSHOT_DIR] (SITE_DIR/index.html must exist)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

// The site, and copies of it broken in one way each.
const work = mkdtempSync(path.join(tmpdir(), 'threadlab-broken-'));
function brokenSite(name, breakIt) {
  const dir = path.join(work, name);
  cpSync(siteArg, dir, { recursive: true });
  breakIt(dir);
  return serveStatic(dir);
}
const site = await serveStatic(path.resolve(siteArg));
const noWasm = await brokenSite('no-wasm', (dir) => {
  for (const wasm of ['threadlab.wasm', 'threadlab-fibers.wasm']) truncateSync(path.join(dir, wasm), 1000);
});
const noWorker = await brokenSite('no-worker', (dir) => rmSync(path.join(dir, 'threadlab.worker.js')));
const siteUrl = (host) => `http://127.0.0.1:${host.port}/`;

// Headerless course pages on another host name (localhost: another site) with one lesson each,
// and the messages they receive.
const coursePage = (lesson) => `<!doctype html><title>Course</title>
<iframe name="lesson0" width="800" height="500" allow="cross-origin-isolated"></iframe>
<script>window.events = []; addEventListener('message', (e) => events.push({ origin: e.origin, data: e.data }));
document.querySelector('iframe').src = '${lesson}&parent=' + encodeURIComponent(location.origin);</script>`;
// Each failure: its reason, the host and query that make it, and the course page that frames it.
const kFailures = [
  { failure: 'no WebGL', reason: 'no-webgl', host: site, query: '?lesson=race-condition&tl-no-webgl=1', coursePath: '/no-webgl' },
  { failure: 'a wasm that does not compile', reason: 'crashed', host: noWasm, query: '', coursePath: '/no-wasm' },
];
const course = await startPageServer(Object.fromEntries(kFailures.map(({ host, query, coursePath }) =>
  [coursePath, coursePage(`${siteUrl(host)}${query || '?lesson=race-condition'}&view=compact`)])));

// Waits for the page's (or the frame's) explanation, and says how long it took to come.
async function reasonShown(context, what) {
  const start = Date.now();
  const reason = await context.waitFor(() => document.getElementById('status')?.dataset.reason, null, `${what}: an explanation`);
  console.log(`     ${what}: "${reason}" shown ${((Date.now() - start) / 1000).toFixed(1)} s after the page was asked for`);
  return reason;
}

for (const engine of engines()) {
  const build = buildIn('top', engine);
  const framedBuild = buildIn('framed', engine);
  const browser = await launch(engine);
  const version = await browser.version();

  for (const { failure, reason, host, query, coursePath } of kFailures) {
    await test(`${engine} (${version}): ${failure} at top level, in the ${build} build: "${reason}" explained`, async () => {
      const loaded = browser.goto(`${siteUrl(host)}${query}`);
      equal(await reasonShown(browser, failure), reason, `the explanation: ${JSON.stringify(await explanation(browser))}`);
      await loaded;
      await browser.screenshot(path.join(shotDir, `engines-failure-${engine}-${reason}.png`));
    });

    await test(`${engine}: ${failure} in a frame of a course page on another site, in the ${framedBuild} build: "${reason}" explained, and posted to the course page`, async () => {
      const loaded = browser.goto(`http://localhost:${course.port}${coursePath}`);
      const frame = browser.frame('lesson0');
      equal(await reasonShown(frame, `${failure}, framed`), reason, 'the frame\'s reason');
      await loaded;
      const events = await browser.waitFor(() => window.events.length && events, null, 'the failed event');
      equal(events.map((e) => [e.origin, e.data.type, e.data.reason]), [[siteUrl(host).slice(0, -1), 'threadlab:failed', reason]],
            'what the course page heard');
      equal(events[0].data.message, (await explanation(frame)).text, 'the event\'s message: what the frame shows');
    });
  }

  // The pool's workers load beside the first frames: the app may be up before one fails.
  const workerOutcome = kRunsThreads.top[engine] ? 'crashed' : 'ready';
  await test(`${engine}: a worker script that does not load: ${kRunsThreads.top[engine] ? '"crashed" explained'
                                                                                          : 'the threadless build needs none, and runs'}`, async () => {
    await browser.goto(siteUrl(noWorker));
    if (workerOutcome === 'ready') {
      equal(await readyOrReason(browser, 'no worker script'), 'ready', 'ThreadLab is up');
      equal(await browser.evaluate(() => threadlab.state().build), 'fibers', 'the build');
      return;
    }
    equal(await reasonShown(browser, 'no worker script'), workerOutcome, `the explanation: ${JSON.stringify(await explanation(browser))}`);
  });
  await browser.close();
}
for (const host of [site, noWasm, noWorker, course]) host.server.close();
rmSync(work, { recursive: true, force: true });
await stopDisplay();
finish();
