// Predict, then reveal, in Chromium, in the threads build and in the threadless one
// (build=fibers), with the mouse as a learner uses it: on the race at 2
// workers × 2 updates, sleep 0, Predict opens its window and works out the endings (as many
// interleavings as the CLI's explore counts); the learner ticks a wrong guess (the value only
// ends at 2, and a deadlock may come), reveals, reads "ending value: 1" among what they
// missed, follows its Replay, and watches that run end with Ending value 1. A value changed
// makes the question stale, and Ask again asks about the values shown. The JS API's predict,
// tick and reveal are checked last, bad input first.
// window.threadlab only reads what happened (and finds where the canvas drew each control).
//
//   node tests/web/predict.mjs BUILD_DIR CLI [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm), CLI the native threadlab, the reference for the
// count of interleavings. Screenshots go to SCREENSHOT_DIR (default build/screenshots).
// Ends with "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { check, clickControl, equal, endTests, launchChromium, nextFrames, openPage, root, siteDir, startServer, test } from './harness.mjs';

const [buildDir, cli, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site || !cli) {
  console.error('usage: node tests/web/predict.mjs BUILD_DIR CLI [SCREENSHOT_DIR] (with the web app built)');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error(`predict: the reference CLI ${cli} is missing: build it first (cmake --workflow --preset native)`);
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

const kValues = ['--set', 'workers=2', '--set', 'updates=2', '--set', 'sleep=0'];
const kQuery = '?lesson=race-condition&workers=2&updates=2&sleep=0&speed=50';
const kPatience = 300000;  // ms: how long a broken build may take to fail, not a timing

const { server, url } = await startServer(site);
const browser = await launchChromium();
const consoleErrors = [];

const state = (page) => page.evaluate(() => threadlab.state());
const prediction = async (page) => (await state(page)).prediction;
// The mouse out of the way first: no tooltip over what the picture is of.
async function shot(page, name) {
  await page.mouse.move(2, page.viewportSize().height - 2);
  await nextFrames(page);
  await page.screenshot({ path: path.join(shotDir, `predict-${name}.png`) });
}
// What every interleaving of the race at these values shows, as the CLI counts it.
const explored = Number(/^(\d+) interleavings/.exec(
  execFileSync(cli, ['explore', 'race-condition', ...kValues], { encoding: 'utf8' }))[1]);

try {
  for (const build of ['threads', 'fibers']) {
    const query = `${kQuery}&build=${build}`;
    const suffix = build === 'threads' ? '' : '-fibers';  // of the screenshots' names
    const page = await openPage(browser, url + query, consoleErrors);

    await test(`${build}: Predict opens its window and works out every interleaving, as many as the CLI explores`, async () => {
      equal((await state(page)).build, build, 'the build');
      await clickControl(page, 'Predict');
      const asked = await prediction(page);
      check(asked.open, 'the Predict window is open');
      equal([asked.lesson, asked.current, asked.revealed], ['race-condition', true, false], 'the question');
      if (asked.working) await shot(page, `working${suffix}`);
      await page.waitForFunction(() => !threadlab.state().prediction.working, null, { timeout: kPatience });
      const answered = await prediction(page);
      equal(answered.error, '', 'error');
      equal([answered.runs, answered.complete], [explored, true], 'interleavings explored');
      equal(answered.candidates.map((each) => each.label),
            ['ending value: 0', 'ending value: 1', 'ending value: 2', 'ending value: 3', 'deadlock', 'an exception'],
            'the candidates');
      await nextFrames(page);
      await shot(page, `question${suffix}`);
    });

    await test(`${build}: a wrong guess revealed: ending value: 1 was missed, a deadlock never happens, 4 of 6 right`, async () => {
      await clickControl(page, 'ending ending_value=2');
      await clickControl(page, 'ending deadlock');
      equal((await prediction(page)).candidates.filter((each) => each.ticked).map((each) => each.id),
            ['ending_value=2', 'deadlock'], 'ticked');
      await clickControl(page, 'Reveal');
      const revealed = await prediction(page);
      check(revealed.revealed, 'revealed');
      const { result } = revealed;
      equal([result.seq, result.lesson], [1, 'race-condition'], 'the record');
      equal(result.predicted, ['ending value: 2', 'deadlock'], 'predicted');
      equal(result.actual, ['ending value: 1', 'ending value: 2'], 'actual');
      equal(result.missed, ['ending value: 1'], 'missed');
      equal(result.wrong, ['deadlock'], 'wrong');
      equal([result.right, result.of], [4, 6], 'score');
      await shot(page, `revealed${suffix}`);
    });

    await test(`${build}: the missed ending's Replay watches a run that ends with Ending value 1`, async () => {
      const before = (await state(page)).run;
      await clickControl(page, 'Replay ending_value=1');
      const watching = await state(page);
      check(watching.run > before && watching.replaying, `a replay started: ${watching.message}`);
      await page.waitForFunction(() => threadlab.state().done, null, { timeout: kPatience });
      const ended = await state(page);
      equal(ended.outcome, 'expected 2, got 1: one update was lost', 'outcome');
      const { log } = await page.evaluate(() => JSON.parse(Module.ccall('tl_result', 'string', [], [])));
      check(log.at(-1).endsWith('Testing update. Ending value is 1.'), `the log's last line: ${log.at(-1)}`);
      await nextFrames(page);
      await shot(page, `replayed${suffix}`);
    });

    await test(`${build}: a value changed makes the question stale; Ask again asks about the values shown`, async () => {
      check(!(await prediction(page)).open, 'the window made way for the replay');
      await clickControl(page, 'Predict');  // the same question: its reveal again, not a new guess
      const reopened = await prediction(page);
      equal([reopened.open, reopened.revealed, reopened.result.seq], [true, true, 1], 'reopened');
      const field = (await page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0]))))
        .fields.find((each) => each.name === 'lock');
      await page.mouse.click(field.x + field.w / 2, field.y + field.h / 2, { delay: 40 });
      await nextFrames(page);
      equal((await state(page)).params.lock, true, 'lock after a click on its box');
      const stale = await prediction(page);
      equal([stale.current, stale.revealed], [false, true], 'the revealed question, about other values');
      await shot(page, `stale${suffix}`);
      await clickControl(page, 'Ask again');
      await page.waitForFunction(() => !threadlab.state().prediction.working, null, { timeout: kPatience });
      const again = await prediction(page);
      equal([again.current, again.revealed, again.result.seq], [true, false, 1], 'a new question; the last reveal kept');
    });

    await test(`${build}: the JS API: predict, tick and reveal, bad input refused with the reason`, async () => {
      const refusal = (body) => page.evaluate(async (body) => {
        try { await new Function(`return ${body}`)(); return null; } catch (error) { return [error.message, error.exitStatus]; }
      }, body);
      await page.evaluate(() => threadlab.select('lock'));
      const asked = await page.evaluate(() => threadlab.predict());
      equal([asked.lesson, asked.working, asked.complete], ['lock', false, true], 'predict() resolves once worked out');
      equal(await refusal('threadlab.tick(42)'), ['the ending id must be a string, got 42', 2], 'a number');
      equal(await refusal(`threadlab.tick('${'x'.repeat(100)}')`), ['the ending id is 100 characters long, more than 64', 2], 'too long');
      equal(await refusal('threadlab.tick("ending_value=2", "yes")'), ['ticked must be true or false, got "yes"', 2], 'ticked');
      const [unknown] = await refusal('threadlab.tick("nope")');
      check(unknown.startsWith("no ending 'nope' among the candidates (ending_value="), unknown);
      const ticked = await page.evaluate(() => threadlab.tick('ending_value=2'));
      equal(ticked.candidates.filter((each) => each.ticked).map((each) => each.id), ['ending_value=2'], 'ticked');
      const revealed = await page.evaluate(() => threadlab.reveal());
      equal([revealed.result.seq, revealed.result.lesson, revealed.result.missed], [2, 'lock', []], 'the lock loses nothing');
      const [again] = await refusal('threadlab.reveal()');
      check(/revealed already/.test(again), again);
    });

    await test(`${build}: a compact embed with predict=1 opens with the question, and Run ×100 waits for the reveal`, async () => {
      const embed = await openPage(browser, `${url}${query}&view=compact&predict=1`, consoleErrors,
                                   { viewport: { width: 800, height: 500 } });
      await embed.waitForFunction(() => !threadlab.state().prediction.working, null, { timeout: kPatience });
      const opened = await state(embed);
      equal([opened.compact, opened.prediction.open, opened.prediction.pending], [true, true, true], 'the question, asked');
      await shot(embed, `compact${suffix}`);
      await clickControl(embed, 'Run x100');
      const refused = await state(embed);
      equal([refused.many.asked, refused.run], [0, 0], 'nothing ran');
      check(refused.message.startsWith('predict first: press Predict'), `the status line: ${refused.message}`);
      await shot(embed, `compact-refused${suffix}`);
      await clickControl(embed, 'ending ending_value=1');
      await clickControl(embed, 'ending ending_value=2');
      await clickControl(embed, 'Reveal');
      equal((await prediction(embed)).result.missed, [], 'nothing missed');
      await clickControl(embed, 'Run x100');
      await embed.waitForFunction(() => !threadlab.state().many.running && threadlab.state().many.done === 100,
                                  null, { timeout: kPatience });
      await shot(embed, `compact-revealed${suffix}`);
      await embed.close();
    });
    await page.close();
  }
} finally {
  await endTests(browser, [server], consoleErrors);
}
