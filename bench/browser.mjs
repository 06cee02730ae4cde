// The browser half of scripts/bench, in Debian's headless Chromium (SwiftShader WebGL2):
//   - core_bench compiled for the web (build/wasm/bench/core_bench_web.html): its JSON lines,
//     each metric renamed chromium_*;
//   - the playground page (build/wasm/site): what it transfers before its first frame and
//     navigation to that frame, in phases (bench/page.mjs); and the UI's frame times while the
//     lesson with the most threads runs: the main thread's time in each animation frame
//     callback (the app's whole frame) and the gaps between frames.
//
//   node bench/browser.mjs WASM_BUILD_DIR        prints one JSON object a line
import path from 'node:path';
import { launchChromium, siteDir, startServer } from '../tests/web/harness.mjs';
import { measurePage } from './page.mjs';

const buildDir = path.resolve(process.argv[2] || 'build/wasm');
const emit = (metric, value, unit, extra = {}) =>
  console.log(JSON.stringify({ metric, value, unit, ...extra }));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// [start, ms] of each frame's callback: how long frames took, and the gaps between them.
function frameStats(frames) {
  const durations = frames.map(([, ms]) => ms).sort((a, b) => a - b);
  const gaps = frames.slice(1).map(([start], i) => start - frames[i][0]);
  return {
    frames: frames.length,
    p50: quantile(durations, 0.5), p95: quantile(durations, 0.95), max: durations.at(-1),
    over_50ms: durations.filter((ms) => ms > 50).length,
    gaps_over_50ms: gaps.filter((ms) => ms > 50).length,
    longest_gap: Math.max(...gaps),
  };
}

// Wraps requestAnimationFrame before the page's scripts run: each callback's start and duration.
function instrumentFrames() {
  const bench = { frames: [] };
  window.__bench = bench;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => {
    const start = performance.now();
    callback(time);
    bench.frames.push([start, performance.now() - start]);
  });
}

const browser = await launchChromium();
const servers = [];
// The frames while the lesson with the most threads runs, at its most: [p50, unit, details].
async function framesWhileTheBiggestRuns(page) {
  const lessons = await page.evaluate(() => threadlab.lessons());
  let biggest = null;
  for (const lesson of lessons)
    for (const param of lesson.params)
      if (param.name === 'threads' && (!biggest || param.max > biggest.threads))
        biggest = { lesson, threads: param.max };
  const params = { threads: biggest.threads };
  for (const param of biggest.lesson.params)
    if (param.name === 'permits') params.permits = param.max;
  await page.evaluate(() => { window.__bench.frames.length = 0; });
  const result = await page.evaluate(([id, params]) => threadlab.run(id, params, { speed: 5 }),
                                     [biggest.lesson.id, params]);
  const busy = frameStats(await page.evaluate(() => window.__bench.frames));
  return [busy.p50, 'ms', {
    lesson: `${biggest.lesson.id} ${JSON.stringify(params)} (${biggest.threads + 1} threads)`,
    status: result.status, ...busy,
  }];
}

try {
  // ---- core_bench in the page --------------------------------------------------------------
  {
    const { server, url } = await startServer(path.join(buildDir, 'bench'), ['--no-csp']);  // Emscripten's shell: inline script
    servers.push(server);
    const page = await browser.newPage();
    const done = new Promise((resolve, reject) => {
      page.on('console', (message) => {
        const text = message.text();
        if (!text.startsWith('{')) return;
        const line = JSON.parse(text);
        if (line.done) resolve();
        else console.log(JSON.stringify({ ...line, metric: `chromium_${line.metric}` }));
      });
      page.on('pageerror', (error) => reject(error));
      setTimeout(() => reject(new Error('core_bench_web did not finish in 10 minutes')), 600000).unref();
    });
    await page.goto(`${url}core_bench_web.html`);
    await done;
    await page.close();
  }

  // ---- The playground page -----------------------------------------------------------------
  // Five loads: the median of the first frame, what the page transfers before it (bench/page.mjs).
  const measured = await measurePage(browser, siteDir(buildDir),
                                     { loads: 5, prepare: (context) => context.addInitScript(instrumentFrames) });
  servers.push(measured.server);
  const page = measured.page;
  const { transfer, firstFrame } = measured;
  emit('page_transfer', transfer.gzip, 'KB', transfer);
  emit('page_first_frame', firstFrame.median, 'ms', firstFrame);

  // The UI alone: frames of the page with nothing running, as a learner reads a lesson.
  await page.evaluate(() => { window.__bench.frames.length = 0; });
  await page.waitForTimeout(3000);
  const idle = frameStats(await page.evaluate(() => window.__bench.frames));
  emit('page_frame_cpu_idle', idle.p50, 'ms', idle);

  emit('page_frame_cpu', ...await framesWhileTheBiggestRuns(page));

  // ---- The threadless page (?build=fibers): what a course page outside Chromium gets -----------
  // Alone: while another page holds a WebGL context, headless Chromium's software GL takes
  // seconds to make the next one (measured: 2.3-3.4 s, against 0.1-0.2 s alone).
  await page.close();
  const fibers = await measurePage(browser, siteDir(buildDir), {
    loads: 3, query: '?build=fibers', prepare: (context) => context.addInitScript(instrumentFrames) });
  servers.push(fibers.server);
  emit('page_transfer_fibers', fibers.transfer.gzip, 'KB', fibers.transfer);
  emit('page_first_frame_fibers', fibers.firstFrame.median, 'ms', fibers.firstFrame);
  emit('page_frame_cpu_fibers', ...await framesWhileTheBiggestRuns(fibers.page));
} finally {
  await browser.close();
  for (const server of servers) server.kill();
}
