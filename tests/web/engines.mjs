// The three browser engines behind one small interface, for the tests that must hold in each:
// Debian's Chromium and Firefox ESR through puppeteer-core over WebDriver BiDi, and WebKitGTK's
// MiniBrowser through WebKitWebDriver (classic WebDriver, which puppeteer does not speak) with
// selenium-webdriver. Each launch is a new browser with a new profile and one tab:
//
//   const browser = await launch('firefox');   // 'chromium', 'firefox' or 'webkit'
//   await browser.goto(url);
//   await browser.waitFor(() => window.threadlab, null, 'the API');    // in the tab, or in
//   await browser.frame('lesson0').evaluate(() => threadlab.state());  // a frame by its name
//   const tab = await browser.tabOpenedBy(() => browser.click(x, y));   // a tab the page opens
//   await tab.close();
//   await browser.close();
//
// What each engine needs here (measured on Debian 12, no GPU):
//   chromium  Chromium 156 headless; WebGL2 on SwiftShader (harness.mjs's kChromiumArgs).
//   firefox   Firefox ESR 153. Headless, it has no WebGL at all ("AllowWebgl2:false", and with
//             webgl.force-enabled "Exhausted GL driver options"), so it runs in a window on
//             Xvfb, where WebGL2 runs on Mesa's llvmpipe.
//   webkit    WebKitGTK 2.50 MiniBrowser (--automation) needs a display too: Xvfb; WebGL2 works
//             there (its renderer says "Apple GPU").
// ENGINES=firefox,webkit runs a test file in those engines only.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kChromiumArgs, startProcess } from './harness.mjs';

const require = createRequire(import.meta.url);
const puppeteer = require('puppeteer-core');
const { Builder, By, Key, Origin } = require('selenium-webdriver');

export const kEngines = ['chromium', 'firefox', 'webkit'];
export const engines = () => (process.env.ENGINES ? process.env.ENGINES.split(',') : kEngines);
const kMiniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// ---- Which build runs in each engine -------------------------------------------------------------
// The page runs the threads build where the browser gives it threads, and the threadless build
// (fibers, one thread at a time) everywhere else (web/page.js); state().build says which.
// WebKitGTK hides SharedArrayBuffer and will not post a shared memory to a worker (JSC's option
// useSharedArrayBuffer is off; JSC_useSharedArrayBuffer=1 in the environment would turn it on,
// as no user's browser does), and no browser but Chromium isolates a frame of a page that is
// not isolated itself. Only where ?build=threads forces threads that cannot run does the page
// explain instead, by these reasons.
export const kRunsThreads = {
  top: { chromium: true, firefox: true, webkit: false },
  framed: { chromium: true, firefox: false, webkit: false },  // in a course page with no headers
};
export const kNoThreadsReason = { top: 'no-wasm-threads', framed: 'not-isolated' };
export const buildIn = (where, engine) => (kRunsThreads[where][engine] ? 'threads' : 'fibers');

// ---- One display for the engines that need one ---------------------------------------------
let display = null;
async function xDisplay() {
  display ||= startProcess('Xvfb', ['-displayfd', '1', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], /^(\d+)\n/,
                           { quiet: true });
  return `:${(await display).port}`;
}
export async function stopDisplay() {
  if (display) (await display).process.kill();
  display = null;
}

// ---- Launching --------------------------------------------------------------------------------
// Chromium's profiles (measured in Chromium 156): "allowed", its default; "cookies blocked", its
// setting "Block third-party cookies", under which a frame of another site still gets storage
// and a service worker, partitioned by the top-level site; "storage blocked", that setting with
// storage partitioning off (as before Chromium 115, or by the enterprise policy
// DefaultThirdPartyStoragePartitioningSetting), where that frame gets none ("The user denied
// permission to use Service Worker").
export const kChromiumProfiles = ['allowed', 'cookies blocked', 'storage blocked'];

