// The SCORM packages in a real browser against a real SCORM runtime: scorm-again (npm)
// plays the LMS in a page that hosts the package's launch page, as an LMS does, on a plain
// file server (no headers). For SCORM 1.2 and 2004: the learner wins a level by their own
// steps and the LMS records it (status, score, suspend data); a replayed win is not
// recorded; the learner leaves (session time recorded), comes back, and sees the level won.
//
//   node tests/web/scorm.mjs BUILD_DIR [SCREENSHOT_DIR]
//
// BUILD_DIR is the wasm build (build/wasm): scripts/scorm packages its site. Ends with
// "N passed, N failed".
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, clickControlIn, equal, endTests, launchChromium, root, siteDir, startProcess, stepAlong, test } from './harness.mjs';

const [buildDir, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
const site = buildDir && siteDir(buildDir);
if (!site) {
  console.error('usage: node tests/web/scorm.mjs BUILD_DIR [SCREENSHOT_DIR] (with the web app built)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

const kLevels = ['lose-an-update', 'prove-the-lock'];
// A shortest win of the first level (threadlab play lose-an-update --explore).
const kWin = '0x4.1.0x2.1x3.2x3.1.2x2';
const kLoad = 90000;  // ms: the frame loads the wasm and its worker pool on a software GPU

// ---- The packages, unpacked where the LMS serves them -------------------------------------
const lms = mkdtempSync(path.join(os.tmpdir(), 'threadlab-lms-'));
execFileSync(path.join(root, 'scripts/scorm'), ['--site', site, '--out', path.join(lms, 'zips'), ...kLevels], { stdio: 'inherit' });
for (const version of ['scorm12', 'scorm2004'])
  execFileSync('python3', ['-m', 'zipfile', '-e', path.join(lms, 'zips', `threadlab-${version}.zip`), path.join(lms, version)]);
copyFileSync(path.join(root, 'tests/web/node_modules/scorm-again/dist/scorm-again.js'), path.join(lms, 'scorm-again.js'));
// The LMS: its API object on its window (the launch page finds it by the parent walk), the
// package's launch page in a frame, and what it keeps between attempts.
// Every value the package set, as the LMS received it (the write-only ones, session time and
// exit, cannot be read back from the API).
writeFileSync(path.join(lms, 'lms.html'), `<!doctype html><title>LMS</title><link rel="icon" href="data:,">
<script src="scorm-again.js"></script>
<script>
let frame = null;
window.setValues = {};
window.launch = (version, saved) => {
  const settings = { autocommit: false, logLevel: 5 };
  const api = version === '1.2' ? (window.API = new Scorm12API(settings)) : (window.API_1484_11 = new Scorm2004API(settings));
  if (saved) api.loadFromJSON(saved);
  api.on(version === '1.2' ? 'LMSSetValue.cmi.*' : 'SetValue.cmi.*', (element, value) => { window.setValues[element] = value; });
  frame = document.createElement('iframe');
  frame.width = 1100; frame.height = 760;
  frame.src = (version === '1.2' ? 'scorm12' : 'scorm2004') + '/launch.html';
  document.body.append(frame);
};
window.leave = () => { frame.remove(); frame = null; };
</script>`);

const plain = await startProcess('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', lms, '0'],
                                 /port (\d+)/, { quiet: true });
const lmsUrl = `http://127.0.0.1:${plain.port}/lms.html`;
const browser = await launchChromium();
const consoleErrors = [];

// The cmi values an LMS stores, in each version's names.
const kRead = {
  '1.2': (api, set) => ({ status: api.cmi.core.lesson_status, raw: api.cmi.core.score.raw, suspend: api.cmi.suspend_data,
                          time: set['cmi.core.session_time'], exit: set['cmi.core.exit'] }),
  '2004': (api, set) => ({ completion: api.cmi.completion_status, success: api.cmi.success_status, raw: api.cmi.score.raw,
                           scaled: api.cmi.score.scaled, suspend: api.cmi.suspend_data, time: set['cmi.session_time'],
                           exit: set['cmi.exit'] }),
};
async function recorded(page, version) {
  return page.evaluate(({ version, read }) => {
    const api = version === '1.2' ? window.API : window.API_1484_11;
    return new Function('api', 'set', `return (${read})(api, set)`)(api, window.setValues);
  }, { version, read: kRead[version].toString() });
}
// What a returning learner's LMS hands the next attempt.
function kept(version, values) {
  return version === '1.2'
    ? { suspend_data: values.suspend, core: { lesson_status: values.status, entry: 'resume', score: { raw: values.raw } } }
    : { suspend_data: values.suspend, completion_status: values.completion, success_status: values.success, entry: 'resume' };
}

async function launch(version, saved) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 860 } });  // a new device: no localStorage
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  await page.goto(lmsUrl);
  await page.evaluate(({ version, saved }) => window.launch(version, saved), { version, saved });
  const launchFrame = await (await page.waitForSelector('iframe')).contentFrame();
  await launchFrame.waitForSelector('#lesson');
  return { context, page, launchFrame, lesson: await lessonFrame(page) };
}
// The ThreadLab frame inside the launch page, once it is up (`wanted`: its address says so).
async function lessonFrame(page, wanted = /./) {
  for (const started = Date.now(); Date.now() - started < kLoad; await page.waitForTimeout(200)) {
    const frame = page.frames().find((each) => each.url().includes('/threadlab/index.html') && wanted.test(each.url()));
    if (frame && await frame.evaluate(() => !!window.threadlab && threadlab.state().ready).catch(() => false)) return frame;
  }
  throw new Error('the lesson frame did not start');
}

