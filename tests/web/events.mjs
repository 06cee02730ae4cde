// The events a course page grades by, in Chromium, in the threads build (an isolated course
// page) and in the threadless build (build=fibers, a course page with no headers, as where the
// browser gives a frame no threads): a compact level in a course page's frame tells its
// parent when the learner wins (threadlab:goal) and what Check my fix found (threadlab:check),
// and obeys threadlab:set-level; bad commands get an error event, and messages from a window
// or an origin it was not told to obey are ignored. Then the frame
// opens a lesson with predict=1: its runs wait for a prediction, and the reveal, made with
// the mouse, posts threadlab:prediction once.
//
//   node tests/web/events.mjs BUILD_DIR
//
// BUILD_DIR is the wasm build (build/wasm). Ends with "N passed, N failed".
import { check, clickControlIn, equal, endTests, launchChromium, siteDir, startPageServer, startServer, stepAlong, test, nextFrames } from './harness.mjs';

const [buildDir] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site) {
  console.error('usage: node tests/web/events.mjs BUILD_DIR (with the web app built)');
  process.exit(2);
}

const kLevel = 'lose-an-update';
const kWin = '0x4.1.0x2.1x3.2x3.1.2x2';  // a shortest win (threadlab play lose-an-update --explore)
const kLoad = 90000;
const kIsolating = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
// The documented fields of each event (web/messages.js), and no more.
const kFields = {
  'threadlab:goal': ['type', 'level', 'won', 'steps', 'schedule'],
  'threadlab:check': ['type', 'level', 'verdict', 'interleavings', 'parallelism', 'witness'],
  'threadlab:prediction': ['type', 'lesson', 'predicted', 'actual', 'missed'],
};

const { server: siteServer, url: siteUrl } = await startServer(site);
// The course page, at /?build=threads or /?build=fibers: isolated for the threads build, and
// headerless for the threadless one; its frames are told that build.
const { server: course, port } = await startPageServer({ '/': '' });
const courseOrigin = `http://localhost:${port}`;
course.removeAllListeners('request');
course.on('request', (request, response) => {
  const build = new URL(request.url, courseOrigin).searchParams.get('build');
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(build === 'threads' ? kIsolating : {}) });
  const level = `${siteUrl}?level=${kLevel}&view=compact&build=${build}`;
  response.end(`<!doctype html><title>Course</title>
<iframe name="graded" src="${level}&parent=${encodeURIComponent(courseOrigin)}" width="800" height="500" allow="cross-origin-isolated"></iframe>
<iframe name="other" src="${level}&parent=https://elsewhere.example" width="800" height="500" allow="cross-origin-isolated"></iframe>
<script>window.events = []; addEventListener('message', (e) => events.push({ origin: e.origin, data: e.data }));</script>`);
});

const browser = await launchChromium();
const consoleErrors = [];
const frameState = (frame) => frame.evaluate(() => threadlab.state());

