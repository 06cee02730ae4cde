// The playground page's start, measured in headless Chromium (bench/browser.mjs for the
// page itself, bench/levers.mjs for each size lever's build):
//   - what it transfers before its first frame: every file it fetched before threadlab.ready,
//     each compressed once with gzip (level 9) and brotli (quality 11), as a host would send it;
//     what it fetches after that (the worker pool's script) is counted apart;
//   - navigation to the first drawn frame (threadlab.ready), the median of a few loads, and
//     that load's start in phases: each ends at a performance mark threadlab:NAME that the
//     page or the app sets (web/page.js lists them), in the order they came.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import path from 'node:path';
import { startServer } from '../tests/web/harness.mjs';

export const kViewport = { width: 1280, height: 800 };
const kb = (bytes) => bytes / 1024;

function compressedSizes(body) {
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11,
                                                 [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length,
  };
}

// In the page, once it is ready: its marks, when it fetched each file, and the document's
// own arrival (its response's end), all in ms from the navigation's start.
function startOfPage() {
  const ready = performance.getEntriesByName('threadlab:ready')[0].startTime;
  const marks = performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('threadlab:'))
    .map((mark) => [mark.name.slice('threadlab:'.length), mark.startTime]);
  const navigation = performance.getEntriesByType('navigation')[0];
  const fetched = performance.getEntriesByType('resource')
    .map((entry) => [new URL(entry.name).pathname, entry.startTime]);
  return { ready, marks: [['html', navigation.responseEnd], ...marks], fetched };
}

// Loads the site `loads` times, each in a new page of one browser context (so the files come
// from the server every time, as serve.py forbids caching), at `query` (e.g. ?build=fibers).
// `prepare(context)` may instrument the context first. Returns the measurements and the last
// page, still open.
export async function measurePage(browser, site, { loads = 3, query = '', prepare = async () => {} } = {}) {
  const { server, url } = await startServer(site);
  const context = await browser.newContext({ viewport: kViewport });
  await prepare(context);
  const bodies = new Map();  // pathname -> promise of its body (the first response of each)
  context.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (response.status() !== 200 || bodies.has(pathname)) return;
    bodies.set(pathname, response.body().catch(() => null));
  });

  const starts = [];
  let page = null;
  for (let load = 0; load < loads; load++) {
    if (page) await page.close();
    page = await context.newPage();
    await page.goto(url + query);
    await page.waitForFunction(() => performance.getEntriesByName('threadlab:ready').length > 0, null,
                               { timeout: 60000 });
    starts.push(await page.evaluate(startOfPage));
  }
  starts.sort((a, b) => a.ready - b.ready);
  const median = starts[Math.floor(starts.length / 2)];

  // Sizes: the document and what the median load fetched before its first frame; the rest apart.
  const before = new Set(['/', ...median.fetched.filter(([, at]) => at <= median.ready).map(([file]) => file)]);
  const files = [];
  for (const [file, body] of bodies) {
    const bytes = await body;
    if (bytes) files.push({ file: file === '/' ? 'index.html' : path.basename(file), before: before.has(file),
                            ...compressedSizes(bytes) });
  }
  const sum = (list, key) => kb(list.reduce((total, file) => total + file[key], 0));
  const first = files.filter((file) => file.before).sort((a, b) => b.gzip - a.gzip);
  const later = files.filter((file) => !file.before);
  const marks = median.marks.slice().sort((a, b) => a[1] - b[1]);
  const phases = marks.map(([name, at], i) => ({ phase: name, at, ms: at - (i ? marks[i - 1][1] : 0) }));
  return {
    page,
    server,
    transfer: {
      gzip: sum(first, 'gzip'), brotli: sum(first, 'brotli'), raw: sum(first, 'raw'),
      files: first.map((file) => ({ file: file.file, gzip: kb(file.gzip), brotli: kb(file.brotli), raw: kb(file.raw) })),
      later_gzip: sum(later, 'gzip'), later_files: later.map((file) => file.file),
    },
    firstFrame: { median: median.ready, loads: starts.map((start) => start.ready), phases },
  };
}
