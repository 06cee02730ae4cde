// A course page that sends no headers embeds two compact lessons from the static site, in
// Chromium (profiles that allow the storage of frames from other sites, block their cookies,
// or block their storage), Firefox and WebKit; the course page is on another site (localhost, the site being on
// 127.0.0.1) and on the same site (127.0.0.1, another port). Each frame runs: the threads build
// where the browser isolates it, the threadless build where it does not (engines.mjs's
// kRunsThreads; read from the frame, and from its threadlab:ready). The course page runs the
// race by postMessage and hears threadlab:started, the log's "Ending value is" line and
// threadlab:finished with its outcome. Where a frame runs the threadless build, a click on its
// badge's "Open with real threads" opens the lesson shown, with its values, in a new tab, which
// runs the build the engine gives a page of its own. Where threads cannot run, frames told
// ?build=threads explain why instead, and the course page hears threadlab:failed from each.
//
//   node tests/web/engines_course.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { equal, finish, root, startPageServer, test } from './harness.mjs';
import { buildIn, engines, kChromiumProfiles, kNoThreadsReason, kRunsThreads, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

const [siteArg, shotDir = path.join(root, 'build/screenshots')] = process.argv.slice(2);
if (!siteArg || !existsSync(path.join(siteArg, 'index.html'))) {
  console.error('usage: node tests/web/engines_course.mjs SITE_DIR [SCREENSHOT_DIR] (SITE_DIR/index.html must exist)');
  process.exit(2);
}
mkdirSync(shotDir, { recursive: true });

// Whether a framed lesson gets threads: where the engine isolates a frame of a page that is not
// isolated (kRunsThreads), unless the profile refuses a frame of another site its service worker.
const getsThreads = (engine, profile, crossSite) => kRunsThreads.framed[engine] && !(crossSite && profile === 'storage blocked');

const host = await serveStatic(path.resolve(siteArg));
const site = `http://127.0.0.1:${host.port}`;
// The course page: the lessons' frames, told its origin (and the course page's own ?build=, if
// any), and a record of what it hears from them: which frame, the event's type, and what a
// course page reads of it (the build, the outcome, the reason; of the log, the ending alone).
const course = await startPageServer({
  '/': `<!doctype html><title>Course</title><p>Week 3: threads.</p>
<iframe name="lesson0" width="800" height="500" allow="cross-origin-isolated"></iframe>
<iframe name="lesson1" width="800" height="500" allow="cross-origin-isolated"></iframe>
<script>
const lessons = ['lesson=race-condition&workers=2&updates=2&sleep=5&speed=20', 'lesson=semaphore'];
const build = new URLSearchParams(location.search).get('build');
window.heard = [];
addEventListener('message', (e) => {
  const frame = e.source === frames[0] ? 0 : e.source === frames[1] ? 1 : -1;
  if (e.origin !== '${site}' || frame < 0) return;
  const ending = e.data.type === 'threadlab:log' && /Ending value is .*/.exec(e.data.line);
  if (e.data.type === 'threadlab:log' && !ending) return;
  heard.push([frame, e.data.type, e.data.build || e.data.outcome || e.data.reason || (ending && ending[0]) || '']);
});
document.querySelectorAll('iframe').forEach((iframe, i) => {
  iframe.src = '${site}/?' + lessons[i] + '&view=compact' + (build ? '&build=' + build : '') +
               '&parent=' + encodeURIComponent(location.origin);
});
</script>` });
const heard = (browser) => browser.evaluate(() => heard);
const kRaceOutcome = 'expected 2, got 1: one update was lost';

// A click on a control that the canvas in a frame drew last frame (by its Mark name), where it is
// on the course page.
async function clickInFrame(browser, name, control) {
  const frame = browser.frame(name);
  const drawn = await frame.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])).controls);
  const spot = drawn.find((each) => each.name === control);
  if (!spot) throw new Error(`no "${control}" in ${name}; drawn: ${drawn.map((each) => each.name).join(', ')}`);
  const box = await browser.evaluate((name) => {
    const { x, y } = document.querySelector(`iframe[name="${name}"]`).getBoundingClientRect();
    return [x, y];
  }, name);
  await browser.click(box[0] + spot.x + spot.w / 2, box[1] + spot.y + spot.h / 2);
}

