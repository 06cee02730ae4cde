// What the browser tests share: a tiny runner, Debian's Chromium through playwright-core,
// and local HTTP servers (each on its own port).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

// ---- A tiny runner -----------------------------------------------------------------------
// TEST_FILTER=regex runs only the tests whose names match (while working on one).
export const results = { passed: 0, failed: 0 };
export async function test(name, body) {
  if (process.env.TEST_FILTER && !new RegExp(process.env.TEST_FILTER).test(name)) return;
  try {
    await body();
    results.passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    results.failed++;
    console.log(`FAIL ${name}\n     ${String(error.stack || error).split('\n').slice(0, 6).join('\n     ')}`);
  }
}
export function check(condition, message) { if (!condition) throw new Error(message); }
export function equal(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  check(a === e, `${what}:\n  got      ${a}\n  expected ${e}`);
}

// ---- The browser ---------------------------------------------------------------------------
// WebGL2 on the CPU (SwiftShader). `extraArgs` for what one test file needs.
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--disable-quic', '--use-gl=angle', '--use-angle=swiftshader',
           '--enable-unsafe-swiftshader', ...extraArgs],
  });
}

// ---- Servers -------------------------------------------------------------------------------
// Starts a server process and resolves with {process, port, match} once it prints
// `pattern` (whose first group is the port, or what the test wants of the line). `quiet`
// drops its stderr (python's http.server logs every request there).
export function startProcess(command, args, pattern, { quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'] });
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

// A server of fixed pages (path -> html), with these headers on each response.
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
