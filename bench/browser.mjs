// The browser half of scripts/bench, in Debian's headless Chromium (SwiftShader WebGL2):
//   - core_bench compiled for the web (build/wasm/bench/core_bench_web.html): its JSON lines,
//     each metric renamed chromium_*;
//   - the playground page (build/wasm/web): what it transfers (each file gzipped, once),
//     navigation to the first drawn frame (median of 3 loads), and the UI's frame times
//     while the lesson with the most threads runs: the main thread's time in each animation
//     frame callback (the app's whole frame) and the gaps between frames.
//
//   node bench/browser.mjs WASM_BUILD_DIR        prints one JSON object a line
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { launchChromium, siteDir, startServer } from '../tests/web/harness.mjs';

const buildDir = path.resolve(process.argv[2] || 'build/wasm');
const emit = (metric, value, unit, extra = {}) =>
  console.log(JSON.stringify({ metric, value, unit, ...extra }));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// Wraps requestAnimationFrame before the page's scripts run: each callback's duration and
// start, and the moment threadlab.ready resolves (it does after the first drawn frame).
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

function instrumentFrames() {
  const bench = { frames: [], firstFrame: null, hooked: false };
  window.__bench = bench;
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => {
    const start = performance.now();
    callback(time);
    bench.frames.push([start, performance.now() - start]);
    if (!bench.hooked && window.threadlab && window.threadlab.ready) {
      bench.hooked = true;
      window.threadlab.ready.then(() => { bench.firstFrame = performance.now(); });
    }
  });
}

const browser = await launchChromium();
const servers = [];
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
  const { server, url } = await startServer(siteDir(buildDir));
  servers.push(server);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrumentFrames);

  const files = new Map();  // url -> [raw bytes, gzip bytes]
  const bodies = [];
  context.on('response', (response) => {
    if (response.status() !== 200) return;
    bodies.push(response.body().then((body) => {
      const { pathname } = new URL(response.url());
      files.set(pathname === '/' ? '/threadlab.html' : pathname, [body.length, gzipSync(body, { level: 9 }).length]);
    }, () => {}));
  });

  const firstFrames = [];
  let page;
  for (let load = 0; load < 3; load++) {
    if (page) await page.close();
    page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.firstFrame !== null, null, { timeout: 60000 });
    firstFrames.push(await page.evaluate(() => window.__bench.firstFrame));
  }
  await Promise.all(bodies);
  let raw = 0, gzip = 0;
  for (const [, [rawBytes, gzipBytes]] of files) raw += rawBytes, gzip += gzipBytes;
  const largest = [...files].sort((a, b) => b[1][1] - a[1][1]).slice(0, 4)
    .map(([file, [, g]]) => `${path.basename(file)} ${(g / 1024).toFixed(0)} KB`);
  emit('page_transfer_gzip', gzip / 1024, 'KB', { raw_kb: raw / 1024, files: files.size, largest });
  firstFrames.sort((a, b) => a - b);
  emit('page_first_frame', firstFrames[1], 'ms', { loads: firstFrames });

  // The UI alone: frames of the page with nothing running, as a learner reads a lesson.
  await page.evaluate(() => { window.__bench.frames.length = 0; });
  await page.waitForTimeout(3000);
  const idle = frameStats(await page.evaluate(() => window.__bench.frames));
  emit('page_frame_cpu_idle', idle.p50, 'ms', idle);

  // The lesson with the most threads, at its most.
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
  emit('page_frame_cpu', busy.p50, 'ms', {
    lesson: `${biggest.lesson.id} ${JSON.stringify(params)} (${biggest.threads + 1} threads)`,
    status: result.status, ...busy,
  });
} finally {
  await browser.close();
  for (const server of servers) server.kill();
}
