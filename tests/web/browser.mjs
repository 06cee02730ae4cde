// What the browser tests and benchmarks share: web/serve.py on a free port, Debian's Chromium
// through playwright-core with the flags that give WebGL2 on the CPU here (TOOLCHAIN.md,
// "Browser tests"), and a tiny test runner.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Serves dir with the isolation headers; resolves with {server, url}. Kill server when done.
export function startServer(dir) {
  return new Promise((resolve, reject) => {
    const server = spawn('python3', [path.join(root, 'web/serve.py'), dir, '--port', '0'],
                         { stdio: ['ignore', 'pipe', 'inherit'] });
    server.on('error', reject);
    server.stdout.on('data', (data) => {
      const match = /http:\/\/[\d.]+:(\d+)\//.exec(String(data));
      if (match) resolve({ server, url: match[0] });
    });
    setTimeout(() => reject(new Error(`web/serve.py ${dir} did not start`)), 10000).unref();
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

// A tiny test runner: test(name, body) prints "ok" or "FAIL" with the reason; summary()
// prints "N passed, N failed" and sets the exit status.
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
export function summary() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
