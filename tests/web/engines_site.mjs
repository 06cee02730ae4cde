// The static site at top level in Chromium, Firefox and WebKit: on a host that sends no
// headers, the service worker registers, the page reloads once, and runs the race lesson to
// its "Ending value is" line; where the engine cannot run the threads build, the page says so
// (engines.mjs's kRunsThreads says where, and where the threadless build will run instead).
//
//   node tests/web/engines_site.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, finish, root, test } from './harness.mjs';
import { engines, explanation, kNoThreadsReason, kRunsThreads, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

const [siteArg, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'index.html'))) {
  console.error('usage: node tests/web/engines_site.mjs SITE_DIR [SCREENSHOT_DIR] (SITE_DIR/index.html must exist)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

for (const engine of engines()) {
  const host = await serveStatic(path.resolve(siteArg));
  const site = `http://127.0.0.1:${host.port}/`;
  const pageLoads = () => host.requests.filter((request) => /^\/(\?|$)/.test(request));
  const browser = await launch(engine);
  const version = await browser.version();
  const expected = kRunsThreads.top[engine] ? 'the race runs to "Ending value is 1"'
                                             : `the page explains (${kNoThreadsReason.top}; the threadless build will run here)`;
  await test(`${engine} (${version}), a headerless host: the service worker isolates the page after one reload; ${expected}`, async () => {
    await browser.goto(site);
    const outcome = await readyOrReason(browser, 'the site');
    const state = await browser.evaluate(() => ({ isolated: crossOriginIsolated, controlled: !!navigator.serviceWorker.controller,
                                                  pageKeys: /[?&]tl-/.test(location.search) }));
    equal([state.isolated, state.controlled, state.pageKeys], [true, true, false],
          'isolated, under the service worker, the page\'s own keys gone from the address');
    equal(pageLoads(), ['/', '/?tl-reload=1'], 'page loads: the first and one reload');
    await browser.screenshot(path.join(shotDir, `engines-site-${engine}.png`));
    if (!kRunsThreads.top[engine]) {
      equal(outcome, kNoThreadsReason.top, `why ThreadLab does not run: ${JSON.stringify(await explanation(browser))}`);
      return;
    }
    equal(outcome, 'ready', 'ThreadLab is up');
    const result = await browser.evaluate(() => threadlab.run('race-condition', { workers: 2, updates: 2, sleep: 5 }, { speed: 20 }));
    check(result.log.some((line) => line.endsWith('Testing update. Ending value is 1.')),
          `no "Ending value is 1." in ${JSON.stringify(result.log.slice(-2))}`);
    equal(result.outcome, 'expected 2, got 1: one update was lost', 'the outcome');

    await browser.reload();
    equal(await readyOrReason(browser, 'the site, reloaded'), 'ready', 'ThreadLab after a reload');
    equal(pageLoads().length, 3, `page loads after a reload, with no second guarded reload (${pageLoads().join(' ')})`);
  });
  await browser.close();
  host.server.close();
}
await stopDisplay();
finish();
