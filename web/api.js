// window.threadlab: the page's JS API, for tests and for pages that embed ThreadLab.
//
//   await threadlab.ready                      resolves once the first frame is drawn
//   threadlab.lessons()                        [{id, title, params: [{name, kind, default, min, max, help}]}]
//   threadlab.select(id)                       shows a lesson (throws on an unknown id)
//   threadlab.selectLevel(id)                  plays a level of the challenges (state().challenge)
//   await threadlab.run(id, params, {speed, schedule})
//                                              {run, lesson, status, exitStatus, log, outcome, fields, deadlock, time, schedule}
//   await threadlab.stop()                     stops the run; resolves with state() once it has ended
//   threadlab.state()                          {frame, lesson, params, speed, run, running, status, ...}
//   threadlab.scrub(time)                      shows the ended run at `time` (lesson seconds), as
//                                              the timeline's scrubber does; null: the whole run.
//                                              Returns state().scrub: {on, time, events, logLines,
//                                              lastLine, threads: [{name, state, words}],
//                                              objects: [{name, kind, value, owner}], axis}
//
// Every run records its schedule, which thread took each step ("0x3.1.2x2": Thread 0 three
// steps, then 1, then 2 twice); run(id, params, {schedule}) replays it exactly (when a schedule
// ends before the run, the run waits in step mode, and run() resolves with status "running").
// Step mode, the learner (or a test) picks who moves:
//   await threadlab.stepMode(id, params, {everyStep})  starts it (no id: the lesson shown);
//                                              resolves with state() once the run waits for a pick
//   await threadlab.step(thread)               moves that thread one step; resolves with state()
//   await threadlab.undo()                     takes back the last pick (replays the run up to it)
// In step mode state().threads[i] has {next: "read value (0)", canGo, line}, line being the
// line of the shown C++ (from 1) that its next step is called from, which the code view marks
// (null when it stands in the runtime: a pool worker waiting for a task, a thread's end); a
// step only one thread can take is taken by itself, unless everyStep. state().many is the playground's Run ×100:
// {running, asked, done, outcomes: [{outcome, count, witness}]}, a witness being a schedule.
//
// Predict, then reveal: the learner ticks the endings they think the lesson shown can have,
// then sees what every interleaving shows:
//   await threadlab.predict()                  asks the question (its window opens; a question
//                                              about the same values stands, ticks and all);
//                                              resolves with state().prediction once the endings
//                                              are worked out: {candidates: [{id, label, ticked}], ...}
//   threadlab.tick(id, ticked = true)          ticks (or unticks) a candidate by its id, until the
//                                              reveal; returns state().prediction
//   threadlab.reveal()                         scores the ticks, once a question; returns
//                                              state().prediction, whose result is {seq, lesson,
//                                              predicted, actual, missed, wrong, right, of}
// With ?predict=1 (state().prediction.required) no run of a lesson starts before a prediction
// about it is revealed: run() and stepMode() reject with the reason.
//
// exitStatus is the CLI's: 0 ran, 1 an exception escaped a thread, 3 deadlocked (the run stays deadlocked until stop()),
// 130 stopped. Bad input (unknown lesson or parameter, a value out of range, a wrong type, a
// text too long) rejects with an Error whose message names the problem and whose
// exitStatus is 2. threadlab.limits() gives these numbers as the core defines them:
//   {minSpeed, maxSpeed, maxThreads, maxLinkLength, maxEndings, exitStatus: {ran, raised, usage, deadlock, cut, stopped}}
// and this file reads its own checks from there (tl_limits), rather than typing them again.
//
// Everything here may come from another page (messages.js relays postMessage commands), so
// each value is checked in JS before it reaches wasm: ccall copies strings onto the 5 MB
// stack, and C reads a string only up to its first NUL.
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
  const kMaxText = 64;     // a lesson id, a parameter name or a value given as text
  const kMaxParams = 32;   // more keys than any lesson has parameters
  const kMaxSchedule = 65536;  // characters of a schedule's text
  // How long predict() waits for the endings: the core explores at most 20 000 interleavings,
  // which the slowest lesson takes about a minute for natively. Only a broken build waits so.
  const kPredictPatience = 600000;  // ms

  const call = (name, ...args) =>
    Module.ccall(name, 'string', args.map((a) => (typeof a === 'number' ? 'number' : 'string')), args);
  const json = (name, ...args) => JSON.parse(call(name, ...args));
  // The core's own limits (tl_limits), read once the runtime is up: every check below that
  // needs one is made after threadlab.ready.
  let limits = null;
  const limitsOf = () => limits || (limits = json('tl_limits'));

  function badInput(message) {
    const error = new Error(message);
    error.exitStatus = limitsOf().exitStatus.usage;
    return error;
  }
  // The run() result of a run that another run or a lesson change replaced.
  function replaced(run) {
    return { run, status: 'stopped', exitStatus: limitsOf().exitStatus.stopped, log: [],
             outcome: 'replaced by another run', deadlock: '', schedule: '' };
  }
  function requireReady() {
    if (!isReady) throw new Error('ThreadLab is still loading: await threadlab.ready first');
  }
  // A value for an error message: short, whatever it is (BigInt, cyclic, a huge string).
  function describe(value) {
    if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    if (value === null || ['number', 'boolean', 'undefined'].includes(typeof value)) return String(value);
    if (typeof value === 'bigint') return `${String(value).slice(0, 40)}n (a BigInt)`;
    return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  }
  // A string safe to hand to C: bounded, and without the NUL that would cut it short.
  function text(value, what) {
    if (typeof value !== 'string') throw badInput(`${what} must be a string, got ${describe(value)}`);
    if (value.length > kMaxText) throw badInput(`${what} is ${value.length} characters long, more than ${kMaxText}`);
    if (value.includes('\0')) throw badInput(`${what} holds a NUL character: ${describe(value)}`);
    return value;
  }
  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  // Stages a lesson and its values in the app; throws on the first bad one.
  function prepare(id, params) {
    text(id, 'the lesson id');
    if (!isPlainObject(params)) throw badInput(`params must be an object, like {workers: 5}, got ${describe(params)}`);
    const names = Object.keys(params);
    if (names.length > kMaxParams) throw badInput(`params has ${names.length} keys, more than ${kMaxParams}`);
    let error = call('tl_prepare', id);
    // (No destructuring in for-of: Emscripten 3.1.6's JS minifier mangles it.)
    for (const name of names) {
      if (error) break;
      text(name, 'a parameter name');
      const value = params[name];
      if (typeof value === 'number') error = call('tl_set_number', name, value);
      else if (typeof value === 'boolean') error = call('tl_set_number', name, value ? 1 : 0);
      else if (typeof value === 'string') error = call('tl_set_text', name, text(value, name));
      else error = `${name} must be a number, true/false or a string, got ${describe(value)}`;
    }
    if (error) throw badInput(error);
  }

  // Settles the run() promises: a run that ended resolves with its result; one that another
  // run or a lesson change replaced resolves as stopped.
  function poll() {
    const state = json('tl_state');
    for (const id of Array.from(pending.keys())) {
      const resolve = pending.get(id);
      if (id === state.run && !state.ended && !state.awaiting) continue;
      pending.delete(id);
      resolve(id === state.run ? json('tl_result') : replaced(id));
    }
    if (pending.size === 0) { clearInterval(poller); poller = 0; }
    return state;
  }

  function optionsOf(options) {
    if (options === undefined) return {};
    if (!isPlainObject(options)) throw badInput(`options must be an object, like {speed: 2}, got ${describe(options)}`);
    return options;
  }
  // The speed of run()'s options: a number (the core checks its range), or none.
  function speedOf(options) {
    const speed = optionsOf(options).speed;
    if (speed === undefined) return 0;
    if (typeof speed !== 'number' || !(speed > 0)) {
      const core = limitsOf();  // (no destructuring: see prepare())
      throw badInput(`speed must be a number from ${core.minSpeed} to ${core.maxSpeed}, got ${describe(speed)}`);
    }
    return speed;
  }

  // The schedule of run()'s options, as text for C (which parses it), or ''.
  function scheduleOf(options) {
    const schedule = optionsOf(options).schedule;
    if (schedule === undefined) return '';
    if (typeof schedule !== 'string' || schedule === '')
      throw badInput(`schedule must be a non-empty string like "0x3.1.2x2" (a run's result.schedule), got ${describe(schedule)}`);
    if (schedule.length > kMaxSchedule) throw badInput(`schedule is ${schedule.length} characters long, more than ${kMaxSchedule}`);
    if (!/^[0-9x.]+$/.test(schedule)) throw badInput(`schedule must be thread numbers like "0x3.1.2x2", got ${describe(schedule)}`);
    return schedule;
  }

  // Resolves with state() once the run waits for a pick or has ended (step mode moves on its
  // own threads; this never blocks the page).
  async function settled() {
    for (let tries = 0; ; tries++) {
      const state = poll();
      if (state.awaiting || state.ended || !state.stepMode) return api.state();
      if (tries > 2000) throw new Error('the run did not come back to a step within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  const api = {
    ready,
    lessons() { requireReady(); return json('tl_lessons'); },
    limits() { requireReady(); return limitsOf(); },
    select(id) {
      requireReady();
      const error = call('tl_select', text(id, 'the lesson id'));
      if (error) throw badInput(error);
      poll();
    },
    // A level of the challenges (threadlab.state().challenge): its lesson, values and goal.
    selectLevel(id) {
      requireReady();
      const error = call('tl_select_level', text(id, 'the level id'));
      if (error) throw badInput(error);
      poll();
    },
    async run(id, params = {}, options = undefined) {
      await ready;
      const speed = speedOf(options);
      const schedule = scheduleOf(options);
      prepare(id, params);
      const started = json('tl_start', speed, schedule);
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
    async stepMode(id = undefined, params = {}, options = undefined) {
      await ready;
      const everyStep = optionsOf(options).everyStep;
      if (everyStep !== undefined && typeof everyStep !== 'boolean')
        throw badInput(`everyStep must be true or false, got ${describe(everyStep)}`);
      if (id !== undefined) prepare(id, params);
      const error = call('tl_step_mode', id !== undefined ? 1 : 0, everyStep ? 1 : 0);
      if (error) throw badInput(error);
      return settled();
    },
    async step(thread) {
      requireReady();
      const lastThread = limitsOf().maxThreads - 1;
      if (!Number.isInteger(thread) || thread < 0 || thread > lastThread)
        throw badInput(`thread must be a whole number from 0 to ${lastThread} (its index in state().threads), got ${describe(thread)}`);
      await settled();
      const error = call('tl_step', thread);
      if (error) throw badInput(error);
      return settled();
    },
    async undo() {
      requireReady();
      await settled();
      const error = call('tl_undo');
      if (error) throw badInput(error);
      return settled();
    },
    async predict() {
      await ready;
      const error = call('tl_predict');
      if (error) throw badInput(error);
      const giveUp = performance.now() + kPredictPatience;
      let prediction = poll().prediction;
      while (prediction.working) {
        if (performance.now() > giveUp) throw new Error(`the endings were not worked out within ${kPredictPatience / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 15));
        prediction = poll().prediction;
      }
      return prediction;
    },
    tick(id, ticked = true) {
      requireReady();
      text(id, 'the ending id');
      if (typeof ticked !== 'boolean') throw badInput(`ticked must be true or false, got ${describe(ticked)}`);
      const error = call('tl_tick', id, ticked ? 1 : 0);
      if (error) throw badInput(error);
      return poll().prediction;
    },
    reveal() {
      requireReady();
      const error = call('tl_reveal');
      if (error) throw badInput(error);
      return poll().prediction;
    },
    scrub(time) {
      requireReady();
      if (time !== null && !(typeof time === 'number' && time >= 0 && Number.isFinite(time)))
        throw badInput(`time must be lesson seconds from 0 on, or null for the whole run, got ${describe(time)}`);
      const error = call('tl_scrub', time === null ? -1 : time);
      if (error) throw new Error(error);
      return poll().scrub;
    },
    state() {
      if (!isReady) return { ready: false };
      return Object.assign(poll(), Module.threadlabPageState ? Module.threadlabPageState() : {});
    },
  };
  window.threadlab = api;

  // For link.js and messages.js, which run after this file.
  Module.threadlabCall = call;
  Module.threadlabJson = json;
  Module.threadlabText = text;
  Module.threadlabPrepare = prepare;
  Module.threadlabSpeedOf = speedOf;
  Module.threadlabReplaced = replaced;
  Module.threadlabOnReady = [];  // each is called with what the link asked (tl_open_link)

  Module.threadlabReady = () => {
    isReady = true;
    // The link chooses the lesson, values, speed and view (core/run/link.cpp reads it, and
    // refuses one longer than maxLinkLength after its '?': one character more than that still
    // says it is too long).
    const opened = json('tl_open_link', location.search.slice(0, 1 + limitsOf().maxLinkLength + 1));
    for (const onReady of Module.threadlabOnReady) onReady(opened);
    performance.mark('threadlab:ready');  // the last phase of the start (web/page.js)
    markReady(api);
  };
})();
