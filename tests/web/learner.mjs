// A learner's first hour, in Chromium: the page used with the mouse, the keyboard and the
// wheel, as a person uses it, with window.threadlab only to read what happened.
//
//   node tests/web/learner.mjs BUILD_DIR [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm). Screenshots of a fresh lesson at three sizes go
// to SCREENSHOT_DIR (default build/screenshots). Ends with "N passed, N failed".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, endTests, launchChromium, lessonInList, openPage, root, siteDir, startServer, test, nextFrames } from './harness.mjs';

const [buildDir, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site) {
  console.error('usage: node tests/web/learner.mjs BUILD_DIR [SCREENSHOT_DIR] (with the web app built)');
  process.exit(2);
}

// Where the canvas draws Run/Stop at 1280x800: after the title.
const kRunButton = { x: 135, y: 19 };

const { server, url } = await startServer(site);
const browser = await launchChromium();
const consoleErrors = [];

const open = (options = {}, query = '') => openPage(browser, url + query, consoleErrors, options);

const state = (page) => page.evaluate(() => threadlab.state());
// What the canvas drew last frame, as the text layer reads it (fields, note, status...).
const drawn = (page) => page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
async function click(page, at) {
  await page.mouse.click(at.x, at.y, { delay: 40 });
  await nextFrames(page);
}
// The fields of a parameter, in drawing order: the row above the code first, then the code's.
async function fields(page, name) {
  return (await drawn(page)).fields.filter((field) => field.name === name);
}
const centre = (field) => ({ x: field.x + field.w / 2, y: field.y + field.h / 2 });
async function typeInto(page, field, text) {
  await click(page, centre(field));
  await page.keyboard.type(text, { delay: 30 });
  await page.keyboard.press('Enter');
  await nextFrames(page);
}
async function openLesson(page, number, id) {
  await click(page, lessonInList(number));
  equal((await state(page)).lesson, id, `lesson after clicking number ${number} in the list`);
}
async function runToEnd(page) {
  const before = (await state(page)).run;
  await click(page, kRunButton);
  await page.waitForFunction((before) => threadlab.state().run > before, before, { timeout: 5000 });
  await page.waitForFunction(() => threadlab.state().ended, null, { timeout: 30000 });
  return page.evaluate(() => JSON.parse(Module.ccall('tl_result', 'string', [], [])));
}

