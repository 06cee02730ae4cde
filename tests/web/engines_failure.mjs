// Start failures end in a message, in Chromium, Firefox and WebKit: a page whose canvas gets no
// WebGL (the test switch ?tl-no-webgl=1, as headless Firefox without a GPU), at top level and
// framed in a course page, which hears of it in a threadlab:failed event; a wasm that does not
// compile and a worker script that does not load. None may leave "Starting ThreadLab…" up.
//
//   node tests/web/engines_failure.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { equal, finish, root, startPageServer, test } from './harness.mjs';
import { engines, explanation, kNoThreadsReason, kRunsThreads, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

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
const noWasm = await brokenSite('no-wasm', (dir) => truncateSync(path.join(dir, 'threadlab.wasm'), 1000));
const noWorker = await brokenSite('no-worker', (dir) => rmSync(path.join(dir, 'threadlab.worker.js')));
const siteUrl = (host) => `http://127.0.0.1:${host.port}/`;

// A headerless course page on another host name (localhost: another site) with one lesson, and
// the messages it receives.
const lesson = `${siteUrl(site)}?lesson=race-condition&view=compact&tl-no-webgl=1`;
const course = await startPageServer({
  '/': `<!doctype html><title>Course</title>
<iframe name="lesson0" width="800" height="500" allow="cross-origin-isolated"></iframe>
<script>window.events = []; addEventListener('message', (e) => events.push({ origin: e.origin, data: e.data }));
document.querySelector('iframe').src = '${lesson}&parent=' + encodeURIComponent(location.origin);</script>` });

for (const engine of engines()) {
  // What each engine reaches: the failure itself, or first the want of threads.
  const topReason = (reason) => (kRunsThreads.top[engine] ? reason : kNoThreadsReason.top);
  const framedReason = kRunsThreads.framed[engine] ? 'no-webgl' : kNoThreadsReason.framed;
  const browser = await launch(engine);
  const version = await browser.version();

  await test(`${engine} (${version}): no WebGL at top level: "${topReason('no-webgl')}" explained`, async () => {
    await browser.goto(`${siteUrl(site)}?lesson=race-condition&tl-no-webgl=1`);
    equal(await readyOrReason(browser, 'no WebGL'), topReason('no-webgl'),
          `the explanation: ${JSON.stringify(await explanation(browser))}`);
    await browser.screenshot(path.join(shotDir, `engines-failure-${engine}.png`));
  });

  await test(`${engine}: no WebGL in a frame of a course page on another site: "${framedReason}" explained, and posted to the course page`, async () => {
    await browser.goto(`http://localhost:${course.port}/`);
    const frame = browser.frame('lesson0');
    equal(await readyOrReason(frame, 'no WebGL, framed'), framedReason, 'the frame\'s reason');
    const events = await browser.waitFor(() => window.events.length && events, null, 'the failed event');
    equal(events.map((e) => [e.origin, e.data.type, e.data.reason]), [[siteUrl(site).slice(0, -1), 'threadlab:failed', framedReason]],
          'what the course page heard');
    equal(events[0].data.message, (await explanation(frame)).text, 'the event\'s message: what the frame shows');
  });

  await test(`${engine}: a wasm that does not compile: "${topReason('crashed')}" explained`, async () => {
    await browser.goto(siteUrl(noWasm));
    equal(await readyOrReason(browser, 'a broken wasm'), topReason('crashed'), `the explanation: ${JSON.stringify(await explanation(browser))}`);
  });

  // The pool's workers load beside the first frames: the app may be up before one fails.
  await test(`${engine}: a worker script that does not load: "${topReason('crashed')}" explained`, async () => {
    await browser.goto(siteUrl(noWorker));
    const reason = await browser.waitFor(() => document.getElementById('status')?.dataset.reason, null, 'an explanation');
    equal(reason, topReason('crashed'), `the explanation: ${JSON.stringify(await explanation(browser))}`);
  });
  await browser.close();
}
for (const host of [site, noWasm, noWorker, course]) host.server.close();
rmSync(work, { recursive: true, force: true });
await stopDisplay();
finish();