// `profile`: one of kChromiumProfiles, for Chromium.
export async function launch(engine, { profile = 'allowed', width = 1280, height = 800 } = {}) {
  if (engine === 'webkit') return launchWebKit(width, height);
  const options = { protocol: 'webDriverBiDi', defaultViewport: { width, height } };
  let userDataDir = null;  // puppeteer removes the profiles it makes, not this one
  if (engine === 'chromium') {
    userDataDir = mkdtempSync(path.join(tmpdir(), 'threadlab-chromium-'));
    const block = profile !== 'allowed';
    mkdirSync(path.join(userDataDir, 'Default'));
    writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify({
      profile: { cookie_controls_mode: block ? 1 : 0, block_third_party_cookies: block } }));
    const args = profile === 'storage blocked' ? [...kChromiumArgs, '--disable-features=ThirdPartyStoragePartitioning'] : kChromiumArgs;
    Object.assign(options, { executablePath: '/usr/bin/chromium', headless: true, args, userDataDir });
  } else if (engine === 'firefox') {
    Object.assign(options, { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: false,
                             env: { ...process.env, DISPLAY: await xDisplay() } });
  } else {
    throw new Error(`unknown engine ${engine} (one of ${kEngines.join(', ')})`);
  }
  const browser = await puppeteer.launch(options);
  const close = async () => {
    await browser.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  };
  return puppeteerTab(browser, await browser.newPage(), close);
}

// ---- The interface: a tab (or a frame in it) -------------------------------------------------
// evaluate(fn, arg) runs fn(arg) in the page and resolves with its (JSON) result; waitFor polls
// it until it is truthy, through navigations, so a test waits for a state and never for a time.
function withWaiting(context) {
  context.waitFor = async (fn, arg, what, timeout = 90000) => {
    let last = null;
    for (const giveUp = Date.now() + timeout; Date.now() < giveUp; await new Promise((r) => setTimeout(r, 100))) {
      try {
        const value = await context.evaluate(fn, arg);
        if (value) return value;
      } catch (error) {
        last = error;  // a page or frame between two documents
      }
    }
    throw new Error(`waited ${timeout / 1000} s for ${what}${last ? ` (last error: ${last.message})` : ''}`);
  };
  return context;
}

function puppeteerTab(browser, page, close) {
  // A frame by its name, looked up at each use: a reload replaces it.
  async function frameNamed(name) {
    for (const frame of page.frames()) {
      if (await frame.evaluate(() => window.name).catch(() => '') === name) return frame;
    }
    throw new Error(`no frame named ${name}`);
  }
  return withWaiting({
    version: async () => (await browser.version()).replace(/\/@.*/, ''),  // Chromium's adds a hash
    goto: (url) => page.goto(url),
    reload: () => page.reload(),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    frame: (name) => withWaiting({ evaluate: async (fn, arg) => (await frameNamed(name)).evaluate(fn, arg) }),
    click: (x, y) => page.mouse.click(x, y, { delay: 40 }),
    type: (text) => page.keyboard.type(text, { delay: 40 }),
    press: (key) => page.keyboard.press(key, { delay: 40 }),
    screenshot: (file) => page.screenshot({ path: file }),
    // The browser may hold other tabs than the test's (its first, blank one): the new one is
    // none of those there before. Once it closes, the test's tab comes to the front again, where
    // it draws its frames.
    tabOpenedBy: async (action) => {
      const before = browser.targets();
      const opened = browser.waitForTarget((target) => target.type() === 'page' && !before.includes(target));
      await action();
      const tab = await (await opened).page();
      return puppeteerTab(browser, tab, async () => {
        await tab.close();
        await page.bringToFront();
      });
    },
    close,
  });
}

// WebKitWebDriver prints nothing when it is up: it gets a port that was free a moment ago, and
// is ready once it answers /status.
async function startWebKitWebDriver(env) {
  const probe = createServer();
  const port = await new Promise((resolve) => probe.listen(0, '127.0.0.1', () => resolve(probe.address().port)));
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn('WebKitWebDriver', [`--port=${port}`], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (const giveUp = Date.now() + 10000; Date.now() < giveUp; await new Promise((r) => setTimeout(r, 100))) {
    if (await fetch(`${url}/status`).then((response) => response.ok, () => false)) return { process: child, url };
  }
  child.kill();
  throw new Error(`WebKitWebDriver did not answer on port ${port}`);
}

async function launchWebKit(width, height) {
  const env = { ...process.env, DISPLAY: await xDisplay() };
  const { process: driverProcess, url } = await startWebKitWebDriver(env);
  const driver = await new Builder().usingServer(url).withCapabilities({
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: kMiniBrowser, args: ['--automation'] },
  }).build();
  await driver.manage().setTimeouts({ script: 120000 });
  await driver.manage().window().setRect({ width, height });
  const close = async () => {
    await driver.quit().catch(() => {});
    driverProcess.kill();
  };
  const handle = await driver.getWindowHandle();
  return webkitTab(driver, { turn: Promise.resolve(), window: handle }, handle, close);
}