for (const engine of engines()) {
  for (const profile of engine === 'chromium' ? kChromiumProfiles : ['']) {
    const browser = await launch(engine, { profile: profile || undefined, width: 900, height: 1100 });
    const name = `${engine}${profile && ` (third-party ${profile})`}`;
    for (const [where, courseHost] of [['another site', 'localhost'], ['the same site', '127.0.0.1']]) {
      const threads = getsThreads(engine, profile, courseHost === 'localhost');
      const build = threads ? 'threads' : 'fibers';
      const shot = `engines-course-${engine}${profile && `-${profile.replace(' ', '-')}`}-${courseHost === 'localhost' ? 'cross' : 'same'}-site`;
      await test(`${name}, a headerless course page on ${where}: both frames run the ${build} build, and the course page hears ready, started, the ending and finished`, async () => {
        await browser.goto(`http://${courseHost}:${course.port}/`);
        const frames = [browser.frame('lesson0'), browser.frame('lesson1')];
        const outcomes = [await readyOrReason(frames[0], 'lesson0'), await readyOrReason(frames[1], 'lesson1')];
        const measured = await Promise.all(frames.map((frame) => frame.evaluate(() => [threadlab.state().build, crossOriginIsolated])));
        console.log(`     measured: frames ${JSON.stringify(outcomes)}, [build, isolated] ${JSON.stringify(measured)}`);
        equal(outcomes, ['ready', 'ready'], 'both frames run');
        equal(measured.map(([frameBuild]) => frameBuild), [build, build], 'each frame\'s build');
        await browser.waitFor(() => heard.filter(([, type]) => type === 'threadlab:ready').length === 2, null, 'ready from both');
        await browser.evaluate((site) => frames[0].postMessage({ type: 'threadlab:run' }, site), site);
        await browser.waitFor(() => heard.some(([, type]) => type === 'threadlab:finished'), null, 'the race to finish');
        const events = await heard(browser);
        console.log(`     heard: ${JSON.stringify(events)}`);
        equal(events.filter(([frame]) => frame === 0), [[0, 'threadlab:ready', build], [0, 'threadlab:started', ''],
          [0, 'threadlab:log', 'Ending value is 1.'], [0, 'threadlab:finished', kRaceOutcome]], 'what the course page heard from the race');
        equal(events.filter(([frame]) => frame === 1), [[1, 'threadlab:ready', build]], 'and from the semaphore');
        await browser.screenshot(path.join(shotDir, `${shot}.png`));
      });
      if (threads) continue;
      const tabBuild = buildIn('top', engine);
      await test(`${name}, a headerless course page on ${where}: the badge's "Open with real threads" opens the lesson shown, with its values, in a tab that runs the ${tabBuild} build`, async () => {
        const race = browser.frame('lesson0');
        await browser.evaluate((site) => frames[0].postMessage({ type: 'threadlab:set', values: { workers: 3 } }, site), site);
        await race.waitFor(() => threadlab.state().params.workers === 3, null, 'workers 3 in the frame');
        await race.waitFor((frame) => threadlab.state().frame > frame + 2, (await race.evaluate(() => threadlab.state().frame)),
                           'the frame drawn with its new value');
        const tab = await browser.tabOpenedBy(() => clickInFrame(browser, 'lesson0', 'open with threads'));
        try {
          equal(await readyOrReason(tab, 'the new tab'), 'ready', 'ThreadLab in the new tab');
          const opened = await tab.evaluate(() => {
            const { lesson, params, compact, build } = threadlab.state();
            return [lesson, params.workers, params.updates, params.sleep, compact, build, /[?&](view|parent|build)=/.test(location.search)];
          });
          equal(opened, ['race-condition', 3, 2, 5, false, tabBuild, false],
                'the new tab: lesson, workers, updates, sleep, compact, build, and an embed\'s keys in its address');
          await tab.screenshot(path.join(shotDir, `${shot}-new-tab.png`));
        } finally {
          await tab.close();
        }
      });
      await test(`${name}, a headerless course page on ${where}, its frames told build=threads: both explain (${kNoThreadsReason.framed}), and the course page hears it`, async () => {
        await browser.goto(`http://${courseHost}:${course.port}/?build=threads`);
        const frames = [browser.frame('lesson0'), browser.frame('lesson1')];
        const outcomes = [await readyOrReason(frames[0], 'lesson0'), await readyOrReason(frames[1], 'lesson1')];
        equal(outcomes, [kNoThreadsReason.framed, kNoThreadsReason.framed], 'each frame\'s explanation');
        await browser.waitFor(() => heard.length >= 2, null, 'the failed events');
        const events = (await heard(browser)).sort();
        equal(events, [0, 1].map((i) => [i, 'threadlab:failed', kNoThreadsReason.framed]), 'what the course page heard');
        await browser.screenshot(path.join(shotDir, `${shot}-build-threads.png`));
      });
    }
    await browser.close();
  }
}
host.server.close();
course.server.close();
await stopDisplay();
finish();
