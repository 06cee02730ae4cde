// What a browser test of the page needs: a tiny runner, the page served with the isolation
// headers (web/serve.py), and Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---- A tiny runner: test(name, body), then finish() prints "N passed, N failed" ----------
let passed = 0, failed = 0;
export async function test(name, body) {
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
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// ---- The page ------------------------------------------------------------------------------
// The folder of the wasm build that holds threadlab.html.
export function siteDir(buildDir) {
  for (const folder of ['web', 'ui'])
    if (existsSync(path.join(buildDir, folder, 'threadlab.html'))) return path.resolve(buildDir, folder);
  return null;
}

export function startServer(site) {
  return new Promise((resolve, reject) => {
    const server = spawn('python3', [path.join(root, 'web/serve.py'), site, '--port', '0'],
                         { stdio: ['ignore', 'pipe', 'inherit'] });
    server.on('error', reject);
    server.stdout.on('data', (data) => {
      const match = /http:\/\/[\d.]+:(\d+)\//.exec(String(data));
      if (match) resolve({ server, url: match[0] });
    });
    setTimeout(() => reject(new Error('web/serve.py did not start')), 10000);
  });
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--disable-quic', '--use-gl=angle', '--use-angle=swiftshader',
           '--enable-unsafe-swiftshader'],
  });
}

// A new page (in its own context) at `url`, once threadlab.ready has resolved; its console
// errors go to `errors`.
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