// Classic WebDriver runs one command at a time in one window and frame: each use of a tab or a
// frame switches to it, in turn. `queue`: the driver's last command, and the window it is in.
function webkitTab(driver, queue, handle, close) {
  const inTurn = (action) => (queue.turn = queue.turn.then(action, action));
  const inWindow = (action) => inTurn(async () => {
    if (queue.window !== handle) await driver.switchTo().window(handle);
    queue.window = handle;
    return action();
  });
  const run = (fn, arg) => driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     Promise.resolve().then(() => (${fn})(arguments[0]))
       .then((value) => done({ value }), (error) => done({ error: String(error && error.message || error) }));`, arg)
    .then((result) => { if (result.error !== undefined) throw new Error(result.error); return result.value; });
  const inFrame = (name, action) => inWindow(async () => {
    await driver.switchTo().defaultContent();
    await driver.switchTo().frame(await driver.findElement(By.css(`iframe[name="${name}"]`)));
    try { return await action(); } finally { await driver.switchTo().defaultContent(); }
  });
  const actions = () => driver.actions({ async: true });
  const keys = { Enter: Key.ENTER };
  return withWaiting({
    version: async () => `MiniBrowser/${(await driver.getCapabilities()).get('browserVersion')}`,
    goto: (url) => inWindow(() => driver.get(url)),
    reload: () => inWindow(() => driver.navigate().refresh()),
    evaluate: (fn, arg) => inWindow(() => run(fn, arg)),
    frame: (name) => withWaiting({ evaluate: (fn, arg) => inFrame(name, () => run(fn, arg)) }),
    click: (x, y) => inWindow(() => actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT })
      .press().pause(40).release().perform()),
    type: (text) => inWindow(() => actions().sendKeys(text).perform()),
    press: (key) => inWindow(() => actions().sendKeys(keys[key] || key).perform()),
    screenshot: (file) => inWindow(async () => writeFileSync(file, Buffer.from(await driver.takeScreenshot(), 'base64'))),
    tabOpenedBy: async (action) => {
      const before = await inTurn(() => driver.getAllWindowHandles());
      await action();
      for (const giveUp = Date.now() + 10000; Date.now() < giveUp; await new Promise((r) => setTimeout(r, 100))) {
        const opened = (await inTurn(() => driver.getAllWindowHandles())).find((each) => !before.includes(each));
        if (opened) return webkitTab(driver, queue, opened, () => inTurn(async () => {
          await driver.switchTo().window(opened);
          await driver.close();
          queue.window = null;  // none: the next command switches to its own
        }));
      }
      throw new Error('no tab opened');
    },
    close,
  });
}

// ---- The page in any of them ------------------------------------------------------------------
// A static host, as python3 -m http.server is (no header but the type), that keeps the paths it
// was asked for, in order: a test counts the page's loads by them.
const kTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
export function serveStatic(dir) {
  const requests = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://host');
    requests.push(url.pathname + url.search);
    const name = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const file = path.join(dir, name);
    if (name.includes('/') || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': kTypes[path.extname(name)] || 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, requests })));
}

// Resolves with 'ready' once ThreadLab runs in `context` (a tab or a frame), or with the
// reason of the explanation it shows instead (web/page.js).
export const readyOrReason = (context, what) => context.waitFor(
  () => document.getElementById('status')?.dataset.reason || (window.threadlab && threadlab.state().ready !== false && 'ready'),
  null, `${what}: ThreadLab running, or its explanation`);
export const explanation = (context) => context.evaluate(() => ({
  title: document.getElementById('status').dataset.problem,
  text: document.getElementById('problem').innerText,
}));
