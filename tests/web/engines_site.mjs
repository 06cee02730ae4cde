// The static site at top level in Chromium, Firefox and WebKit: on a host that sends no
// headers, the service worker registers, the page reloads once, and runs the race lesson to its
// "Ending value is" line, with real threads where the engine gives them and in the threadless
// build where it does not (engines.mjs's kRunsThreads). Then ?build=: fibers runs the threadless
// build anywhere, threads runs the threads build or explains why it cannot, and any other value
// gets the app's notice while the page runs the build it would have picked.
//
//   node tests/web/engines_site.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, finish, root, test } from './harness.mjs';
import { buildIn, engines, explanation, kNoThreadsReason, kRunsThreads, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

const [siteArg, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'index.html'))) {
  console.error('usage: node tests/web/engines_site.mjs SITE_DIR [SCREENSHOT_DIR] (SITE_DIR/index.html must exist)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

// The race at 2 workers x 2 updates in the page: both read before either writes, in any order.
async function raceEndsWithOneUpdateLost(browser) {
  const result = await browser.evaluate(() => threadlab.run('race-condition', { workers: 2, updates: 2, sleep: 5 }, { speed: 20 }));
  check(result.log.some((line) => line.endsWith('Testing update. Ending value is 1.')),
        `no "Ending value is 1." in ${JSON.stringify(result.log.slice(-2))}`);
  equal(result.outcome, 'expected 2, got 1: one update was lost', 'the outcome');
}
// As a list: WebKitWebDriver hands objects back with their keys in another order.
const shown = (browser) => browser.evaluate(() => [threadlab.state().build, threadlab.state().message]);

for (const engine of engines()) {
  const host = await serveStatic(path.resolve(siteArg));
  const site = `http://127.0.0.1:${host.port}/`;
  const pageLoads = () => host.requests.filter((request) => /^\/(\?|$)/.test(request));
  const browser = await launch(engine);
  const version = await browser.version();
  const build = buildIn('top', engine);
  await test(`${engine} (${version}), a headerless host: the service worker isolates the page after one reload; the ${build} build runs the race to "Ending value is 1"`, async () => {
    await browser.goto(site);
    equal(await readyOrReason(browser, 'the site'), 'ready', 'ThreadLab is up');
    const state = await browser.evaluate(() => ({ isolated: crossOriginIsolated, controlled: !!navigator.serviceWorker.controller,
                                                  pageKeys: /[?&]tl-/.test(location.search) }));
    equal([state.isolated, state.controlled, state.pageKeys], [true, true, false],
          'isolated, under the service worker, the page\'s own keys gone from the address');
    equal(pageLoads(), ['/', '/?tl-reload=1'], 'page loads: the first and one reload');
    equal(await shown(browser), [build, ''], 'the build, and no notice');
    await raceEndsWithOneUpdateLost(browser);
    await browser.screenshot(path.join(shotDir, `engines-site-${engine}.png`));

    await browser.reload();
    equal(await readyOrReason(browser, 'the site, reloaded'), 'ready', 'ThreadLab after a reload');
    equal(pageLoads().length, 3, `page loads after a reload, with no second guarded reload (${pageLoads().join(' ')})`);
  });

  await test(`${engine}: ?build=fibers runs the threadless build, and the race to "Ending value is 1"`, async () => {
    await browser.goto(`${site}?lesson=race-condition&build=fibers`);
    equal(await readyOrReason(browser, 'build=fibers'), 'ready', 'ThreadLab is up');
    equal(await shown(browser), ['fibers', ''], 'the build, and no notice');
    await raceEndsWithOneUpdateLost(browser);
    await browser.screenshot(path.join(shotDir, `engines-site-${engine}-fibers.png`));
  });

  const forced = kRunsThreads.top[engine] ? 'runs the threads build' : `explains why it cannot (${kNoThreadsReason.top})`;
  await test(`${engine}: ?build=threads ${forced}`, async () => {
    await browser.goto(`${site}?lesson=race-condition&build=threads`);
    const outcome = await readyOrReason(browser, 'build=threads');
    if (!kRunsThreads.top[engine]) {
      equal(outcome, kNoThreadsReason.top, `the explanation: ${JSON.stringify(await explanation(browser))}`);
      await browser.screenshot(path.join(shotDir, `engines-site-${engine}-threads.png`));
      return;
    }
    equal(outcome, 'ready', 'ThreadLab is up');
    equal(await shown(browser), ['threads', ''], 'the build, and no notice');
    await raceEndsWithOneUpdateLost(browser);
  });

  await test(`${engine}: ?build=green says so in the app's notice, and the page runs the ${build} build`, async () => {
    await browser.goto(`${site}?lesson=race-condition&workers=3&build=green`);
    equal(await readyOrReason(browser, 'build=green'), 'ready', 'ThreadLab is up');
    const state = await browser.evaluate(() => threadlab.state());
    equal([state.build, state.lesson, state.params.workers], [build, 'race-condition', 3], 'the build, the lesson and its values');
    check(state.message.includes("build must be threads or fibers, got 'green'"), `the notice: ${state.message}`);
    await raceEndsWithOneUpdateLost(browser);
  });
  await browser.close();
  host.server.close();
}
await stopDisplay();
finish();
