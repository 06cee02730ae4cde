// Browser end-to-end test of the web playground, in Debian's Chromium through playwright-core.
//
//   node tests/web/e2e.mjs BUILD_DIR CLI [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm: its site/ is served), CLI the native
// `threadlab` binary (build/native/cli/threadlab): each lesson's log through the page's JS
// API is checked against the CLI's for the same parameters. Screenshots go to
// SCREENSHOT_DIR (default build/screenshots). Ends with "N passed, N failed"; exits 1 on
// any failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, equal, endTests, launchChromium, openPage as openIn, root, siteDir, startServer, test, uncoveredLessons } from './harness.mjs';
import { pngStats } from './png.mjs';

const [buildDir, cli, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!buildDir || !cli) {
  console.error('usage: node tests/web/e2e.mjs BUILD_DIR CLI [SCREENSHOT_DIR]');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error(`e2e: the reference CLI ${cli} is missing: build it first (cmake --workflow --preset native)`);
  process.exit(2);
}
const site = siteDir(buildDir);
if (!site) {
  console.error(`e2e: ${buildDir}/site/index.html is missing: build the web app first`);
  process.exit(2);
}

// ---- The CLI as the reference ------------------------------------------------------------
const maskClock = (line) => line.replace(/^\d\d:\d\d:\d\d: /, '');
function runCli(id, params, speed) {
  const args = ['run', id, '--speed', String(speed), '--format', 'text'];
  for (const [name, value] of Object.entries(params)) args.push('--set', `${name}=${value}`);
  let out;
  try {
    out = execFileSync(cli, args, { encoding: 'utf8', timeout: 60000 });
  } catch (error) {
    if (error.status !== 3 && error.status !== 1) throw error;  // 3: deadlock, 1: raised; log on stdout
    out = error.stdout;
  }
  const lines = out.split('\n').filter(Boolean);
  const result = { log: [], outcome: '', deadlock: '' };
  for (const line of lines) {
    if (line.startsWith('=> ')) result.outcome = line.slice(3);
    else if (line.startsWith('Deadlock: ')) result.deadlock = line.slice(10);
    else result.log.push(maskClock(line));
  }
  return result;
}
const sorted = (lines) => [...lines].sort();

// ---- The server and the browser ------------------------------------------------------------
const { server, url } = await startServer(site);
const browser = await launchChromium();
const consoleErrors = [];
const openPage = (query = '', viewport = { width: 1280, height: 800 }) =>
  openIn(browser, url + query, consoleErrors, { viewport });
const frame = (page) => page.evaluate(() => threadlab.state().frame);
// Not frozen: the page goes on drawing. Not a frame rate: a busy machine may draw slowly.
async function framesKeepComing(page, what) {
  const before = await frame(page);
  const drew = await page.waitForFunction((n) => threadlab.state().frame > n, before + 2,
    { timeout: 10000 }).then(() => true, () => false);
  check(drew, `${what}: the page keeps drawing (3 more frames within 10 s)`);
}
const run = (page, id, params, speed) =>
  page.evaluate(([id, params, speed]) => threadlab.run(id, params, { speed }), [id, params, speed]);
// A rejected run() as {message, exitStatus}, or null when it did not reject.
const runError = (page, id, params, options = {}) =>
  page.evaluate(([id, params, options]) => threadlab.run(id, params, options).then(
    () => null, (error) => ({ message: error.message, exitStatus: error.exitStatus })), [id, params, options]);

