// What a browser test of the page needs: a tiny runner, the page served with the isolation
// headers (web/serve.py) or by other local servers, and Debian's Chromium through
// playwright-core.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---- A tiny runner: test(name, body), then finish() prints "N passed, N failed" ----------
// TEST_FILTER=regex runs only the tests whose names match (while working on one).
let passed = 0, failed = 0;
export async function test(name, body) {
  if (process.env.TEST_FILTER && !new RegExp(process.env.TEST_FILTER).test(name)) return;
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(error.message || error).split('\n').join('\n     ')}`);
  }
}
export function check(condition, message) { if (!condition) throw new Error(message); }
export function equal(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  check(a === e, `${what}:\n  got      ${a}\n  expected ${e}`);
}
// What a per-lesson table (an object keyed by lesson id) misses against the lessons' ids:
// each lesson it has no row for, and each row that names no lesson; [] when it covers them.
export function uncoveredLessons(table, ids) {
  return [...ids.filter((id) => !(id in table)).map((id) => `${id} has no row`),
    ...Object.keys(table).filter((id) => !ids.includes(id)).map((id) => `${id} is no lesson`)];
}
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
// Every file's last test and its cleanup: no console error came, the browser and the
// servers (child processes or node servers) are closed, and the summary is printed.
export async function endTests(browser, servers, consoleErrors, name = 'no console errors') {
  await test(name, async () => equal(consoleErrors, [], 'console errors'));
  await browser.close();
  for (const server of servers) (server.kill ? server.kill() : server.close());
  finish();
}

// ---- The page ------------------------------------------------------------------------------
// The static site of the wasm build (web/CMakeLists.txt), whose index.html is the page.
export function siteDir(buildDir) {
  const site = path.resolve(buildDir, 'site');
  return existsSync(path.join(site, 'index.html')) ? site : null;
}

// `options`: more of serve.py's options, e.g. ['--no-csp'].
export function startServer(site, options = []) {
  return new Promise((resolve, reject) => {
    const server = spawn('python3', [path.join(root, 'web/serve.py'), site, '--port', '0', ...options],
                         { stdio: ['ignore', 'pipe', 'inherit'] });
    server.on('error', reject);
    server.stdout.on('data', (data) => {
      const match = /http:\/\/[\d.]+:(\d+)\//.exec(String(data));
      if (match) resolve({ server, url: match[0] });
    });
    setTimeout(() => reject(new Error('web/serve.py did not start')), 10000);
  });
}

// Debian's Chromium with WebGL2 on the CPU (SwiftShader). `extraArgs` for what one test file needs.
export const kChromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...kChromiumArgs, ...extraArgs] });
}

// Starts a server process and resolves with {process, port, match} once it prints
// `pattern` (whose first group is the port, or what the test wants of the line). `quiet`
// drops its stderr (python's http.server logs every request there); `env` replaces its
// environment.
export function startProcess(command, args, pattern, { quiet = false, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] });
    child.on('error', reject);
    let out = '';
    child.stdout.on('data', (data) => {
      out += data;
      const match = pattern.exec(out);
      if (match) resolve({ process: child, port: Number(match[1]), match });
    });
    setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start: ${out}`)), 10000);
  });
}

// A local server of fixed pages (path -> html), with these headers on each response.
export function startPageServer(pages, headers = {}) {
  return new Promise((resolve) => {
    const server = createServer((request, response) => {
      const page = pages[new URL(request.url, 'http://x').pathname];
      response.writeHead(page === undefined ? 404 : 200,
                         { 'Content-Type': 'text/html; charset=utf-8', ...headers });
      response.end(page === undefined ? 'not found' : page);
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}

// Where the full playground draws lesson `number` (from 1) in its list, at 1280x800: down the
// left, a line of 21 px from lesson 1's.
export const lessonInList = (number) => ({ x: 100, y: 73 + 21 * (number - 1) });

// A new page (in its own context) at `url`, once threadlab.ready has resolved; its console
// errors go to `errors`.
// Waits for the page (or a frame) to draw `count` more frames: what a click or a key did is
// on screen then, and a popup it closed is gone.
export async function nextFrames(page, count = 3) {
  const start = await page.evaluate(() => threadlab.state().frame);
  await page.waitForFunction((end) => threadlab.state().frame >= end, start + count);
}

export async function openPage(browser, url, errors, { viewport = { width: 1280, height: 800 }, hasTouch = false } = {}) {
  const context = await browser.newContext({ viewport, hasTouch });
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.threadlab, null, { timeout: 60000 });
  await page.evaluate(() => window.threadlab.ready);
  return page;
}

// ---- Levels in a frame ---------------------------------------------------------------------
// The learner's own picks in step mode, along a schedule ("0x4.1.2x2": a thread per step;
// the steps only one thread can take go by themselves), until the run ends.
export async function stepAlong(frame, schedule) {
  await frame.evaluate(async (schedule) => {
    const steps = schedule.split('.').flatMap((run) => {
      const [thread, times = '1'] = run.split('x');
      return Array(Number(times)).fill(Number(thread));
    });
    let state = await threadlab.stepMode();
    while (!state.ended) state = await threadlab.step(steps[state.steps]);
  }, schedule);
}
// ---- Controls on the canvas ---------------------------------------------------------------
// Where the canvas in `page` (or in a frame) drew a control last frame, by its Mark name
// (ui/app_json.cpp's controls: "Run", "Predict", "lane 1", ...).
export async function controlSpot(page, name) {
  const drawn = await page.evaluate(() => JSON.parse(Module.ccall('tl_page', 'string', ['number'], [0])));
  const found = drawn.controls.find((each) => each.name === name);
  check(found, `no "${name}" on the canvas; drawn: ${drawn.controls.map((each) => each.name).join(', ')}`);
  return found;
}
// A mouse click on the middle of that control, then a few frames: what it did is on screen.
export async function clickControl(page, name) {
  const at = await controlSpot(page, name);
  await page.mouse.click(at.x + at.w / 2, at.y + at.h / 2, { delay: 40 });
  await nextFrames(page);
}
// A mouse click on a control the canvas in `frame` drew last frame (by its Mark name).
export async function clickControlIn(page, frame, name) {
  const control = await controlSpot(frame, name);
  const box = await (await frame.frameElement()).boundingBox();
  await page.mouse.click(box.x + control.x + control.w / 2, box.y + control.y + control.h / 2, { delay: 40 });
}
