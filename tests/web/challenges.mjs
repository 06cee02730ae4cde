// A learner plays the first challenge in Chromium with the mouse alone: Challenges, the
// level, Hint (twice), Play, then a thread button at each choice, following a winning order,
// until the page says Won; after a reload the Challenges view still marks the level won.
// Then the fix: clicks on the code's switches and on Check my fix, for each verdict.
// window.threadlab only reads where things were drawn and what happened.
//
//   node tests/web/challenges.mjs BUILD_DIR [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm). Screenshots go to SCREENSHOT_DIR (default
// build/screenshots). Ends with "N passed, N failed".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, clickControl, controlSpot, equal, endTests, launchChromium, openPage, root, siteDir, startServer, test, nextFrames } from './harness.mjs';

const [buildDir, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site) {
  console.error('usage: node tests/web/challenges.mjs BUILD_DIR [SCREENSHOT_DIR] (with the web app built)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

const kLevel = 'lose-an-update';
// A shortest win (threadlab play lose-an-update --explore): the thread of each step. Step
// mode takes the steps only one thread can take by itself; the learner clicks the others.
const kWin = '0x4.1.0x2.1x3.2x3.1.2x2';
const steps = kWin.split('.').flatMap((run) => {
  const [thread, times = '1'] = run.split('x');
  return Array(Number(times)).fill(Number(thread));
});

const { server, url } = await startServer(site);
const browser = await launchChromium();
const consoleErrors = [];

const state = (page) => page.evaluate(() => threadlab.state());
const challenge = async (page) => (await state(page)).challenge;
const shot = (page, name) => page.screenshot({ path: path.join(shotDir, `challenges-${name}.png`) });

try {
  // Wide enough for the lesson list, and the Challenges entry above it (narrower windows
  // fold both into the lesson combo).
  const page = await openPage(browser, url, consoleErrors, { viewport: { width: 1600, height: 900 } });

  await test('the Challenges entry shows the campaign; a click on a level opens it', async () => {
    await clickControl(page, 'Challenges');
    check((await challenge(page)).open, 'the list shows the challenges');
    await clickControl(page, `level ${kLevel}`);
    const now = await state(page);
    equal(now.challenge.level, kLevel, 'level played');
    equal(now.lesson, 'race-condition', 'its lesson');
    equal(now.params, { workers: 2, updates: 2, sleep: 0, lock: false, sleep_first: false }, 'its values');
    await shot(page, 'level');
  });

  await test('Hint thinks, then names the thread; again, the line that matters', async () => {
    await clickControl(page, 'Hint');
    await page.waitForFunction(() => !threadlab.state().challenge.thinking, null, { timeout: 60000 });
    equal((await challenge(page)).rung, 1, 'rung after one click');
    await clickControl(page, 'Hint');
    equal((await challenge(page)).rung, 2, 'rung after two clicks');
    await shot(page, 'hints');
  });

  await test('Play, then a thread button at each choice: the page says Won and marks the level', async () => {
    await clickControl(page, 'Play level');
    await page.waitForFunction(() => threadlab.state().stepMode, null, { timeout: 10000 });
    for (let clicks = 0; clicks <= steps.length; ++clicks) {
      await page.waitForFunction(() => threadlab.state().awaiting || threadlab.state().ended, null, { timeout: 10000 });
      const now = await state(page);
      if (now.ended) break;
      check(now.steps < steps.length, `the winning order is over after ${now.steps} steps, and no win`);
      const thread = steps[now.steps];
      check(now.threads[thread].canGo, `step ${now.steps}: ${now.threads[thread].name} cannot go`);
      await nextFrames(page);  // the lanes as they stand now: a thread just started has one
      await clickControl(page, `lane ${thread}`);
      await page.waitForFunction((taken) => threadlab.state().steps > taken || threadlab.state().ended,
                                 now.steps, { timeout: 10000 });
    }
    const won = await challenge(page);
    check(won.goal.met, `the goal is not met: ${JSON.stringify(won)}`);
    check(/lost/.test(won.goal.text) || won.goal.text.length > 0, `goal sentence: ${won.goal.text}`);
    equal(won.progress[kLevel], 'won', 'mark');
    equal(await page.evaluate(() => localStorage.getItem('threadlab.levels')), `${kLevel} won\n`, 'stored');
    await nextFrames(page);
    await shot(page, 'won');
  });

  await test('after a reload the Challenges view marks the level won', async () => {
    await page.reload();
    await page.waitForFunction(() => window.threadlab, null, { timeout: 60000 });
    await page.evaluate(() => window.threadlab.ready);
    await nextFrames(page);
    const now = await challenge(page);
    equal(now.progress[kLevel], 'won', 'mark after the reload');
    equal(now.level, kLevel, 'the address still names the level');
    check(now.open, 'the list shows the challenges');
    await controlSpot(page, `level ${kLevel}`);
    await shot(page, 'reloaded');
  });

  await test('malformed stored progress is ignored, and the page still works', async () => {
    await page.evaluate(() => localStorage.setItem('threadlab.levels', '{"bad": [1,\nnope won\n' + 'x'.repeat(9000)));
    await page.reload();
    await page.waitForFunction(() => window.threadlab, null, { timeout: 60000 });
    await page.evaluate(() => window.threadlab.ready);
    equal((await challenge(page)).progress, {}, 'progress from malformed text');
  });

  await test('Check my fix: the learner clicks the code\'s switches, then the check, and reads each verdict', async () => {
    await page.evaluate(() => localStorage.removeItem('threadlab.levels'));
    await page.goto(`${url}?level=${kLevel}`);
    await page.waitForFunction(() => window.threadlab, null, { timeout: 60000 });
    await page.evaluate(() => window.threadlab.ready);
    await nextFrames(page);
    // The code's own box for a switch (the last drawn), scrolled into view by the wheel.
    async function codeField(name) {
      for (let notch = 0; notch < 20; notch++) {
        const drawn = await page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
        const field = drawn.fields.filter((each) => each.name === name).pop();
        check(field, `no ${name} box in the code`);
        if (field.visible) return field;
        await page.mouse.move(field.x + 5, Math.min(field.y, 400));
        await page.mouse.wheel(0, 100);
        await nextFrames(page);
      }
      throw new Error(`the wheel did not bring the ${name} box into view`);
    }
    async function checkMyFix() {
      const seq = (await challenge(page)).check.seq;
      // The code's boxes may have scrolled the panel's button away: back to the top.
      for (let notch = 0; notch < 20; notch++) {
        const drawn = await page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
        if (drawn.controls.some((each) => each.name === 'Check my fix')) break;
        await page.mouse.wheel(0, -100);
        await nextFrames(page);
      }
      await clickControl(page, 'Check my fix');
      await page.waitForFunction((seq) => threadlab.state().challenge.check.seq > seq, seq, { timeout: 180000 });
      await page.mouse.move(5, 880);  // the button's tooltip away from the verdict
      await nextFrames(page);
      return (await challenge(page)).check;
    }
    const flip = async (name) => {
      const field = await codeField(name);
      await page.mouse.click(field.x + field.w / 2, field.y + field.h / 2, { delay: 40 });
      await nextFrames(page);
    };
    await flip('lock');
    equal((await state(page)).params.lock, true, 'lock after a click on its box');
    let verdict = await checkMyFix();
    equal([verdict.level, verdict.verdict, verdict.parallelism, verdict.expected], [kLevel, 'over-synchronised', 1, 2],
          `the sleep inside the lock: ${verdict.text}`);
    check(verdict.line >= 0 && /works while holding a lock/.test(verdict.text), `the line: ${verdict.text}`);
    await shot(page, 'check-over-synchronised');
    await flip('sleep_first');
    verdict = await checkMyFix();
    equal([verdict.verdict, verdict.parallelism], ['proved', 2], `the lock around the read and the write: ${verdict.text}`);
    check(verdict.interleavings > 1000 && verdict.text.includes(`no interleaving of ${verdict.interleavings} breaks it`), verdict.text);
    await shot(page, 'check-proved');
    await flip('lock');
    verdict = await checkMyFix();
    equal(verdict.verdict, 'refuted', `no lock: ${verdict.text}`);
    check(/^\?lesson=race-condition&.*&schedule=[0-9x.]+$/.test(verdict.witness), `witness: ${verdict.witness}`);
    await controlSpot(page, 'Replay the break');
    await shot(page, 'check-refuted');
  });

  await test('the compact embed opens a level: its brief and goal on top, Play and Hint', async () => {
    const embed = await openPage(browser, `${url}?level=${kLevel}&view=compact`, consoleErrors,
                                 { viewport: { width: 800, height: 500 } });
    await nextFrames(embed);
    const now = await state(embed);
    check(now.compact, 'compact view');
    equal(now.challenge.level, kLevel, 'level played');
    await controlSpot(embed, 'Play level');
    await clickControl(embed, 'Hint');
    await embed.waitForFunction(() => !threadlab.state().challenge.thinking, null, { timeout: 60000 });
    await nextFrames(embed);
    await shot(embed, 'compact');
    await embed.close();
  });
} finally {
  await endTests(browser, [server], consoleErrors);
}
