// Step mode, Replay and Run ×100 in Chromium, used with the mouse as a learner uses them:
// Step, a click on a thread's lane to move it (the code marks the line each thread stands
// on), Undo, Run ×100 and a bar of its histogram.
// window.threadlab only reads what happened (and finds where the canvas drew each control);
// its step-mode calls and run({schedule}) are checked at the end.
//
//   node tests/web/stepmode.mjs BUILD_DIR [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm). Screenshots of step mode and of the histogram go
// to SCREENSHOT_DIR (default build/screenshots). Ends with "N passed, N failed".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, endTests, launchChromium, openPage, root, siteDir, startServer, test, nextFrames } from './harness.mjs';
import { decodePng } from './png.mjs';

const [buildDir, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site) {
  console.error('usage: node tests/web/stepmode.mjs BUILD_DIR [SCREENSHOT_DIR] (with the web app built)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

const kRace = '?lesson=race-condition&workers=2&updates=2&sleep=0&speed=50';
const kLost = 'expected 2, got 1: one update was lost';
const kKept = 'expected 2, got 2: no update was lost';
// A pool starts its second worker only while the first is busy: Thread 1 takes a task first.
const kTakeTask = "get from ThreadPoolExecutor 'ThreadPoolExecutor'";
// ThreadColor in ui/theme.cpp, for Threads 0 to 2.
const kThreadColors = [[240, 240, 240], [255, 99, 132], [54, 200, 235]];

const { server, url } = await startServer(site);
const browser = await launchChromium();
const consoleErrors = [];
const open = (query) => openPage(browser, url + query, consoleErrors);

const state = (page) => page.evaluate(() => threadlab.state());
const result = (page) => page.evaluate(() => JSON.parse(Module.ccall('tl_result', 'string', [], [])));
// A log's messages, without the wall clock each line starts with.
const messages = (run) => run.log.map((line) => line.replace(/^\d\d:\d\d:\d\d: /, ''));
// Where the canvas drew a control last frame ("Step", "Undo", "lane 1", "bar 0", ...).
async function spot(page, name) {
  const drawn = await page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
  const found = drawn.controls.find((control) => control.name === name);
  check(found, `no control "${name}" on screen (${drawn.controls.map((c) => c.name).join(', ')})`);
  return found;
}
async function click(page, name) {
  const at = await spot(page, name);
  await page.mouse.click(at.x + Math.min(at.w / 2, 40), at.y + at.h / 2, { delay: 30 });
  await nextFrames(page);
}
// The run waits for a pick, or has ended.
async function settled(page) {
  await page.waitForFunction(() => { const s = threadlab.state(); return s.awaiting || s.ended; },
                             null, { timeout: 20000 });
  return state(page);
}
async function startStepMode(page) {
  const before = (await state(page)).run;
  await click(page, 'Step');
  await page.waitForFunction((run) => threadlab.state().run > run, before);
  return settled(page);
}
async function clickLane(page, thread) {
  const before = (await state(page)).steps;
  await click(page, `lane ${thread}`);
  await page.waitForFunction((steps) => threadlab.state().steps > steps || threadlab.state().ended, before);
  return settled(page);
}

// Takes the planned steps in order, by clicking lanes. Until a planned step's turn, the
// planned thread moves toward it, else the lowest thread that can go, unless its next step
// is one the plan has for later (the same rule as tests/core/session_test.cpp).
async function drive(page, plan) {
  plan = plan.slice();
  while (plan.length) {
    const s = await settled(page);
    check(!s.ended, `the run ended before ${plan[0].step}`);
    const free = (i) => s.threads[i] && s.threads[i].canGo &&
      !plan.some((pick) => pick.thread === i && pick.step === s.threads[i].next);
    const first = plan[0];
    let thread = -1;
    if (s.threads[first.thread] && s.threads[first.thread].canGo && s.threads[first.thread].next === first.step) {
      thread = first.thread;
      plan.shift();
    } else if (free(first.thread)) {
      thread = first.thread;
    } else {
      thread = s.threads.findIndex((_, i) => free(i));
    }
    check(thread >= 0, `no thread can go before ${first.step}: ${JSON.stringify(s.threads)}`);
    await clickLane(page, thread);
  }
}
async function finishByHand(page) {
  for (let s = await settled(page); !s.ended; s = await settled(page))
    await clickLane(page, s.threads.findIndex((thread) => thread.canGo));
  return state(page);
}
// The checkbox keeps its value from run to run: clicked only to change it.
async function setEveryStep(page, on) {
  if ((await page.evaluate(() => threadlab.state().everyStep)) !== on) await click(page, 'every step');
  equal(await page.evaluate(() => threadlab.state().everyStep), on, 'every step, after clicking it');
}

try {
  const page = await open(kRace);

  await test('race-condition, 2 workers, driven by clicks: both read 0 before either writes, and it ends at 1', async () => {
    await setEveryStep(page, true);
    await startStepMode(page);
    await drive(page, [{ thread: 1, step: kTakeTask }, { thread: 1, step: 'read value (0)' },
                       { thread: 2, step: 'read value (0)' }]);
    const s = await settled(page);
    equal(s.threads[1].canGo, true, 'Thread 1 can go');
    await nextFrames(page);
    const shot = await page.screenshot({ path: path.join(shotDir, 'stepmode-race.png') });
    // Both workers stand on their sleep: the code view tags that line once for each, side by
    // side, each tag in its thread's colour.
    equal([s.threads[1].next, s.threads[2].next], ['sleep, 0 s left', 'sleep, 0 s left'], 'next steps');
    check(Number.isInteger(s.threads[1].line), `Thread 1's line: ${s.threads[1].line}`);
    equal(s.threads[2].line, s.threads[1].line, 'Thread 2 stands on the same line');
    const drawn = await page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
    const tags = drawn.markers.filter((tag) => tag.line === s.threads[1].line).sort((a, b) => a.x - b.x);
    equal(tags.map((tag) => tag.thread), [1, 2], `tags on line ${s.threads[1].line}`);
    check(tags[0].x + tags[0].w <= tags[1].x, `side by side: ${JSON.stringify(tags)}`);
    const { width, channels, pixels } = decodePng(shot);
    const colorAt = (tag) => {
      const at = (Math.round(tag.y + tag.h / 2) * width + Math.round(tag.x + 2)) * channels;
      return [pixels[at], pixels[at + 1], pixels[at + 2]];
    };
    equal(colorAt(tags[0]), kThreadColors[1], 'Thread 1\'s tag colour');
    equal(colorAt(tags[1]), kThreadColors[2], 'Thread 2\'s tag colour');
    await drive(page, [{ thread: 1, step: 'sleep, 0 s left' }, { thread: 1, step: 'write 1 to value' },
                       { thread: 2, step: 'sleep, 0 s left' }, { thread: 2, step: 'write 1 to value' }]);
    const end = await finishByHand(page);
    equal(end.outcome, kLost, 'outcome');
    check(messages(await result(page)).includes('Testing update. Ending value is 1.'), 'the log ends at 1');
  });

  await test('Undo gives back the previous state\'s log, and the same next steps', async () => {
    await startStepMode(page);
    await drive(page, [{ thread: 1, step: kTakeTask }, { thread: 1, step: 'read value (0)' },
                       { thread: 2, step: 'read value (0)' }, { thread: 1, step: 'sleep, 0 s left' }]);
    const before = await result(page);
    const nextBefore = (await state(page)).threads.map((thread) => thread.next);
    await drive(page, [{ thread: 1, step: 'write 1 to value' }, { thread: 1, step: 'log a line' }]);
    check((await result(page)).log.length === before.log.length + 1, 'Thread 1 logged a line');
    for (let i = 0; i < 2; i++) {
      const run = (await state(page)).run;
      await click(page, 'Undo');
      await page.waitForFunction((r) => threadlab.state().run > r, run);
      await settled(page);
    }
    equal(messages(await result(page)), messages(before), 'the log after two Undos');
    equal((await state(page)).threads.map((thread) => thread.next), nextBefore, 'the next steps after two Undos');
    await click(page, 'Stop');
    await page.waitForFunction(() => threadlab.state().done, null, { timeout: 10000 });
    equal((await state(page)).status, 'stopped', 'status after Stop');
  });

  await test('the deadlock lesson, stepped by clicks, stops at the second acquire of the lock it holds', async () => {
    const deadlock = await open('?lesson=deadlock');
    await setEveryStep(deadlock, true);
    await startStepMode(deadlock);
    let s = await settled(deadlock);
    const seen = [];
    while (!s.ended) {
      seen.push(s.threads[0].next);
      s = await clickLane(deadlock, 0);
    }
    equal(s.status, 'deadlocked', 'status');
    check(seen.includes("acquire Lock 'l'"), `Main's steps: ${seen.join(' / ')}`);
    equal(s.threads[0].next, "acquire Lock 'l' (held by Main)", 'Main waits for the lock it holds');
    check(/Main/.test(s.deadlock), `deadlock: ${s.deadlock}`);
    await nextFrames(deadlock);
    const drawn = await deadlock.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
    check(Number.isInteger(s.threads[0].line), `Main's line: ${s.threads[0].line}`);
    equal(drawn.markers.map((tag) => [tag.thread, tag.line]), [[0, s.threads[0].line]], 'Main\'s tag');
    await deadlock.screenshot({ path: path.join(shotDir, 'stepmode-deadlock.png') });
    await deadlock.context().close();
  });

  // Run ×100, then the bar's witness, watched in Replay.
  async function runHundred(target) {
    await click(target, 'Run x100');
    await target.waitForFunction(() => { const m = threadlab.state().many; return m.asked === 100 && !m.running; },
                                 null, { timeout: 60000 });
    await nextFrames(target);
    return (await state(target)).many;
  }

  await test('Run ×100 of race-condition (2 workers, sleep 0) shows outcomes 1 and 2; a bar replays its witness', async () => {
    const many = await runHundred(page);
    equal(many.outcomes.map((o) => o.outcome).sort(), [kLost, kKept], 'outcomes');
    equal(many.outcomes.reduce((sum, o) => sum + o.count, 0), 100, 'runs counted');
    await page.screenshot({ path: path.join(shotDir, 'stepmode-histogram.png') });
    // Bars are drawn in the outcomes' order by text: "got 1" first.
    const lost = many.outcomes.find((o) => o.outcome === kLost);
    const run = (await state(page)).run;
    await click(page, 'bar 0');
    await page.waitForFunction((r) => threadlab.state().run > r, run);
    const replay = await state(page);
    equal(replay.stepMode && replay.replaying, true, 'the bar opened a replay');
    await page.waitForFunction(() => threadlab.state().ended, null, { timeout: 30000 });
    const end = await result(page);
    equal(end.outcome, kLost, 'the replay\'s outcome');
    equal(end.schedule, lost.witness, 'the replay took the witness\'s steps');
  });

  await test('Run ×100 of lock (2 workers, sleep 0) shows only 2', async () => {
    const lock = await open('?lesson=lock&workers=2&updates=2&sleep=0');
    const many = await runHundred(lock);
    equal(many.outcomes.map((o) => o.outcome), [kKept], 'outcomes');
    await lock.context().close();
  });

  await test('a link with a schedule replays that run; a bad one is refused with a note and nothing runs', async () => {
    const witness = (await state(page)).many.outcomes.find((o) => o.outcome === kLost).witness;
    const shared = await open(`${kRace}&autorun=1&schedule=${witness}`);
    await shared.waitForFunction(() => threadlab.state().ended, null, { timeout: 30000 });
    equal((await result(shared)).outcome, kLost, 'the shared run\'s outcome');
    await shared.context().close();
    const bad = await open(`${kRace}&autorun=1&schedule=0x3.y`);
    await nextFrames(bad, 5);
    const s = await state(bad);
    equal(s.run, 0, 'runs started');
    check(/schedule must be thread numbers/.test(s.message), `message: ${s.message}`);
    await bad.context().close();
  });

  await test('the JS API: run() gives the schedule, run({schedule}) replays it, a bad one is refused', async () => {
    const [first, again, errors] = await page.evaluate(async () => {
      const params = { workers: 2, updates: 2, sleep: 0 };
      const first = await threadlab.run('race-condition', params, { speed: 50 });
      const again = await threadlab.run('race-condition', params, { schedule: first.schedule });
      const errors = [];
      for (const schedule of ['0x3.y', '', 5, '1.'.repeat(40000)])
        await threadlab.run('race-condition', params, { schedule }).catch((e) => errors.push([e.exitStatus, e.message]));
      return [first, again, errors];
    });
    check(/^[0-9x.]+$/.test(first.schedule), `schedule: ${first.schedule}`);
    equal(messages(again), messages(first), 'the replay\'s log');
    equal(again.schedule, first.schedule, 'the replay\'s schedule');
    equal(errors.length, 4, 'bad schedules refused');
    check(errors.every(([status]) => status === 2), JSON.stringify(errors));
    check(/got "0x3\.y"|0x3\.y/.test(errors[0][1]), errors[0][1]);
    check(/more than 65536/.test(errors[3][1]), errors[3][1]);
  });

  await test('the JS API: stepMode, step and undo drive the race to 1', async () => {
    const end = await page.evaluate(async (take) => {
      let s = await threadlab.stepMode('race-condition', { workers: 2, updates: 2, sleep: 0 }, { everyStep: false });
      const errors = [];
      await threadlab.step(7).catch((e) => errors.push(e.message));
      await threadlab.step(-1).catch((e) => errors.push(e.message));
      // Thread 1 takes a task, reads; Thread 2 reads; then both write.
      const go = async (thread, words) => {
        for (let i = 0; i < 50 && !(s.threads[thread] && s.threads[thread].next === words && s.threads[thread].canGo); i++) {
          const other = s.threads.findIndex((t, k) => t.canGo && (k === thread || !/^(read|write)/.test(t.next)));
          s = await threadlab.step(other);
        }
        s = await threadlab.step(thread);
      };
      await go(1, take);
      await go(1, 'read value (0)');
      await go(2, 'read value (0)');
      s = await threadlab.undo();
      const undone = s.threads[2].next;
      s = await threadlab.step(2);
      while (!s.ended) s = await threadlab.step(s.threads.findIndex((t) => t.canGo));
      return { errors, undone, outcome: s.outcome };
    }, kTakeTask);
    equal(end.errors.length, 2, `bad threads refused: ${end.errors}`);
    check(/no thread 7/.test(end.errors[0]), end.errors[0]);
    equal(end.undone, 'read value (0)', 'after undo, Thread 2 stands at its read again');
    equal(end.outcome, kLost, 'outcome');
  });

} finally {
  await endTests(browser, [server], consoleErrors);
}
