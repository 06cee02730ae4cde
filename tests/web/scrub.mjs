// The timeline's scrubber in Chromium, used as a learner uses it: after a run of the lock
// lesson, a click on the time axis, a drag along it, the arrow keys and Escape; the log and
// each thread's state at that moment are read back through window.threadlab and the page's
// text layer. The run looked at replays a stated schedule (tests/core/moment_test.cpp's):
// its lesson clock moves only when every thread waits, so nothing happens while an update
// sleeps, and the moments checked (mid-sleep) show the same states whatever the machine.
//
//   node tests/web/scrub.mjs BUILD_DIR [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm). A screenshot at a moment goes to SCREENSHOT_DIR
// (default build/screenshots). Ends with "N passed, N failed".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, endTests, launchChromium, openPage, root, siteDir, startServer, test, nextFrames } from './harness.mjs';

const [buildDir, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site) {
  console.error('usage: node tests/web/scrub.mjs BUILD_DIR [SCREENSHOT_DIR] (with the web app built)');
  process.exit(2);
}

// Where the canvas draws Run at 1280x800 (as tests/web/learner.mjs clicks it).
const kRunButton = { x: 135, y: 19 };
const kParams = { workers: 2, updates: 2, sleep: 0.1 };
const kHolds = "sleeping, holding Lock '_lock'";
const kWaits = "waiting for Lock '_lock'";
// The pool starts both workers: one takes the lock while the other comes to it.
const kBothWorkers = '0x4.1.0.1.0.1x2.0.2x2.1x3.2.1.2.1x2.0.2x6.0x4';

const { server, url } = await startServer(site);
const browser = await launchChromium();
const consoleErrors = [];

const state = (page) => page.evaluate(() => threadlab.state());
const scrub = async (page) => (await state(page)).scrub;
// The x of a lesson time on the timeline's axis, and the axis' middle height.
async function axisAt(page, time) {
  const { axis } = await scrub(page);
  return { x: axis.x + ((time - axis.begin) / (axis.end - axis.begin)) * axis.w, y: axis.y + axis.h / 2 };
}
// Which thread's words say what, by lane name; each must be said by exactly one thread.
function whoIs(moment, words) {
  const found = moment.threads.filter((thread) => thread.words === words);
  check(found.length === 1, `one thread "${words}" at ${moment.time} s: ${JSON.stringify(moment.threads)}`);
  return found[0].name;
}
async function press(page, key) {
  await page.keyboard.press(key);
  await nextFrames(page);
  return scrub(page);
}