// The learner leaves: the LMS removes the frame, and the package ends its session.
async function leave(page, version) {
  await page.evaluate(() => window.leave());
  await page.waitForFunction((version) => (version === '1.2' ? window.API : window.API_1484_11).isTerminated(), version);
  return recorded(page, version);
}

await test('each package\'s manifest names its SCORM version and lists every file it holds, no more', async () => {
  for (const [folder, schema] of [['scorm12', '1.2'], ['scorm2004', '2004 4th Edition']]) {
    const manifest = readFileSync(path.join(lms, folder, 'imsmanifest.xml'), 'utf8');
    equal(/<schemaversion>(.*)<\/schemaversion>/.exec(manifest)[1], schema, `${folder}: schema version`);
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((match) => match[1]).sort();
    const filesUnder = (dir) => readdirSync(path.join(lms, folder, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.posix.join(dir, entry.name)) : [path.posix.join(dir, entry.name)]);
    const held = filesUnder('').filter((name) => name !== 'imsmanifest.xml').sort();
    equal(listed, held, `${folder}: files listed`);
    check(manifest.includes('href="launch.html"') && listed.includes('threadlab/index.html'), `${folder}: launch page and site`);
  }
});

for (const version of ['1.2', '2004']) {
  let saved = null;
  await test(`SCORM ${version}: a win by the learner's steps is recorded; a replayed one is not`, async () => {
    const { context, page, launchFrame, lesson } = await launch(version, null);
    let now = await recorded(page, version);
    equal(now.raw, '0', 'score at the start');
    equal(version === '1.2' ? now.status : now.completion, 'incomplete', 'status at the start');
    equal(await lesson.evaluate(() => threadlab.state().challenge.level), kLevels[0], 'the level shown');

    // The answer replayed from a link: the goal is met, but the learner did not earn it.
    await lesson.evaluate((win) => { location.search = location.search.replace(/speed=[^&]*/, 'speed=50') + `&schedule=${win}&autorun=1`; }, kWin);
    const replay = await lessonFrame(page, /schedule=/);
    await replay.waitForFunction(() => threadlab.state().challenge.result.seq > 0, null, { timeout: 30000 });
    equal(await replay.evaluate(() => threadlab.state().challenge.result.won), false, 'a replay is not a win');
    now = await recorded(page, version);
    equal(now.raw, '0', 'score after a replayed win');

    await replay.evaluate(() => threadlab.selectLevel('lose-an-update'));
    await stepAlong(replay, kWin);
    await launchFrame.waitForFunction(() => /1 of 2 levels won/.test(document.getElementById('record').textContent), null, { timeout: 10000 });
    now = await recorded(page, version);
    equal(now.raw, '50', 'score: one level of two');
    equal(now.suspend, 'won:lose-an-update', 'suspend data');
    if (version === '1.2') equal(now.status, 'incomplete', 'status with a level left');
    else equal([now.completion, now.success, now.scaled], ['incomplete', 'unknown', '0.5'], 'completion, success, scaled');
    await page.screenshot({ path: path.join(shotDir, `scorm-${version}-won.png`) });

    now = await leave(page, version);
    check(version === '1.2' ? /^\d\d:\d\d:\d\d/.test(now.time) : /^PT\d+H\d+M\d+S$/.test(now.time), `session time: ${now.time}`);
    equal(now.exit, 'suspend', 'exit: the learner may come back');
    console.log(`SCORM ${version} after one attempt: ${JSON.stringify(now)}`);
    saved = kept(version, now);
    await context.close();
  });

  await test(`SCORM ${version}: a returning learner sees the level won; the last level passes the course`, async () => {
    check(saved, 'no first attempt to return to');
    const { context, page, launchFrame, lesson } = await launch(version, saved);
    const buttons = await launchFrame.$$eval('#levels button', (all) => all.map((b) => ({ text: b.textContent, won: b.classList.contains('won') })));
    equal(buttons.map((b) => b.won), [true, false], 'marks after the return');
    equal(await lesson.evaluate(() => threadlab.state().challenge.level), kLevels[1], 'the level not won yet is shown');
    // The learner proves the second level with the explorer's button, then the course is passed.
    await lesson.evaluate(() => threadlab.selectLevel('prove-the-lock'));
    await clickControlIn(page, lesson, 'Explore every interleaving');
    await launchFrame.waitForFunction(() => /2 of 2 levels won/.test(document.getElementById('record').textContent), null, { timeout: 60000 });
    const now = await recorded(page, version);
    equal(now.raw, '100', 'score');
    equal(now.suspend, 'won:lose-an-update,prove-the-lock', 'suspend data');
    if (version === '1.2') equal(now.status, 'passed', 'status');
    else equal([now.completion, now.success, now.scaled], ['completed', 'passed', '1'], 'completion, success, scaled');
    await page.screenshot({ path: path.join(shotDir, `scorm-${version}-passed.png`) });
    const left = await leave(page, version);
    equal(left.exit, version === '1.2' ? 'logout' : 'normal', 'exit once passed');
    console.log(`SCORM ${version} after the last level: ${JSON.stringify(left)}`);
    await context.close();
  });
}

await endTests(browser, [plain.process], consoleErrors);
