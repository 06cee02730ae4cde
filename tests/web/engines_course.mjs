// A course page that sends no headers embeds two compact lessons from the static site, in
// Chromium (profiles that allow the storage of frames from other sites, block their cookies,
// or block their storage), Firefox and WebKit; the course page is on another site (localhost, the site being on
// 127.0.0.1) and on the same site (127.0.0.1, another port). Each case records whether the
// frames got threads and what the course page heard: where they run, threadlab:ready, then a
// race run by postMessage (threadlab:started, threadlab:finished with its outcome); where they
// cannot, each frame's explanation and its threadlab:failed event.
//
//   node tests/web/engines_course.mjs SITE_DIR [SCREENSHOT_DIR]
//
// SITE_DIR is the static site (build/wasm/site, or build/site from scripts/site). ENGINES=webkit
// runs one engine. Ends with "N passed, N failed"; exits 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { equal, finish, root, startPageServer, test } from './harness.mjs';
import { engines, kChromiumProfiles, kNoThreadsReason, kRunsThreads, launch, readyOrReason, serveStatic, stopDisplay } from './engines.mjs';

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
// The course page: the lessons' frames, told its origin, and a record of each message it hears
// from them (which frame, its type, and what a course page would read of it).
const course = await startPageServer({
  '/': `<!doctype html><title>Course</title><p>Week 3: threads.</p>
<iframe name="lesson0" width="800" height="500" allow="cross-origin-isolated"></iframe>
<iframe name="lesson1" width="800" height="500" allow="cross-origin-isolated"></iframe>
<script>
const lessons = ['lesson=race-condition&workers=2&updates=2&sleep=5&speed=20', 'lesson=semaphore'];
window.heard = [];
addEventListener('message', (e) => {
  const frame = e.source === frames[0] ? 0 : e.source === frames[1] ? 1 : -1;
  if (e.origin !== '${site}' || frame < 0 || e.data.type === 'threadlab:log') return;
  heard.push([frame, e.data.type, e.data.outcome || e.data.reason || '']);
});
document.querySelectorAll('iframe').forEach((iframe, i) => {
  iframe.src = '${site}/?' + lessons[i] + '&view=compact&parent=' + encodeURIComponent(location.origin);
});
</script>` });
const heard = (browser) => browser.evaluate(() => heard);
const kRaceOutcome = 'expected 2, got 1: one update was lost';

for (const engine of engines()) {
  for (const profile of engine === 'chromium' ? kChromiumProfiles : ['']) {
    const browser = await launch(engine, { profile: profile || undefined, width: 900, height: 1100 });
    const name = `${engine}${profile && ` (third-party ${profile})`}`;
    for (const [where, courseHost] of [['another site', 'localhost'], ['the same site', '127.0.0.1']]) {
      const threads = getsThreads(engine, profile, courseHost === 'localhost');
      const expected = threads ? 'both frames run, and the course page hears ready, started and finished'
        : `both frames explain (${kNoThreadsReason.framed}; the threadless build will run here), and the course page hears it`;
      await test(`${name}, a headerless course page on ${where}: ${expected}`, async () => {
        await browser.goto(`http://${courseHost}:${course.port}/`);
        const frames = [browser.frame('lesson0'), browser.frame('lesson1')];
        const outcomes = [await readyOrReason(frames[0], 'lesson0'), await readyOrReason(frames[1], 'lesson1')];
        const isolated = [await frames[0].evaluate(() => crossOriginIsolated), await frames[1].evaluate(() => crossOriginIsolated)];
        console.log(`     measured: frames ${JSON.stringify(outcomes)}, isolated ${JSON.stringify(isolated)}`);
        if (!threads) {
          equal(outcomes, [kNoThreadsReason.framed, kNoThreadsReason.framed], 'each frame\'s explanation');
          await browser.waitFor(() => heard.length >= 2, null, 'the failed events');
          const events = (await heard(browser)).sort();
          console.log(`     heard: ${JSON.stringify(events)}`);
          equal(events, [0, 1].map((i) => [i, 'threadlab:failed', kNoThreadsReason.framed]), 'what the course page heard');
          return;
        }
        equal(outcomes, ['ready', 'ready'], 'both frames run');
        await browser.waitFor(() => heard.filter(([, type]) => type === 'threadlab:ready').length === 2, null, 'ready from both');
        await browser.evaluate((site) => frames[0].postMessage({ type: 'threadlab:run' }, site), site);
        await browser.waitFor(() => heard.some(([, type]) => type === 'threadlab:finished'), null, 'the race to finish');
        const events = await heard(browser);
        console.log(`     heard: ${JSON.stringify(events)}`);
        equal(events.filter(([frame]) => frame === 0), [[0, 'threadlab:ready', ''], [0, 'threadlab:started', ''],
          [0, 'threadlab:finished', kRaceOutcome]], 'what the course page heard from the race');
        equal(events.filter(([frame]) => frame === 1), [[1, 'threadlab:ready', '']], 'and from the semaphore');
        await browser.screenshot(path.join(shotDir, `engines-course-${engine}${profile && `-${profile.replace(' ', '-')}`}.png`));
      });
    }
    await browser.close();
  }
}
host.server.close();
course.server.close();
await stopDisplay();
finish();
