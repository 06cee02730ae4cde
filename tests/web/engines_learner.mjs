// A learner's mouse path in Chromium, Firefox and WebKit: on the static site, pick Race
// Conditions in the lesson list, click the code's `sleep` box and type 0.02, click Run, and see
// the run to its "Ending value is" line; a screenshot per engine shows what the learner sees.
// The engine runs the threads build where it gives the page threads, else the threadless build
// (engines.mjs's kRunsThreads), whose badge along the bottom says so; an engine that runs the
// threads build walks the same path in the threadless one too (?build=fibers).
//
//   node tests/web/engines_learner.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, finish, lessonInList, root, test } from './harness.mjs';
import { buildIn, engines, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

const [siteArg, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'index.html'))) {
  console.error('usage: node tests/web/engines_learner.mjs SITE_DIR [SCREENSHOT_DIR] (SITE_DIR/index.html must exist)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

const host = await serveStatic(path.resolve(siteArg));
const state = (browser) => browser.evaluate(() => threadlab.state());
// What the canvas drew last frame (tl_page: its controls and value boxes, with where they are).
const drawn = (browser) => browser.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
const centre = (box) => ({ x: box.x + box.w / 2, y: box.y + box.h / 2 });
// What a click or a key did is on screen once the app has drawn a few frames more.
async function nextFrames(browser) {
  const frame = (await state(browser)).frame;
  await browser.waitFor((end) => threadlab.state().frame >= end, frame + 3, 'three frames');
}
async function click(browser, at) {
  await browser.click(at.x, at.y);
  await nextFrames(browser);
}

for (const engine of engines()) {
  // The code's first boxes in view, under the threadless badge too, in WebKit's window (its size
  // includes the toolbar).
  const browser = await launch(engine, { width: 1280, height: 1200 });
  const version = await browser.version();
  const builds = [...new Set([buildIn('top', engine), 'fibers'])];
  for (const build of builds) {
    const forced = build !== builds[0];
    const shot = path.join(shotDir, `engines-learner-${engine}${forced ? '-fibers' : ''}.png`);
    await test(`${engine} (${version}), the ${build} build${forced ? ' (?build=fibers)' : ''}: pick Race Conditions, type 0.02 into the code's sleep, click Run: the run ends on "Ending value is"`, async () => {
      await browser.goto(`http://127.0.0.1:${host.port}/${forced ? '?build=fibers' : ''}`);
      equal(await readyOrReason(browser, 'the site'), 'ready', 'ThreadLab is up');
      equal((await state(browser)).build, build, 'the build');
      await click(browser, lessonInList(5));
      equal((await state(browser)).lesson, 'race-condition', 'the lesson after a click on the fifth in the list');
      // The values row draws its boxes first, then the code its own.
      const [, sleep] = (await drawn(browser)).fields.filter((field) => field.name === 'sleep');
      check(sleep?.visible, `the code's sleep box is in view: ${JSON.stringify(sleep)}`);
      await click(browser, centre(sleep));
      await browser.type('0.02');
      await browser.press('Enter');
      await nextFrames(browser);
      equal((await state(browser)).params.sleep, 0.02, 'sleep after typing 0.02 into the code');
      const run = (await drawn(browser)).controls.find((control) => control.name === 'Run');
      await click(browser, centre(run));
      await browser.waitFor(() => threadlab.state().ended, null, 'the run to end');
      const result = await browser.evaluate(() => JSON.parse(Module.ccall('tl_result', 'string', [], [])));
      check(result.log.some((line) => /Testing update\. Ending value is \d+\.$/.test(line)), `no "Ending value is" in ${result.log.slice(-2)}`);
      check(/^expected 2, got /.test(result.outcome), `outcome: ${result.outcome}`);
      await nextFrames(browser);
      await browser.screenshot(shot);
    });
  }
  await browser.close();
}
host.server.close();
await stopDisplay();
finish();