try {
  const page = await openPage(browser, `${url}?lesson=lock&workers=2&updates=2&sleep=0.1`, consoleErrors);
  let result;

  await test('a learner runs the lock lesson, then a stated schedule of it is replayed', async () => {
    await page.mouse.click(kRunButton.x, kRunButton.y, { delay: 40 });
    await page.waitForFunction(() => threadlab.state().run === 1 && threadlab.state().ended, null, { timeout: 30000 });
    equal((await state(page)).status, 'finished', 'the learner\'s run');
    result = await page.evaluate(([params, schedule]) => threadlab.run('lock', params, { schedule }),
                                 [kParams, kBothWorkers]);
    equal([result.status, result.schedule], ['finished', kBothWorkers], 'the replay');
    equal((await scrub(page)).on, false, 'the scrubber before a click');
  });

  let first;
  await test('a click on the time axis shows that moment: one worker sleeps holding the lock, the other waits', async () => {
    await nextFrames(page);
    const at = await axisAt(page, 0.05);
    await page.mouse.click(at.x, at.y, { delay: 40 });
    await nextFrames(page);
    first = await scrub(page);
    check(first.on && Math.abs(first.time - 0.05) < 0.005, `the cursor at 0.05 s: ${JSON.stringify(first)}`);
    first.holder = whoIs(first, kHolds);
    first.waiter = whoIs(first, kWaits);
    // Nothing finishes before the first sleep ends; the log shown is the run's first lines.
    check(first.logLines > 0 && first.logLines < result.log.length, `lines at 0.05 s: ${first.logLines}`);
    equal(first.lastLine, result.log[first.logLines - 1], 'the last line shown');
    // The state panel as it stood then: the lock held by the sleeper, the value not yet written.
    const lock = first.objects.find((object) => object.name === '_lock');
    const value = first.objects.find((object) => object.name === 'value');
    equal([lock.value, lock.owner, value.value], [1, first.holder, 0], 'the lock and the value at 0.05 s');
    check(!result.log.slice(0, first.logLines).some((line) => /finishing update/.test(line)),
          'no update finished by 0.05 s');
    await page.waitForFunction((holder) => document.getElementById('tl-text').textContent
      .includes(`${holder}: sleeping, holding Lock '_lock'`), first.holder, { timeout: 5000 });
    mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: path.join(shotDir, 'scrub-1280x800.png') });
  });

  await test('dragging the cursor to the second update: the worker that waited holds the lock', async () => {
    const from = await axisAt(page, 0.05), to = await axisAt(page, 0.15);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let step = 1; step <= 6; step++) {
      await page.mouse.move(from.x + ((to.x - from.x) * step) / 6, from.y);
      await nextFrames(page, 1);
    }
    await page.mouse.up();
    await nextFrames(page);
    const second = await scrub(page);
    check(Math.abs(second.time - 0.15) < 0.005, `the cursor at 0.15 s: ${second.time}`);
    equal(whoIs(second, kHolds), first.waiter, 'the worker holding the lock in the second update');
    equal(second.objects.find((object) => object.name === 'value').value, 1, 'the value after the first update');
    check(second.logLines > first.logLines && second.logLines < result.log.length,
          `more lines at 0.15 s (${second.logLines}) than at 0.05 s, and not all`);
  });

  await test('the arrow keys step one event at a time; Escape shows the whole run', async () => {
    let moment = await scrub(page);
    const start = moment.events;
    let steps = 0;
    while (moment.time >= 0.1) {  // back across the hand-over at 0.1 s, one event a press
      const before = moment.events;
      moment = await press(page, 'ArrowLeft');
      equal(moment.events, before - 1, 'events after ArrowLeft');
      check(++steps < 60, 'ArrowLeft never left 0.1 s');
    }
    equal(whoIs(moment, kHolds), first.holder, 'the holder just before the hand-over');
    equal(whoIs(moment, kWaits), first.waiter, 'the waiter just before the hand-over');
    moment = await press(page, 'ArrowRight');
    equal(moment.events, start - steps + 1, 'events after ArrowRight');
    check(moment.time >= 0.1 && moment.time < 0.15, `ArrowRight steps to the hand-over at 0.1 s: ${moment.time}`);
    const axis = await axisAt(page, 0.17);
    await page.mouse.move(axis.x, axis.y);  // hovering the axis shows where a click would go
    await nextFrames(page);
    await page.screenshot({ path: path.join(shotDir, 'scrub-step-1280x800.png') });
    moment = await press(page, 'Escape');
    equal(moment.on, false, 'the scrubber after Escape');
    const after = await state(page);
    equal([after.status, after.run], ['finished', 2], 'the run, untouched by Escape');
  });

  await test('scrub() puts the cursor where a page asks, and refuses what is not a time', async () => {
    const moment = await page.evaluate(() => threadlab.scrub(0.05));
    equal([whoIs(moment, kHolds), whoIs(moment, kWaits)], [first.holder, first.waiter], 'at 0.05 s');
    equal(await page.evaluate(() => threadlab.scrub(null).on), false, 'scrub(null)');
    const refused = await page.evaluate(() => { try { threadlab.scrub('soon'); return ''; } catch (e) { return e.message; } });
    check(/time must be lesson seconds/.test(refused), `scrub('soon'): ${refused}`);
  });
} finally {
  await endTests(browser, [server], consoleErrors);
}
