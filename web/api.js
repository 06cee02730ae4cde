// window.threadlab: the page's JS API, for tests and for pages that embed ThreadLab.
//
//   await threadlab.ready                      resolves once the first frame is drawn
//   threadlab.lessons()                        [{id, title, params: [{name, kind, default, min, max, help}]}]
//   threadlab.select(id)                       shows a lesson (throws on an unknown id)
//   await threadlab.run(id, params, {speed})   {run, lesson, status, exitStatus, log, outcome, deadlock, time}
//   await threadlab.stop()                     stops the run; resolves with state() once it has ended
//   threadlab.state()                          {frame, lesson, params, speed, run, running, status, ...}
//
// exitStatus is the CLI's: 0 ran, 1 an exception escaped a thread, 3 deadlocked (the run stays deadlocked until stop()),
// 130 stopped. Bad input (unknown lesson or parameter, a value out of range) rejects with
// an Error whose message names the problem and whose exitStatus is 2.
//
// Appended to the Emscripten output (--post-js): it runs in the page and in each pthread
// worker, and only the page needs it.
if (!ENVIRONMENT_IS_PTHREAD) (function () {
  'use strict';
  let markReady;
  let isReady = false;
  const ready = new Promise((resolve) => { markReady = resolve; });
  const pending = new Map();  // run id -> resolve of its run() promise
  let poller = 0;

  const call = (name, ...args) =>
    Module.ccall(name, 'string', args.map((a) => (typeof a === 'number' ? 'number' : 'string')), args);
  const json = (name, ...args) => JSON.parse(call(name, ...args));

  function badInput(message) {
    const error = new Error(message);
    error.exitStatus = 2;
    return error;
  }
  function requireReady() {
    if (!isReady) throw new Error('ThreadLab is still loading: await threadlab.ready first');
  }

  // Stages a lesson and its values in the app; throws on the first bad one.
  function prepare(id, params) {
    if (typeof id !== 'string') throw badInput('the lesson id must be a string, like "race-condition"');
    if (params === null || typeof params !== 'object' || Array.isArray(params))
      throw badInput('params must be an object, like {workers: 5}');
    let error = call('tl_prepare', id);
    // (No destructuring in for-of: Emscripten 3.1.6's JS minifier mangles it.)
    for (const name of Object.keys(params)) {
      if (error) break;
      const value = params[name];
      if (typeof value === 'number') error = call('tl_set_number', name, value);
      else if (typeof value === 'boolean') error = call('tl_set_number', name, value ? 1 : 0);
      else if (typeof value === 'string') error = call('tl_set_text', name, value);
      else error = `${name} must be a number, true/false or a string, got ${JSON.stringify(value)}`;
    }
    if (error) throw badInput(error);
  }

  // Settles the run() promises: a run that ended resolves with its result; one that another
  // run or a lesson change replaced resolves as stopped.
  function poll() {
    const state = json('tl_state');
    for (const id of Array.from(pending.keys())) {
      const resolve = pending.get(id);
      if (id === state.run && !state.ended) continue;
      pending.delete(id);
      resolve(id === state.run ? json('tl_result')
        : { run: id, status: 'stopped', exitStatus: 130, log: [], outcome: 'replaced by another run', deadlock: '' });
    }
    if (pending.size === 0) { clearInterval(poller); poller = 0; }
    return state;
  }

  const api = {
    ready,
    lessons() { requireReady(); return json('tl_lessons'); },
    select(id) {
      requireReady();
      const error = call('tl_select', String(id));
      if (error) throw badInput(error);
      poll();
    },
    async run(id, params = {}, options = {}) {
      await ready;
      const speed = options.speed === undefined ? 0 : options.speed;
      if (typeof speed !== 'number' || !(speed > 0 || options.speed === undefined) || speed > 1000)
        throw badInput(`speed must be a number from 0.1 to 1000, got ${JSON.stringify(options.speed)}`);
      prepare(id, params);
      const started = json('tl_start', speed);
      if (started.error) throw badInput(started.error);
      const result = new Promise((resolve) => pending.set(started.run, resolve));
      poll();  // settles the run this one replaced
      if (!poller) poller = setInterval(poll, 15);
      return result;
    },
    async stop() {
      requireReady();
      call('tl_stop');
      let state = poll();
      while (state.status !== null && !state.done) {
        await new Promise((resolve) => setTimeout(resolve, 15));
        state = poll();
      }
      return state;
    },
    state() { return isReady ? poll() : { ready: false }; },
  };
  window.threadlab = api;

  // A link chooses the lesson and its values: ?lesson=race-condition&workers=5&speed=2&autorun=1.
  // Unlike run(), a link forgives: a bad value keeps its default and the status line says
  // why, so a typo in a course page still opens the right lesson. Only a clean link autoruns.
  function applyLink() {
    const query = new URLSearchParams(location.search);
    const id = query.get('lesson');
    if (id === null) return;
    const problems = [];
    const unknown = call('tl_prepare', id);
    if (unknown) { call('tl_message', `link: ${unknown}`); return; }
    query.forEach((value, name) => {
      if (['lesson', 'speed', 'autorun'].includes(name)) return;
      const error = call('tl_set_text', name, value);
      if (error) problems.push(error);
    });
    const speedError = call('tl_commit', query.get('speed') || '');
    if (speedError) problems.push(speedError);
    if (problems.length > 0) {
      call('tl_message', `link: ${problems.join('; ')} (kept the default${problems.length > 1 ? 's' : ''})`);
    } else if (query.get('autorun') === '1') {
      const started = json('tl_start', 0);
      if (started.error) call('tl_message', `link: ${started.error}`);
    }
  }

  Module.threadlabReady = () => {
    isReady = true;
    applyLink();
    markReady(api);
  };
})();
