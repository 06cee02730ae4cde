// ThreadLab where learners are: the static site on a host that sends no headers, lessons
// embedded in course pages (a headerless one and a cross-origin isolated one) with the
// postMessage API, share links, the compact view; the threadless build where the browser gives
// no threads, with its badge's way to real threads; and the explanation where threads are
// forced (?build=threads) and impossible. Each host is a real HTTP server on its own local port; course pages are on
// http://localhost:PORT, the site on http://127.0.0.1:PORT: another site, as on the web.
//
//   node tests/web/hosting.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site).
// Ends with "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, clickControlIn, equal, endTests, launchChromium, startPageServer, startProcess, test, nextFrames } from './harness.mjs';
import { pngStats } from './png.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const [siteArg, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'index.html'))) {
  console.error('usage: node tests/web/hosting.mjs SITE_DIR [SCREENSHOT_DIR] (SITE_DIR/index.html must exist)');
  process.exit(2);
}
const siteDir = path.resolve(siteArg);
mkdirSync(shotDir, { recursive: true });

const kIsolating = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const kLoad = 90000;  // ms: a frame loads 1.1 MB of wasm and starts its worker pool on a software GPU

// ---- Servers: the site plain (a static host) and with headers (web/serve.py) -------------
const plain = await startProcess('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', siteDir, '0'],
                                 /port (\d+)/, { quiet: true });
const served = await startProcess('python3', [path.join(root, 'web/serve.py'), siteDir, '--port', '0'],
                                  /http:\/\/127\.0\.0\.1:(\d+)\//);
const plainSite = `http://127.0.0.1:${plain.port}/`;
const headerSite = `http://127.0.0.1:${served.port}/`;
const servers = [plain.process, served.process];

// A course page with two lessons in frames, and a record of the messages it receives.
function coursePage(frames) {
  const iframes = frames.map((src, i) =>
    `<iframe name="lesson${i}" src="${src}" width="800" height="500" allow="cross-origin-isolated; clipboard-write"></iframe>`);
  return `<!doctype html><title>Course</title><p>Week 3: threads.</p>${iframes.join('\n')}
<script>window.events = []; addEventListener('message', (e) => events.push({ origin: e.origin, data: e.data }));</script>`;
}
// `host`: 127.0.0.1 is the site's own site on another port; localhost is another site.
async function startCourse(frames, headers, host = 'localhost') {
  const { server, port } = await startPageServer({ '/': '' }, headers);
  const url = `http://${host}:${port}/`;
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
    response.end(coursePage(frames(url.slice(0, -1))));
  });
  servers.push(server);
  return url;
}

// ---- The browser --------------------------------------------------------------------------
const browser = await launchChromium(['--host-resolver-rules=MAP threadlab.test 127.0.0.1']);
const consoleErrors = [];
function watchConsole(page, where) {
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(`${where}: ${message.text()}`); });
  page.on('pageerror', (error) => consoleErrors.push(`${where}: page error: ${error.message}`));
}
// Navigations of the page's main frame, each a request to the server.
function countNavigations(page) {
  const urls = [];
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) urls.push(request.url());
  });
  return urls;
}
// Resolves once ThreadLab is up in this frame, or throws with its explanation.
async function readyIn(frame) {
  await frame.waitForFunction(() => window.threadlab || document.getElementById('status')?.dataset.problem,
                              null, { timeout: kLoad });
  const problem = await frame.evaluate(() => document.getElementById('status').dataset.problem);
  check(!problem, `${frame.url()} explains instead of running: ${problem}`);
  await frame.evaluate(() => window.threadlab.ready);
}
const isolated = (frame) => frame.evaluate(() => crossOriginIsolated);
const buildOf = (frame) => frame.evaluate(() => threadlab.state().build);
const runRace = (frame, values) =>
  frame.evaluate((values) => threadlab.run('race-condition', values, { speed: 20 }), values);
function checkLostUpdate(result, what) {
  check(result.log.some((line) => line.endsWith('Testing update. Ending value is 1.')),
        `${what}: no "Ending value is 1" in ${JSON.stringify(result.log.slice(-2))}`);
}
async function frameNamed(page, name) {
  await page.waitForFunction((name) => document.querySelector(`iframe[name=${name}]`), name);
  return page.frame({ name });
}
async function problemIn(frame) {
  await frame.waitForFunction(() => document.getElementById('status')?.dataset.problem, null, { timeout: kLoad });
  return frame.evaluate(() => ({
    title: document.getElementById('status').dataset.problem,
    text: document.getElementById('problem').innerText,
    link: document.querySelector('#problem a.open')?.href || null,
  }));
}