for (const build of ['threads', 'fibers']) {
  const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${build}: ${message.text()}`); });
  await page.goto(`${courseOrigin}/?build=${build}`);
  const graded = page.frame({ name: 'graded' });
  const other = page.frame({ name: 'other' });
  for (const frame of [graded, other]) {
    await frame.waitForFunction(() => window.threadlab, null, { timeout: kLoad });
    await frame.evaluate(() => threadlab.ready);
  }
  const events = (type) => page.evaluate((type) => events.filter((e) => e.data.type === type).map((e) => e.data), type);
  const send = (message) => page.evaluate((message) => frames[0].postMessage(message, '*'), message);
  const levelShown = () => graded.evaluate(() => threadlab.state().challenge.level);

  await test(`${build}: ready names the level shown and the build; set-level picks another, and a bad one is refused by an error event`, async () => {
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:ready'));
    const [ready] = await events('threadlab:ready');
    equal([ready.level, ready.build, await graded.evaluate(() => threadlab.state().build)], [kLevel, build, build], 'ready: level, build; the frame\'s build');
    await send({ type: 'threadlab:set-level', level: 'prove-the-lock' });
    await graded.waitForFunction(() => threadlab.state().challenge.level === 'prove-the-lock');
    await send({ type: 'threadlab:set-level', level: 'no-such-level' });
    await send({ type: 'threadlab:set-level', level: 42 });
    await page.waitForFunction(() => events.filter((e) => e.data.type === 'threadlab:error').length >= 2);
    const errors = await events('threadlab:error');
    check(/^unknown level 'no-such-level' \(levels: lose-an-update, /.test(errors[0].message), `error: ${errors[0].message}`);
    check(/the level id must be a string, got 42/.test(errors[1].message), `error: ${errors[1].message}`);
    equal(await levelShown(), 'prove-the-lock', 'the level after two refused commands');
    await send({ type: 'threadlab:set-level', level: kLevel });
    await graded.waitForFunction((level) => threadlab.state().challenge.level === level, kLevel);
  });

  await test(`${build}: foreign windows and origins are ignored: the other frame obeys no one here, and a sibling is not a parent`, async () => {
    const before = await other.evaluate(() => threadlab.state().ignoredMessages);
    await page.evaluate(() => frames[1].postMessage({ type: 'threadlab:set-level', level: 'prove-the-lock' }, '*'));
    await graded.evaluate(() => parent.frames[1].postMessage({ type: 'threadlab:set-level', level: 'prove-the-lock' }, '*'));
    await other.waitForFunction((before) => threadlab.state().ignoredMessages === before + 2, before, { timeout: 3000 });
    equal(await other.evaluate(() => threadlab.state().challenge.level), kLevel, 'the other frame\'s level');
  });

  await test(`${build}: a win by the learner's steps posts one threadlab:goal with the winning schedule`, async () => {
    await stepAlong(graded, kWin);
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:goal'), null, { timeout: 10000 });
    await page.waitForTimeout(300);  // a second event would have come by now
    const goals = await events('threadlab:goal');
    equal(goals.length, 1, 'goal events');
    equal(Object.keys(goals[0]), kFields['threadlab:goal'], 'fields');
    equal([goals[0].level, goals[0].won, goals[0].schedule], [kLevel, true, kWin], 'goal');
    check(goals[0].steps > 10, `steps: ${goals[0].steps}`);
  });

  await test(`${build}: a click on Check my fix posts threadlab:check with the verdict and a replay of the break`, async () => {
    await graded.evaluate((level) => threadlab.selectLevel(level), kLevel);  // the level's code, no lock yet
    await nextFrames(graded);
    await clickControlIn(page, graded, 'Check my fix');
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:check'), null, { timeout: 120000 });
    const [checked] = await events('threadlab:check');
    equal(Object.keys(checked), kFields['threadlab:check'], 'fields');
    equal([checked.level, checked.verdict], [kLevel, 'refuted'], 'check');
    check(/^\?lesson=race-condition&.*&schedule=[0-9x.]+$/.test(checked.witness), `witness: ${checked.witness}`);
    check(JSON.stringify(checked).length < 6000, 'bounded');
    equal(await page.evaluate(() => [...new Set(events.map((e) => e.origin))]), [new URL(siteUrl).origin], 'event origins');
  });

  const predicting = `${siteUrl}?lesson=race-condition&workers=2&updates=2&sleep=0&speed=50&view=compact&predict=1&build=${build}`;

  await test(`${build}: predict=1: Run ×100, Run and the course page's run wait for a revealed prediction, and the frame says why`, async () => {
    await graded.goto(`${predicting}&parent=${encodeURIComponent(courseOrigin)}`);
    await graded.waitForFunction(() => window.threadlab, null, { timeout: kLoad });
    await graded.evaluate(() => threadlab.ready);
    await nextFrames(graded);
    let state = await frameState(graded);
    equal([state.prediction.required, state.prediction.pending, state.prediction.open], [true, true, true],
          'the question asked at once, its window open');
    await clickControlIn(page, graded, 'Run x100');
    await nextFrames(graded);
    state = await frameState(graded);
    equal([state.many.asked, state.run], [0, 0], 'Run ×100 and runs started');
    check(state.message.startsWith('predict first: press Predict'), `the status line: ${state.message}`);
    await clickControlIn(page, graded, 'Run');
    const errors = (await events('threadlab:error')).length;
    await send({ type: 'threadlab:run' });
    await page.waitForFunction((count) => events.filter((e) => e.data.type === 'threadlab:error').length > count, errors);
    const refused = (await events('threadlab:error')).pop();
    equal(refused.command, 'threadlab:run', 'the refused command');
    check(refused.message.startsWith('predict first'), `error: ${refused.message}`);
    equal((await frameState(graded)).run, 0, 'no run started');
  });

  await test(`${build}: a reveal made with the mouse posts one threadlab:prediction with exactly its documented fields`, async () => {
    await graded.waitForFunction(() => !threadlab.state().prediction.working, null, { timeout: 300000 });
    await nextFrames(graded);
    await clickControlIn(page, graded, 'ending ending_value=2');
    await nextFrames(graded);
    await clickControlIn(page, graded, 'Reveal');
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:prediction'), null, { timeout: 10000 });
    // Later events come after any second prediction event would have: a run, once it may start.
    await nextFrames(graded);
    await clickControlIn(page, graded, 'Run');
    await graded.waitForFunction(() => threadlab.state().run > 0);  // Run starts once revealed
    const { run } = await frameState(graded);
    await page.waitForFunction((run) => events.some((e) => e.data.type === 'threadlab:started' && e.data.run === run), run);
    const predictions = await events('threadlab:prediction');
    equal(predictions.length, 1, 'prediction events');
    equal(Object.keys(predictions[0]), kFields['threadlab:prediction'], 'fields');
    equal(predictions[0], { type: 'threadlab:prediction', lesson: 'race-condition', predicted: ['ending value: 2'],
                            actual: ['ending value: 1', 'ending value: 2'], missed: ['ending value: 1'] }, 'prediction');
    check(JSON.stringify(predictions[0]).length < 2000, 'bounded');
  });

  await test(`${build}: bad-shaped and foreign messages are ignored: no reveal, no run, nothing posted`, async () => {
    const before = await frameState(graded);
    const errors = (await events('threadlab:error')).length;
    const bad = [null, 'threadlab:run', ['threadlab:run'], { type: 42 }, { type: 'threadlab:reveal' },
                 { type: 'threadlab:prediction', lesson: 'race-condition', predicted: [], actual: [], missed: [] }];
    for (const message of bad) await send(message);
    // A sibling frame is no parent, whatever it sends.
    await other.evaluate(() => parent.frames[0].postMessage({ type: 'threadlab:run' }, '*'));
    await graded.waitForFunction((count) => threadlab.state().ignoredMessages === count,
                                 before.ignoredMessages + bad.length + 1, { timeout: 3000 });
    // The other frame obeys https://elsewhere.example alone: its parent's origin is foreign to it.
    const otherBefore = await frameState(other);
    await page.evaluate(() => frames[1].postMessage({ type: 'threadlab:run' }, '*'));
    await other.waitForFunction((count) => threadlab.state().ignoredMessages === count,
                                otherBefore.ignoredMessages + 1, { timeout: 3000 });
    const after = await frameState(graded);
    equal([after.run, after.prediction.result.seq], [before.run, before.prediction.result.seq], 'the frame, unmoved');
    equal((await frameState(other)).run, otherBefore.run, 'the other frame, unmoved');
    equal((await events('threadlab:error')).length, errors, 'error events');
    equal((await events('threadlab:prediction')).length, 1, 'prediction events');
  });

  await page.close();
}
await endTests(browser, [siteServer, course], consoleErrors);