try {
  const page = await open();

  await test('a click on a value box types into it: 5 updates typed, the run makes 5', async () => {
    await openLesson(page, 5, 'race-condition');
    const [updates] = await fields(page, 'updates');
    await typeInto(page, updates, '5');
    equal((await state(page)).params.updates, 5, 'updates after typing 5');
    const result = await runToEnd(page);
    equal(result.log.filter((line) => /starting update/.test(line)).length, 5, 'updates started');
    check(/^expected 5, got /.test(result.outcome), `outcome: ${result.outcome}`);
  });

  await test('a value out of range is clamped, and a note says so', async () => {
    const [workers] = await fields(page, 'workers');
    await typeInto(page, workers, '500');
    equal((await state(page)).params.workers, 32, 'workers after typing 500');
    equal((await drawn(page)).note, 'workers goes from 1 to 32: 500 became 32', 'note');
    const [sleep] = await fields(page, 'sleep');
    await typeInto(page, sleep, '0.003');
    equal((await state(page)).params.sleep, 0.003, 'sleep keeps thousandths');
    equal((await drawn(page)).note, '', 'no note for a value kept as typed');
  });

  await test('the values row and the code show one value: dragging the code\'s box changes both; a lesson opens at its top', async () => {
    await openLesson(page, 9, 'semaphore');
    let [row, code] = await fields(page, 'threads');
    check(row && code, `a threads box in the row and one in the code: ${JSON.stringify([row, code])}`);
    const unscrolled = code.y;
    for (let notch = 0; notch < 10 && !code.visible; notch++) {  // the wheel brings it into view
      await page.mouse.move(code.x, Math.min(code.y, 400));
      await page.mouse.wheel(0, 100);
      await nextFrames(page);
      [row, code] = await fields(page, 'threads');
    }
    check(code.visible && code.y < unscrolled, `the wheel scrolled the code's box into view: ${JSON.stringify(code)}`);
    const shot = (box) => page.screenshot({ clip: { x: box.x, y: box.y, width: box.w, height: box.h } });
    const [rowBefore, codeBefore] = [await shot(row), await shot(code)];
    const before = (await state(page)).params.threads;
    const from = centre(code);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let dx = 10; dx <= 80; dx += 10) {
      await page.mouse.move(from.x + dx, from.y);
      await nextFrames(page, 1);
    }
    await page.mouse.up();
    await page.mouse.move(640, 790);  // off the boxes: neither is drawn hovered
    await nextFrames(page);
    const after = (await state(page)).params.threads;
    check(after > before, `dragging the code's box right: threads went from ${before} to ${after}`);
    [row, code] = await fields(page, 'threads');
    check(!(await shot(row)).equals(rowBefore), 'the row\'s box shows the new value');
    check(!(await shot(code)).equals(codeBefore), 'the code\'s box shows the new value');
    await openLesson(page, 8, 'rlock');  // and back: the lesson opens at its top again
    await openLesson(page, 9, 'semaphore');
    equal((await fields(page, 'threads'))[1].y, unscrolled, 'the code\'s box, after opening the lesson again');
  });

  await test('a click on the code\'s while makes it if, and the run shows why while was right', async () => {
    await openLesson(page, 12, 'condition');
    let [, code] = await fields(page, 'recheck');
    for (let notch = 0; notch < 10 && !code.visible; notch++) {
      await page.mouse.move(code.x, Math.min(code.y, 400));
      await page.mouse.wheel(0, 100);
      await nextFrames(page);
      [, code] = await fields(page, 'recheck');
    }
    check(code.visible, `the wheel scrolled the code's while into view: ${JSON.stringify(code)}`);
    await click(page, centre(code));
    equal((await state(page)).params.recheck, false, 'recheck after a click on the keyword');
    const result = await runToEnd(page);
    equal(result.log.filter((line) => /IndexError: pop from empty list$/.test(line)).length, 1,
      'the consumer woken second pops from an empty shelf');
    check(/'if' checked only once/.test(result.outcome), `outcome: ${result.outcome}`);
    await click(page, centre((await fields(page, 'recheck'))[1]));
    equal((await state(page)).params.recheck, true, 'and back to while');
  });

  await test('after Stop on a deadlock, Run is back and starts a new run', async () => {
    await openLesson(page, 7, 'deadlock');
    await click(page, kRunButton);
    await page.waitForFunction(() => threadlab.state().status === 'deadlocked', null, { timeout: 5000 });
    check(/^Deadlocked at 0\.0\d s/.test((await drawn(page)).status), `status: ${(await drawn(page)).status}`);
    const first = (await state(page)).run;
    await click(page, kRunButton);  // Stop
    await page.waitForFunction(() => threadlab.state().done, null, { timeout: 5000 });
    equal((await drawn(page)).status, 'Stopped \u2014 deadlocked at 0.00 s', 'status after Stop');
    await click(page, kRunButton);  // Run again
    await page.waitForFunction((first) => threadlab.state().run > first, first, { timeout: 5000 });
    await page.waitForFunction(() => threadlab.state().status === 'deadlocked', null, { timeout: 5000 });
    await click(page, kRunButton);
    await page.waitForFunction(() => threadlab.state().done, null, { timeout: 5000 });
  });

  await test('the accessibility tree holds the lesson title, the outcome and the log lines', async () => {
    await openLesson(page, 5, 'race-condition');
    const result = await runToEnd(page);
    await page.waitForTimeout(600);  // the text layer reads the page four times a second
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const names = nodes.map((node) => (node.name && node.name.value) || '');
    const holds = (text) => names.some((name) => name.includes(text));
    check(holds('Race Conditions'), 'the title is in the tree');
    check(holds(`Outcome: ${result.outcome}`), `the outcome "${result.outcome}" is in the tree`);
    for (const line of [result.log[0], result.log.at(-1)])
      check(holds(line), `the log line "${line}" is in the tree`);
    const live = await page.$$eval('[aria-live]', (nodes) => nodes.map((node) => node.textContent));
    check(live.some((text) => /^Finished in /.test(text)), `an aria-live status: ${JSON.stringify(live)}`);
    const canvasLabel = await page.getAttribute('canvas', 'aria-label');
    check(/ThreadLab/.test(canvasLabel || ''), `the canvas is labelled: ${canvasLabel}`);
  });

  await test('Tab reaches Run, the lesson list and each value; Enter on Run runs', async () => {
    const fresh = await open();
    const focused = [];
    for (let i = 0; i < 6; i++) {
      await fresh.keyboard.press('Tab');
      focused.push(await fresh.evaluate(() => {
        const node = document.activeElement;
        if (node.tagName === 'INPUT') return `input ${node.name}`;
        return node.tagName === 'BUTTON' ? `button ${node.textContent}` : node.tagName.toLowerCase();
      }));
    }
    equal(focused.slice(0, 5), ['button Run', 'select', 'input sleep', 'input join', 'input daemon'],
          'focus order');
    while ((await fresh.evaluate(() => document.activeElement.textContent)) !== 'Run')
      await fresh.keyboard.press('Shift+Tab');
    const box = await fresh.evaluate(() => document.getElementById('tl-text').getBoundingClientRect().width);
    check(box > 200, `the text layer shows while it has the focus (${box} px wide)`);
    await fresh.keyboard.press('Enter');
    await fresh.waitForFunction(() => threadlab.state().run === 1, null, { timeout: 5000 });
    await fresh.close();
  });

  await test('on a phone, a tap on a value box brings up a box to type in; 7 typed, 7 used', async () => {
    const phone = await open({ viewport: { width: 390, height: 844 }, hasTouch: true }, '?lesson=race-condition');
    await nextFrames(phone);
    const updates = (await fields(phone, 'updates'))[0];
    const at = centre(updates);
    await phone.touchscreen.tap(at.x, at.y);
    equal(await phone.evaluate(() => document.activeElement.name), 'updates', 'the focused box');
    await phone.keyboard.type('7');
    await phone.keyboard.press('Enter');
    equal((await state(phone)).params.updates, 7, 'updates after typing 7');
    await phone.close();
  });

  await test('Copy puts the log on the clipboard and says so', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const result = await page.evaluate(() => JSON.parse(Module.ccall('tl_result', 'string', [], [])));
    await click(page, (await drawn(page)).copyButton);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    equal(copied.trim().split('\n'), result.log, 'the clipboard');
    check(/^copied \d+ lines$/.test((await drawn(page)).copied), `the log panel says: ${(await drawn(page)).copied}`);
  });

  await test('a fresh lesson shows its values without scrolling, at 1280x800, 800x600 and 390x844', async () => {
    mkdirSync(shotDir, { recursive: true });
    const lessons = await page.evaluate(() => threadlab.lessons());
    for (const [width, height] of [[1280, 800], [800, 600], [390, 844]]) {
      const sized = await open({ viewport: { width, height } });
      for (const lesson of lessons) {
        await sized.evaluate((id) => threadlab.select(id), lesson.id);
        await nextFrames(sized);
        const all = (await drawn(sized)).fields;
        for (const param of lesson.params) {
          const field = all.find((f) => f.name === param.name);
          check(field && field.visible && field.x >= 0 && field.y >= 0 && field.x + field.w <= width &&
                field.y + field.h <= height, `${width}x${height} ${lesson.id}: ${param.name} is not in view (${JSON.stringify(field)})`);
        }
      }
      await sized.evaluate(() => threadlab.select('race-condition'));
      await nextFrames(sized);
      await sized.screenshot({ path: path.join(shotDir, `learner-${width}x${height}.png`) });
      await sized.close();
    }
  });

} finally {
  await endTests(browser, [server], consoleErrors);
}