try {
  // ---- The site on a host that sends no headers ------------------------------------------
  await test('a headerless host: the site isolates itself after one reload, runs the race to "Ending value is 1", and reloads do not loop', async () => {
    const page = await browser.newPage();
    watchConsole(page, 'headerless site');
    const navigations = countNavigations(page);
    await page.goto(plainSite);
    await readyIn(page.mainFrame());
    check(await isolated(page.mainFrame()), 'not cross-origin isolated');
    equal(navigations, [plainSite, `${plainSite}?tl-reload=1`], 'navigations: the page and one reload');
    check(!page.url().includes('tl-reload'), `the reload counter stays in the address: ${page.url()}`);
    checkLostUpdate(await runRace(page.mainFrame(), { workers: 2, updates: 2, sleep: 5 }), 'race');

    await page.reload();
    await readyIn(page.mainFrame());
    check(await isolated(page.mainFrame()), 'not isolated after a reload');
    equal(navigations.length, 3, `navigations after a reload (${navigations.join(' ')})`);
    // A hard reload skips the service worker: one more guarded reload brings it back.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.reload', { ignoreCache: true });
    await readyIn(page.mainFrame());
    check(await isolated(page.mainFrame()), 'not isolated after a hard reload');
    check(navigations.length <= 5, `navigations after a hard reload: ${navigations.join(' ')}`);
    const settled = navigations.length;
    await page.waitForTimeout(1000);
    equal(navigations.length, settled, 'navigations once settled');
    await page.close();
  });

  await test('service workers blocked on a headerless host: the threadless build runs, without a reload; told build=threads, the page explains why', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    watchConsole(page, 'service workers blocked');
    const navigations = countNavigations(page);
    await page.goto(`${plainSite}?lesson=lock`);
    await readyIn(page.mainFrame());
    equal([await buildOf(page.mainFrame()), navigations], ['fibers', [`${plainSite}?lesson=lock`]], 'the build, and navigations');
    check((await runRace(page.mainFrame(), { workers: 2, updates: 2, sleep: 5 })).exitStatus === 0, 'the race ran');
    await page.screenshot({ path: path.join(shotDir, 'hosting-blocked-top.png') });

    await page.goto(`${plainSite}?lesson=lock&build=threads`);
    const problem = await problemIn(page.mainFrame());
    check(/service worker/.test(problem.text), `the explanation does not name the service worker: ${problem.text}`);
    await page.waitForTimeout(1500);
    check(navigations.length <= 3, `navigations: ${navigations.join(' ')}`);
    await page.screenshot({ path: path.join(shotDir, 'hosting-blocked-top-build-threads.png') });
    await context.close();
  });

  await test('plain http from another address is not a secure context: the threadless build runs; told build=threads, the page says why, not "headers"', async () => {
    const page = await browser.newPage();  // its console has Chromium's warning that COOP is ignored here
    await page.goto(`http://threadlab.test:${served.port}/`);
    await readyIn(page.mainFrame());
    equal(await buildOf(page.mainFrame()), 'fibers', 'the build');
    checkLostUpdate(await runRace(page.mainFrame(), { workers: 2, updates: 2, sleep: 5 }), 'race');
    await page.goto(`http://threadlab.test:${served.port}/?build=threads`);
    const problem = await problemIn(page.mainFrame());
    check(/secure/.test(problem.title) && /HTTPS/.test(problem.text) && /localhost/.test(problem.text),
          `explanation: ${problem.title}: ${problem.text}`);
    await page.close();
  });

  // ---- Embedded in course pages ------------------------------------------------------------
  const raceQuery = '?lesson=race-condition&workers=3&updates=3&sleep=5&view=compact';
  // `context`: a browser context of the test's (one that blocks service workers), or the browser's.
  async function embedTwoAndRun(course, where, { context = browser, build = 'threads' } = {}) {
    const page = await context.newPage({ viewport: { width: 900, height: 1100 } });
    watchConsole(page, where);
    await page.goto(course);
    const [race, semaphore] = [await frameNamed(page, 'lesson0'), await frameNamed(page, 'lesson1')];
    await Promise.all([readyIn(race), readyIn(semaphore)]);
    check(!await page.evaluate(() => crossOriginIsolated), 'the course page itself is isolated: the test is wrong');
    const threads = build === 'threads';
    equal([await isolated(race), await isolated(semaphore), await buildOf(race), await buildOf(semaphore)],
          [threads, threads, build, build], 'frames isolated, and their builds');
    checkLostUpdate(await runRace(race, { workers: 3, updates: 3, sleep: 5 }), 'race in a frame');
    const permits = await semaphore.evaluate(() => threadlab.run('semaphore', {}, { speed: 20 }));
    equal([permits.status, permits.log.some((l) => /every thread got through/.test(l))], ['finished', true], 'semaphore in a frame');
    return page;
  }
  // `extra`: more of the link, for both frames.
  const twoLessons = (site, extra = '') => () => [`${site}${raceQuery}${extra}`, `${site}?lesson=semaphore&view=compact${extra}`];

  await test('a headerless course page on another port of a headerless host embeds two lessons: the service worker isolates both frames, which run', async () => {
    const page = await embedTwoAndRun(await startCourse(twoLessons(plainSite), {}, '127.0.0.1'), 'headerless course');
    await page.screenshot({ path: path.join(shotDir, 'hosting-headerless-course.png') });
    await page.close();
  });

  await test('a headerless course page on another site embeds two lessons: web/serve.py isolates both frames, which run', async () => {
    const page = await embedTwoAndRun(await startCourse(twoLessons(headerSite), {}, 'localhost'), 'headerless course, other site');
    await page.close();
  });

  await test('inside a course page, a click gives the frame the keyboard, and the wheel scrolls the page where the lesson has nothing to scroll', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    watchConsole(page, 'frame input');
    await page.goto(await startCourse(twoLessons(plainSite), {}, '127.0.0.1'));
    const race = await frameNamed(page, 'lesson0');
    await readyIn(race);
    const box = await page.locator('iframe[name=lesson0]').boundingBox();
    await page.mouse.click(box.x + 330, box.y + 14);  // the title row, between the title and the buttons
    await page.keyboard.press('Control+Enter');
    await race.waitForFunction(() => threadlab.state().running, null, { timeout: 5000 });
    await page.keyboard.press('Control+A');
    equal(await page.evaluate(() => String(getSelection())), '', 'Ctrl+A selected text of the course page');
    await page.keyboard.press('Escape');
    await race.waitForFunction(() => threadlab.state().done, null, { timeout: 5000 });
    equal((await race.evaluate(() => threadlab.state())).status, 'stopped', 'Escape stopped the run');

    // The app learns what is under the mouse when it draws a frame: as when a person's mouse
    // comes to rest, a few frames pass before the wheel turns.
    const moveAndRest = async (x, y) => {
      await page.mouse.move(x, y);
      const frame = await race.evaluate(() => threadlab.state().frame);
      await race.waitForFunction((frame) => threadlab.state().frame > frame + 2, frame);
    };
    // The page's scroll once a (smooth) wheel scroll has come to rest.
    const restingScroll = async () => {
      let last = -1;
      for (let now = await page.evaluate(() => scrollY); now !== last; now = await page.evaluate(() => scrollY)) {
        last = now;
        await page.waitForTimeout(300);
      }
      return last;
    };
    await moveAndRest(box.x + 330, box.y + 14);
    await page.mouse.wheel(0, 300);
    check(await restingScroll() > 0, 'the wheel over the title row did not scroll the course page');
    await page.evaluate(() => scrollTo(0, 0));
    equal(await restingScroll(), 0, 'scrolled back');
    await moveAndRest(box.x + 500, box.y + 440);  // the timeline: the wheel zooms it
    await page.mouse.wheel(0, 300);
    equal(await restingScroll(), 0, 'the page scrolled under the timeline');
    await page.close();
  });

  await test('where the browser gives frames no threads (service workers blocked), both run the threadless build', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 900, height: 1100 } });
    const page = await embedTwoAndRun(await startCourse(twoLessons(plainSite), {}, '127.0.0.1'), 'threadless course', { context, build: 'fibers' });
    await page.screenshot({ path: path.join(shotDir, 'hosting-threadless-course.png') });
    await context.close();
  });

  await test('where threads are impossible and forced (build=threads), each frame explains in its own size and links to a new tab with the same lesson and values', async () => {
    const course = await startCourse(twoLessons(plainSite, '&build=threads'), {}, '127.0.0.1');
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    await page.goto(course);
    const problem = await problemIn(await frameNamed(page, 'lesson0'));
    await problemIn(await frameNamed(page, 'lesson1'));
    check(problem.link, `no "Open in a new tab" link: ${problem.text}`);
    check(/asks for real threads \(build=threads\)\. Without that, the lesson runs here/.test(problem.text),
          `the explanation does not say that the link forced threads: ${problem.text}`);
    const link = new URL(problem.link);
    equal([link.origin, link.searchParams.get('lesson'), link.searchParams.get('workers'), link.searchParams.get('view'),
           link.searchParams.has('tl-reload')], [new URL(plainSite).origin, 'race-condition', '3', null, false], 'the link');
    await page.screenshot({ path: path.join(shotDir, 'hosting-explanation.png') });
    await context.close();
    // The link works in a tab of its own (where service workers are allowed).
    const tab = await browser.newPage();
    await tab.goto(problem.link);
    await readyIn(tab.mainFrame());
    const state = await tab.evaluate(() => threadlab.state());
    equal([state.lesson, state.params.workers, state.compact, state.build], ['race-condition', 3, false, 'threads'], 'the new tab');
    await tab.close();
  });

  await test('the threadless badge\'s "Open with real threads", clicked in a frame, opens the lesson shown with its values in a new tab that runs the threads build', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    watchConsole(page, 'open with real threads');
    await page.goto(await startCourse(twoLessons(plainSite, '&build=fibers'), {}, '127.0.0.1'));
    const race = await frameNamed(page, 'lesson0');
    await readyIn(race);
    equal(await buildOf(race), 'fibers', 'the frame\'s build');
    await page.evaluate(() => frames[0].postMessage({ type: 'threadlab:set', values: { workers: 4 } }, '*'));
    await race.waitForFunction(() => threadlab.state().params.workers === 4);
    await nextFrames(race);
    const [tab] = await Promise.all([context.waitForEvent('page'), clickControlIn(page, race, 'open with threads')]);
    await tab.waitForLoadState();
    await readyIn(tab.mainFrame());
    const link = new URL(tab.url());
    equal(['view', 'parent', 'build'].filter((key) => link.searchParams.has(key)), [], 'the embed\'s own keys in the new tab\'s link');
    const state = await tab.evaluate(() => threadlab.state());
    equal([state.lesson, state.params.workers, state.params.updates, state.params.sleep, state.compact, state.build, await isolated(tab.mainFrame())],
          ['race-condition', 4, 3, 5, false, 'threads', true], 'the new tab: lesson, values, full view, build, isolated');
    await context.close();
  });

  await test('an isolated course page embeds two lessons from a host with headers: they load, run, and answer postMessage', async () => {
    let courseOrigin = '';
    const course = await startCourse((origin) => {
      courseOrigin = origin;
      return [`${headerSite}?lesson=race-condition&workers=2&updates=2&sleep=5&speed=20&view=compact&parent=${encodeURIComponent(origin)}`,
              `${headerSite}?lesson=semaphore&view=compact&parent=https://elsewhere.example`];
    }, kIsolating);
    const page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
    watchConsole(page, 'isolated course');
    await page.goto(course);
    check(await page.evaluate(() => crossOriginIsolated), 'the course page is not isolated: the test is wrong');
    const [race, semaphore] = [await frameNamed(page, 'lesson0'), await frameNamed(page, 'lesson1')];
    await Promise.all([readyIn(race), readyIn(semaphore)]);
    equal([await isolated(race), await isolated(semaphore)], [true, true], 'frames isolated');
    check(!race.url().includes('tl-'), `the frame reloaded itself: ${race.url()}`);

    const events = () => page.evaluate(() => events.map((e) => e.data));
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:ready'));
    await page.evaluate(() => frames[0].postMessage({ type: 'threadlab:run' }, '*'));
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:finished'), null, { timeout: 30000 });
    const got = await events();
    const types = [...new Set(got.map((e) => e.type))];
    equal(types, ['threadlab:ready', 'threadlab:started', 'threadlab:log', 'threadlab:finished'], 'event types, in order');
    const started = got.find((e) => e.type === 'threadlab:started');
    equal([started.lesson, started.values.workers, started.speed], ['race-condition', 2, 20], 'started');
    check(got.some((e) => e.type === 'threadlab:log' && e.line.endsWith('Ending value is 1.')), 'a log event with the ending value');
    const finished = got.find((e) => e.type === 'threadlab:finished');
    equal([finished.lesson, finished.status, finished.exitStatus, finished.outcome],
          ['race-condition', 'finished', 0, 'expected 2, got 1: one update was lost'], 'finished');
    equal(finished.fields, { ending_value: 1, expected: 2 }, 'finished: the outcome\'s fields, for a course to grade');
    equal(await page.evaluate(() => [...new Set(events.map((e) => e.origin))]), [new URL(headerSite).origin], 'event origins');

    // Refused: a bad value (an error event), an unknown type, a parent the frame was not told
    // to obey, and a window that is not the parent.
    await page.evaluate(() => frames[0].postMessage({ type: 'threadlab:run', values: { workers: 999 } }, '*'));
    await page.waitForFunction(() => events.some((e) => e.data.type === 'threadlab:error'));
    check(/workers must be between 1 and 32/.test((await events()).find((e) => e.type === 'threadlab:error').message), 'error event');
    await page.evaluate(() => frames[0].postMessage({ type: 'threadlab:explode' }, '*'));
    await page.evaluate(() => frames[1].postMessage({ type: 'threadlab:run' }, '*'));
    await race.evaluate(() => parent.frames[1].postMessage({ type: 'threadlab:run' }, '*'));
    await page.waitForTimeout(600);
    const raceState = await race.evaluate(() => threadlab.state());
    const semaphoreState = await semaphore.evaluate(() => threadlab.state());
    equal([raceState.run, raceState.ignoredMessages], [1, 1], 'race frame: runs, ignored messages');
    equal([semaphoreState.run, semaphoreState.ignoredMessages], [0, 2], 'semaphore frame: runs, ignored messages');
    equal(courseOrigin, new URL(course).origin, 'course origin');
    const permits = await semaphore.evaluate(() => threadlab.run('semaphore', {}, { speed: 20 }));
    equal(permits.status, 'finished', 'semaphore in a frame of an isolated page');
    // A burst of commands: the first kMaxCommandsPerSecond (20) are obeyed, the rest counted.
    await page.evaluate(() => { for (let i = 0; i < 50; i++) frames[0].postMessage({ type: 'threadlab:stop' }, '*'); });
    await race.waitForFunction(() => threadlab.state().ignoredMessages >= 31, null, { timeout: 3000 });
    await page.close();
  });

  await test('the embed demo shows two working lessons, and its buttons drive the first', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1300 } });
    watchConsole(page, 'embed demo');
    await page.goto(`${headerSite}embed-demo.html`);
    await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.src));
    const [race, semaphore] = [await frameNamed(page, 'race'), await frameNamed(page, 'semaphore')];
    await Promise.all([readyIn(race), readyIn(semaphore)]);
    await page.waitForFunction(() => !document.getElementById('run').disabled);
    await page.click('#run');
    await page.waitForFunction(() => /"status": "finished"/.test(document.getElementById('outcome').textContent), null, { timeout: 30000 });
    const outcome = JSON.parse(await page.textContent('#outcome'));
    equal([outcome.lesson, outcome.exitStatus], ['race-condition', 0], 'the outcome event');
    check(/expected 3, got 1/.test(outcome.outcome), `outcome: ${outcome.outcome}`);
    await semaphore.evaluate(() => threadlab.run('semaphore', {}, { speed: 20 }));
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shotDir, 'hosting-embed-demo.png'), fullPage: true });
    await page.close();
  });

  await test('the embed demo on a headerless host: both lessons run, on the first visit and after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1300 } });
    watchConsole(page, 'embed demo, headerless');
    await page.goto(`${plainSite}embed-demo.html`);
    for (const visit of ['first visit', 'reload']) {
      await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.src));
      const [race, semaphore] = [await frameNamed(page, 'race'), await frameNamed(page, 'semaphore')];
      await Promise.all([readyIn(race), readyIn(semaphore)]);
      equal([await isolated(race), await isolated(semaphore)], [true, true], `frames isolated (${visit})`);
      checkLostUpdate(await runRace(race, { workers: 3, updates: 3, sleep: 5 }), `race (${visit})`);
      if (visit === 'first visit') await page.reload();
    }
    await page.close();
  });

  // ---- Share and the compact view ------------------------------------------------------------
  await test('a share link round-trips: the copied link opens the same lesson, values, speed and run', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 800, height: 500 } });
    const page = await context.newPage();
    watchConsole(page, 'share');
    await page.goto(`${headerSite}?lesson=semaphore&view=compact`);
    await readyIn(page.mainFrame());
    const run = await page.evaluate(() => threadlab.run('semaphore', { permits: 2, threads: 4, hold: 0.5 }, { speed: 7.5 }));
    // Share: the first of the three buttons at the right of the compact view's title row.
    await page.mouse.click(578, 17);
    await page.waitForFunction(() => threadlab.state().shareNotice === 'Copied', null, { timeout: 5000 });
    const link = await page.evaluate(() => navigator.clipboard.readText());
    equal(new URL(link).pathname, '/', 'the link\'s path');
    const address = new URL(page.url());
    address.searchParams.delete('view');  // the link opens the full playground
    // The link is the address bar's, plus the schedule of the run shown: it opens that run.
    const linked = new URL(link);
    equal(linked.searchParams.get('schedule'), run.schedule, 'the copied link\'s schedule');
    linked.searchParams.delete('schedule');
    equal(address.search, linked.search, 'the address bar and the copied link, but for the schedule');
    // Embed copies the <iframe> for a course page; Full playground opens the same state in a tab.
    await page.keyboard.press('Escape', { delay: 200 });  // held over a frame or two, as a person does
    await nextFrames(page);
    await page.mouse.click(637, 17);
    // Polled here: waitForFunction takes an async predicate's promise for a true answer.
    let snippet = '';
    for (const giveUp = Date.now() + 5000; !snippet.startsWith('<iframe') && Date.now() < giveUp;)
      snippet = await page.evaluate(() => navigator.clipboard.readText());
    check(snippet.startsWith(`<iframe src="${link.replaceAll('&', '&amp;')}&amp;view=compact"`) &&
          /allow="cross-origin-isolated; clipboard-write"/.test(snippet), `the snippet: ${snippet}`);
    await page.keyboard.press('Escape', { delay: 200 });
    await nextFrames(page);
    const [tab] = await Promise.all([context.waitForEvent('page'), page.mouse.click(733, 17)]);
    await tab.waitForLoadState();
    equal(tab.url(), link, 'the full playground\'s address');
    await tab.close();
    const fresh = await browser.newPage();
    await fresh.goto(link);
    await readyIn(fresh.mainFrame());
    const state = await fresh.evaluate(() => threadlab.state());
    equal([state.lesson, state.params.permits, state.params.threads, state.params.hold, state.speed, state.message],
          ['semaphore', 2, 4, 0.5, 7.5, ''], 'lesson, values, speed, message in a fresh page');
    equal([state.stepMode, state.replaying], [true, true], 'the fresh page holds the run as a replay');
    await fresh.close();
    await context.close();
  });

  await test('compact view: screenshots at 800x500 and 600x400 show code, values, log, timeline and outcome', async () => {
    for (const [width, height] of [[800, 500], [600, 400]]) {
      const page = await browser.newPage({ viewport: { width, height } });
      await page.goto(`${headerSite}${raceQuery}`);
      await readyIn(page.mainFrame());
      checkLostUpdate(await runRace(page.mainFrame(), { workers: 3, updates: 3, sleep: 5 }), 'compact');
      await page.waitForTimeout(300);
      const file = path.join(shotDir, `hosting-compact-${width}x${height}.png`);
      const stats = pngStats(await page.screenshot({ path: file }));
      check(stats.colors > 50 && stats.spread > 40, `${file} looks blank (${JSON.stringify(stats)})`);
      await page.close();
    }
  });

  // ---- Hostile input ---------------------------------------------------------------------------
  await test('hostile input through the JS API is refused with exitStatus 2, and the page keeps working', async () => {
    const page = await browser.newPage();
    watchConsole(page, 'hostile API');
    await page.goto(headerSite);
    await readyIn(page.mainFrame());
    const refusals = await page.evaluate(async () => {
      const cyclic = {};
      cyclic.self = cyclic;
      const cases = [
        ['y'.repeat(1.3 * 2 ** 20), {}, undefined],
        ['race-condition\0evil', {}, undefined],
        ['race-condition', { 'workers\0evil': 5 }, undefined],
        ['race-condition', { workers: ' 5' }, undefined],
        ['race-condition', { workers: '0x10' }, undefined],
        ['race-condition', { workers: 5n }, undefined],
        ['race-condition', { workers: cyclic }, undefined],
        ['race-condition', cyclic, undefined],
        ['race-condition', {}, null],
        ['race-condition', {}, { speed: 5n }],
        ['race-condition', null, undefined],
      ];
      const out = [];
      for (const [id, params, options] of cases) {
        try {
          await threadlab.run(id, params, options);
          out.push('ran');
        } catch (error) {
          out.push(error.exitStatus);
        }
      }
      return out;
    });
    equal(refusals, Array(11).fill(2), 'exit statuses of the refused runs');
    const select = await page.evaluate(() => { try { threadlab.select('z'.repeat(2e6)); } catch (e) { return e.exitStatus; } });
    equal(select, 2, 'select() of a 2 MB id');
    const good = await page.evaluate(() => threadlab.run('race-condition', { workers: '2', updates: 2 }, { speed: 20 }));
    equal(good.exitStatus, 0, 'a good run afterwards (a value as text)');
    await page.close();
  });

  await test('a 55 KB link with 5000 unknown parameters gives a short notice, and the page stays alive', async () => {
    let query = '?lesson=lock&workers=3';
    for (let i = 0; query.length < 55000; i++) query += `&p${i}=${i}`;
    const page = await browser.newPage();
    await page.goto(headerSite + query);
    await readyIn(page.mainFrame());
    const state = await page.evaluate(() => threadlab.state());
    check(state.message.length < 200 && /longer than 4096/.test(state.message), `notice: ${state.message.slice(0, 300)}`);
    const before = state.frame;
    await page.waitForTimeout(1000);
    const after = (await page.evaluate(() => threadlab.state())).frame;
    check(after > before, 'no frame drawn in a second');
    const clipped = await browser.newPage();
    await clipped.goto(headerSite + query.slice(0, 4000));
    await readyIn(clipped.mainFrame());
    const opened = await clipped.evaluate(() => threadlab.state());
    equal([opened.lesson, opened.params.workers], ['lock', 3], 'a 4000-character link');
    check(opened.message.length < 400 && /and \d+ more/.test(opened.message), `notice: ${opened.message.slice(0, 300)}`);
    await page.close();
    await clipped.close();
  });

  await test('a NUL in a link never autoruns nor sets a value', async () => {
    const page = await browser.newPage();
    await page.goto(`${headerSite}?lesson=race-condition%00evil&autorun=1`);
    await readyIn(page.mainFrame());
    await page.waitForTimeout(500);
    const state = await page.evaluate(() => threadlab.state());
    equal([state.run, /NUL/.test(state.message)], [0, true], `runs, and the notice "${state.message}"`);
    await page.goto(`${headerSite}?lesson=race-condition&workers%00evil=5&workers=3`);
    await readyIn(page.mainFrame());
    equal((await page.evaluate(() => threadlab.state())).params.workers, 3, 'workers');
    await page.close();
  });

  // ---- web/serve.py ---------------------------------------------------------------------------
  await test('serve.py serves the site\'s files alone, with nosniff and a CSP, and no listings', async () => {
    const index = await fetch(headerSite);
    equal([index.status, index.headers.get('x-content-type-options'), index.headers.get('cross-origin-resource-policy')],
          [200, 'nosniff', 'cross-origin'], 'index.html');
    check(/'wasm-unsafe-eval'/.test(index.headers.get('content-security-policy')), 'CSP');
    equal((await fetch(`${headerSite}threadlab.wasm`)).headers.get('content-type'), 'application/wasm', 'wasm type');
    for (const bad of ['CMakeFiles/', 'web/', '.git', 'missing.js', 'a/index.html', '%2e%2e%2fCMakeLists.txt'])
      equal((await fetch(`${headerSite}${bad}`)).status, 404, `/${bad}`);
    const plainIndex = await fetch(plainSite);
    equal(plainIndex.headers.get('cross-origin-opener-policy'), null, 'the plain host sends no COOP');
  });

  await test('serve.py --host 0.0.0.0 prints an address a browser can open', async () => {
    const wide = await startProcess('python3', [path.join(root, 'web/serve.py'), siteDir, '--host', '0.0.0.0', '--port', '0'],
                                    /Serving ThreadLab on (http:\/\/[^\s]+)/);
    wide.process.kill();
    check(/^http:\/\/127\.0\.0\.1:\d+\/$/.test(wide.match[1]), `printed ${wide.match[1]}`);
  });

} finally {
  await endTests(browser, servers, consoleErrors, 'no console errors (the CSP of serve.py included)');
}