// ---- What each lesson must show --------------------------------------------------------------
// Speeds keep every wait of a lesson at 100 ms or more of wall time: starting a thread on the
// web takes a turn of the browser's main thread (up to 40 ms with a software GPU).
const kLessons = {
  'thread': { params: {}, speed: 20, order: 'exact' },
  'daemon': { params: {}, speed: 20, order: 'exact' },
  'multiple-threads': { params: {}, speed: 20, order: 'same lines' },
  'thread-pool': { params: {}, speed: 20, order: 'same lines' },
  'race-condition': { params: { workers: 2, updates: 2, sleep: 5 }, speed: 20, order: 'same lines',
    check: (web) => {
      check(web.log.includes('Testing update. Ending value is 1.'), 'two workers without a lock lose one update (ending value 1)');
      equal(web.outcome, 'expected 2, got 1: one update was lost', 'outcome');
    } },
  'lock': { params: { workers: 3, updates: 6 }, speed: 20, order: 'same lines',
    check: (web) => check(web.log.includes('Testing update. Ending value is 6.'), 'with the lock no update is lost (ending value 6)') },
  'deadlock': { params: {}, speed: 20, order: 'exact', exitStatus: 3 },
  'rlock': { params: {}, speed: 20, order: 'exact', exitStatus: 1 },
  'semaphore': { params: {}, speed: 20, order: 'none',
    check: (web) => {
      let held = 0, most = 0;
      for (const line of web.log) {
        if (/got a permit/.test(line)) most = Math.max(most, ++held);
        if (/giving the permit back/.test(line)) held--;
      }
      check(most <= 3 && most > 0, `at most 3 permits held at once, saw ${most}`);
      check(web.log.some((line) => /every thread got through/.test(line)), 'every thread got through');
    } },
  'timer': { params: {}, speed: 50, order: 'exact' },
  'barrier': { params: {}, speed: 20, order: 'same lines',
    check: (web) => {
      const firstPass = web.log.findIndex((line) => /passed the barrier/.test(line));
      const lastWait = web.log.map((line) => /waiting at the barrier/.test(line)).lastIndexOf(true);
      check(firstPass > lastWait, 'nobody passes the barrier before the last thread arrives');
    } },
  'condition': { params: { recheck: false }, speed: 20, order: 'none', exitStatus: 1,
    check: (web) => {
      // Both consumers wait for the first item; with `if`, the one woken second finds none.
      equal(web.log.filter((l) => /: took item 1$/.test(l)).length, 1, 'one consumer takes item 1');
      equal(web.log.filter((l) => /^Exception in thread Consumer \d: IndexError: pop from empty list$/.test(l)).length,
        1, 'the other pops from an empty shelf');
    } },
  'producer-consumer-lock': { params: {}, speed: 20, order: 'same lines',
    check: (web) => {
      const made = web.log.filter((l) => /Producer got/.test(l)).map((l) => l.split(': ').pop());
      const stored = web.log.filter((l) => /Consumer storing/.test(l)).map((l) => l.split(': ').pop());
      equal(stored, made, 'the consumer stores every message, in order');
    } },
  'producer-consumer-queue': { params: {}, speed: 5, order: 'none',
    check: (web) => {
      const made = web.log.filter((l) => /Producer \d+ got/.test(l)).map((l) => / (\d+)$/.exec(l)[1]);
      const stored = web.log.filter((l) => /Consumer \d+ storing/.test(l)).map((l) => /message: (\d+)/.exec(l)[1]);
      check(made.length > 0, 'the producer made messages');
      equal(stored, made.slice(0, stored.length), 'one producer, one consumer: stored in the order made');
    } },
  'dining-philosophers': { params: {}, speed: 20, order: 'same lines', exitStatus: 3,
    check: (web) => {
      // Each pauses holding the left fork: both hold one, each waits for the other's.
      equal(web.log.filter((l) => /: took fork \d$/.test(l)).length, 2, 'one fork each');
      check(/Philosopher 0 waits for Lock 'fork 1' held by Philosopher 1/.test(web.deadlock), `deadlock: ${web.deadlock}`);
    } },
  'lost-wakeup': { params: {}, speed: 20, order: 'exact', exitStatus: 3,
    check: (web) => check(!web.log.includes('Consumer: got the signal'), 'the notify came first and was lost') },
  'semaphore-leak': { params: {}, speed: 3, order: 'none',
    check: (web) => {
      // The visitor turned away gives a permit back all the same, and is in 0.3 s later.
      let inside = 0, most = 0;
      for (const line of web.log) {
        if (/: in the room$/.test(line)) most = Math.max(most, ++inside);
        if (/: leaving the room$/.test(line)) inside--;
      }
      equal(most, 2, 'two visitors in the room at once with one permit');
      check(web.log.some((l) => /the door's permits: 1 at the start, 2 now$/.test(l)), 'the door ends with 2 permits');
    } },
  'check-outside-lock': { params: { sleep: 2 }, speed: 20, order: 'none', exitStatus: 1,
    check: (web) => {
      // Both see the one item before either takes it; the second to take it finds none.
      equal(web.log.filter((l) => /: sees an item$/.test(l)).length, 2, 'both consumers see the item');
      equal(web.log.filter((l) => /: took item 0$/.test(l)).length, 1, 'one takes it');
      equal(web.log.filter((l) => /^Exception in thread Consumer \d: IndexError: pop from empty list$/.test(l)).length,
        1, 'the other pops from an empty list');
    } },
  'check-then-act': { params: { threads: 3, work: 5, test_and_set: true }, speed: 20, order: 'none',
    check: (web) => {
      // TryAcquire looks and takes in one step: the others find the lock held and give up.
      equal(web.log.filter((l) => /: in the critical section$/.test(l)).length, 1, 'one thread gets in');
      equal(web.log.filter((l) => /: busy, giving up$/.test(l)).length, 2, 'the other two give up');
    } },
  'narrow-lock': { params: { think: 5 }, speed: 20, order: 'none',
    check: (web) => {
      // Both check while the first thinks between its two locked blocks: both withdraw.
      equal(web.log.filter((l) => /: balance 100 covers 100$/.test(l)).length, 2, 'both checks pass');
      check(web.log.includes('Ending balance is -100.'), 'the balance ends at -100');
      equal(web.outcome, '2 withdrawals of 100 from 100: the balance went below zero: -100', 'outcome');
    } },
};

// ---- The tests ----------------------------------------------------------------------------
let page;
try {
  await test('the page loads cross-origin isolated and threadlab.ready resolves', async () => {
    page = await openPage();
    check(await page.evaluate(() => crossOriginIsolated), 'crossOriginIsolated is false');
    await framesKeepComing(page, 'after ready');
  });
  if (!page) throw new Error('the page did not load: the other tests cannot run');

  await test('lessons() lists the CLI\'s lessons in seed order, with their parameters', async () => {
    const lessons = await page.evaluate(() => threadlab.lessons());
    const listed = execFileSync(cli, ['list'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split('\t'));
    equal(lessons.map((l) => [l.id, l.title]), listed, 'ids and titles');
    equal(uncoveredLessons(kLessons, lessons.map((l) => l.id)), [], 'kLessons, what each lesson must show');
    const race = lessons.find((l) => l.id === 'race-condition');
    equal(race.params.find((p) => p.name === 'workers').kind, 'integer', 'race-condition workers kind');
  });

  await test('limits() gives the core\'s own bounds, the ones the CLI enforces', async () => {
    const limits = await page.evaluate(() => threadlab.limits());
    equal([limits.minSpeed, limits.maxSpeed, limits.maxThreads], [0.01, 1000, 64], 'speeds and threads');
    const status = limits.exitStatus;
    equal([status.ran, status.raised, status.usage, status.deadlock, status.stopped], [0, 1, 2, 3, 130], 'exit statuses');
    const refused = spawnSync(cli, ['run', 'thread', '--speed', String(limits.maxSpeed * 2)], { encoding: 'utf8' });
    equal(refused.status, status.usage, 'the CLI\'s exit status for a speed over maxSpeed');
    check(refused.stderr.includes(`from ${limits.minSpeed} to ${limits.maxSpeed}`), `the CLI's message: ${refused.stderr}`);
  });

  for (const [id, spec] of Object.entries(kLessons)) {
    await test(`${id}: runs to the end through the JS API, and its log matches the CLI's`, async () => {
      const web = await run(page, id, spec.params, spec.speed);
      web.log = web.log.map(maskClock);
      equal(web.exitStatus, spec.exitStatus ?? 0, `exitStatus (status ${web.status}, outcome "${web.outcome}")`);
      const reference = runCli(id, spec.params, spec.speed);
      if (spec.order === 'exact') equal(web.log, reference.log, 'log');
      if (spec.order === 'same lines') equal(sorted(web.log), sorted(reference.log), 'log lines (any order)');
      if (reference.deadlock) equal(web.deadlock, reference.deadlock, 'deadlock');
      else if (spec.order === 'exact') equal(web.outcome, reference.outcome, 'outcome');
      if (spec.check) spec.check(web);
      check(web.outcome.length > 0, 'the run says what it showed (outcome)');
    });
  }

  await test('deadlock: reported with who waits for what; stop() recovers and the next lesson runs', async () => {
    const web = await run(page, 'deadlock', {}, 20);
    equal(web.exitStatus, 3, 'exitStatus');
    equal(web.deadlock, "Main waits for Lock 'l' held by Main", 'deadlock');
    const state = await page.evaluate(() => threadlab.state());
    equal([state.status, state.running], ['deadlocked', false], 'state while deadlocked');
    await framesKeepComing(page, 'while deadlocked');
    const stopped = await page.evaluate(() => threadlab.stop());
    check(stopped.done, 'the deadlocked run ended after stop()');
    await framesKeepComing(page, 'after stop()');
    const next = await run(page, 'thread', {}, 20);
    equal([next.status, next.exitStatus], ['finished', 0], 'the next lesson');
  });

  await test('stop() ends a long run at once: it resolves as stopped (exit status 130)', async () => {
    const result = page.evaluate(() => threadlab.run('timer', { delay: 120 }, { speed: 1 }));
    await page.waitForTimeout(300);
    equal((await page.evaluate(() => threadlab.state())).running, true, 'running before stop()');
    const started = Date.now();
    await page.evaluate(() => threadlab.stop());
    const web = await result;
    equal([web.status, web.exitStatus], ['stopped', 130], 'status and exitStatus');
    check(Date.now() - started < 2000, `stop() took ${Date.now() - started} ms`);
  });

  await test('bad input is refused with a message that names the problem, and nothing breaks', async () => {
    const cases = [
      ['nope', {}, {}, /unknown lesson 'nope'/],
      ['race-condition', { workers: 99 }, {}, /workers must be between 1 and 32, got 99/],
      ['race-condition', { workers: 'five' }, {}, /workers must be an integer/],
      ['race-condition', { workers: 1.5 }, {}, /workers must be an integer/],
      ['race-condition', { bogus: 1 }, {}, /unknown parameter 'bogus'/],
      ['race-condition', { workers: null }, {}, /workers must be a number/],
      ['thread', { join: 'maybe' }, {}, /join must be true or false/],
      ['race-condition', {}, { speed: 0 }, /speed must be a number from 0.01 to 1000/],
      ['race-condition', {}, { speed: 5000 }, /from 0\.01 to 1000, got 5000/],
    ];
    for (const [id, params, options, pattern] of cases) {
      const error = await runError(page, id, params, options);
      check(error, `run(${JSON.stringify(id)}, ${JSON.stringify(params)}, ${JSON.stringify(options)}) did not reject`);
      check(pattern.test(error.message), `message "${error.message}" does not match ${pattern}`);
      equal(error.exitStatus, 2, `exitStatus of "${error.message}"`);
    }
    const selectError = await page.evaluate(() => { try { threadlab.select('nope'); return null; } catch (e) { return e.message; } });
    check(/unknown lesson 'nope'/.test(selectError || ''), `select('nope'): ${selectError}`);
    await framesKeepComing(page, 'after bad input');
    const good = await run(page, 'lock', {}, 20);
    equal(good.exitStatus, 0, 'a good run after bad input');
  });

  await test('a run of 49 threads (more than the worker pool) finishes while frames keep coming', async () => {
    const result = page.evaluate(() => threadlab.run('semaphore', { permits: 32, threads: 48, hold: 5 }, { speed: 20 }));
    await framesKeepComing(page, 'while 49 threads start');
    const web = await result;
    equal([web.status, web.exitStatus], ['finished', 0], 'status');
    check(web.log.some((l) => /every thread got through/.test(l)), 'every thread got through');
  });

  await test('the keyboard reaches the app: Ctrl+Enter runs the lesson shown, Escape stops it', async () => {
    await page.evaluate(() => threadlab.select('timer'));
    const before = (await page.evaluate(() => threadlab.state())).run;
    await page.mouse.move(640, 400);
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction((before) => threadlab.state().run > before, before, { timeout: 5000 });
    equal((await page.evaluate(() => threadlab.state())).running, true, 'running after Ctrl+Enter');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => threadlab.state().done, null, { timeout: 5000 });
    equal((await page.evaluate(() => threadlab.state())).status, 'stopped', 'status after Escape');
  });

  await test('a mouse click on Run (top left, after the title) starts the lesson shown', async () => {
    await page.evaluate(() => threadlab.select('thread'));
    const before = (await page.evaluate(() => threadlab.state())).run;
    await page.mouse.click(135, 19);
    await page.waitForFunction((before) => threadlab.state().run > before, before, { timeout: 5000 });
    await page.waitForFunction(() => threadlab.state().done, null, { timeout: 10000 });
    equal((await page.evaluate(() => threadlab.state())).status, 'finished', 'status');
  });

  await test('select() shows a lesson, and a link presets the lesson and its values', async () => {
    await page.evaluate(() => threadlab.select('barrier'));
    equal((await page.evaluate(() => threadlab.state())).lesson, 'barrier', 'selected lesson');
    const linked = await openPage('?lesson=race-condition&workers=5&updates=5');
    const state = await linked.evaluate(() => threadlab.state());
    equal([state.lesson, state.params.workers, state.params.updates, state.running],
          ['race-condition', 5, 5, false], 'lesson, workers, updates, running');
    await linked.close();
  });

  await test('a link with bad values still opens its lesson: they keep their defaults, the page says why, nothing autoruns', async () => {
    const linked = await openPage('?lesson=race-condition&workers=999&updates=3&sleep=soon&speed=-3&autorun=1');
    const state = await linked.evaluate(() => threadlab.state());
    equal([state.lesson, state.params.workers, state.params.updates, state.params.sleep, state.speed, state.run],
          ['race-condition', 2, 3, 0.1, 0.05, 0], 'lesson, workers, updates, sleep, speed (the lesson\'s pace), runs');
    for (const problem of ['workers must be between 1 and 32, got 999', "sleep must be a number, got 'soon'",
                          'speed must be a number from 0.01 to 1000'])
      check(state.message.includes(problem), `the status line "${state.message}" does not say "${problem}"`);
    await linked.close();
  });

  await test('a clean link with autorun=1 runs its lesson with its values', async () => {
    const linked = await openPage('?lesson=lock&workers=3&updates=3&speed=50&autorun=1');
    await linked.waitForFunction(() => threadlab.state().done, null, { timeout: 10000 });
    const state = await linked.evaluate(() => threadlab.state());
    equal([state.runLesson, state.status, state.speed, state.message], ['lock', 'finished', 50, ''], 'lesson, status, speed, message');
    check(state.outcome.includes('got 3'), `outcome: ${state.outcome}`);
    await linked.close();
  });

  await test('the learner\'s path: Race Conditions with 5 workers shows five lanes and "Ending value is 1"; screenshots are not blank', async () => {
    mkdirSync(shotDir, { recursive: true });
    for (const [width, height] of [[1280, 800], [800, 600]]) {
      const shot = await openPage('', { width, height });
      await shot.evaluate(() => threadlab.select('race-condition'));
      // A wide window (1.25 s of wall time), so that five threads start inside it even on a
      // software GPU, where each start waits for a frame of the page.
      const web = await shot.evaluate(() => threadlab.run('race-condition', { workers: 5, updates: 5, sleep: 5 }, { speed: 4 }));
      check(web.log.some((l) => /Ending value is 1\.$/.test(l)), `ending value: ${web.log.at(-1)}`);
      const state = await shot.evaluate(() => threadlab.state());
      equal(state.threads.filter((t) => /ThreadPoolExecutor/.test(t.name)).length, 5, 'worker lanes');
      await shot.waitForTimeout(300);
      const file = path.join(shotDir, `web-${width}x${height}.png`);
      const stats = pngStats(await shot.screenshot({ path: file }));
      check(stats.colors > 50 && stats.spread > 40, `${file} looks blank (${JSON.stringify(stats)})`);
      await shot.close();
    }
  });

} finally {
  await endTests(browser, [server], consoleErrors);
}
