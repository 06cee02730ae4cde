// The postMessage API, for a course page that embeds ThreadLab in an <iframe>.
//
// Commands the page obeys (each a plain object):
//   {type: 'threadlab:select', lesson: 'semaphore'}
//   {type: 'threadlab:set', values: {permits: 2}, speed: 5}      the lesson shown; both optional
//   {type: 'threadlab:run', lesson: 'race-condition', values: {workers: 3}, speed: 5}
//                                                                all optional: the lesson shown
//   {type: 'threadlab:stop'}
//   {type: 'threadlab:set-level', level: 'lose-an-update'}       plays that challenge
// Events it posts:
//   {type: 'threadlab:ready', lesson, level, lessons: [ids], build}
//       level: the challenge shown, or null; build: 'threads', or 'fibers' where the browser
//       gives the frame no threads and they run one at a time (web/page.js)
//   {type: 'threadlab:started', run, lesson, values, speed}      any run, the learner's too
//   {type: 'threadlab:log', run, line}                           at most kMaxLogLines a run
//   {type: 'threadlab:finished', run, lesson, status, exitStatus, outcome, deadlock, fields}
//   {type: 'threadlab:error', command, message}                  a command that was refused
//   {type: 'threadlab:goal', level, won, steps, schedule}        a level's goal met, once a run:
//       won is false when a replay (a link, "show me") met it; a proof has steps 0, schedule ''
//   {type: 'threadlab:check', level, verdict, interleavings, parallelism, witness}
//       after "Check my fix": verdict proved|refuted|over-synchronised|refused, witness a
//       query that replays the break ('' unless refuted)
//   {type: 'threadlab:prediction', lesson, predicted, actual, missed}
//       after each reveal of "Predict, then reveal": the endings the learner ticked, the ones
//       some interleaving ends with, and those it can end with that were not ticked, as labels
//       ('ending value: 1', 'deadlock', 'an exception'): at most maxEndings (threadlab.limits())
//       a list, each cut to kMaxLabel characters. A question is revealed once.
//   {type: 'threadlab:failed', reason, message}                  the lesson cannot run here, or
//       stopped: posted by web/page.js, before this file runs, so it comes instead of ready (or
//       after it, when the runtime stops). reason: insecure | not-isolated | no-wasm-threads |
//       no-webgl | load-failed | crashed; message: what the frame shows, as text. Sent once, to
//       the same origin as the other events.
//
// Who is obeyed: with ?parent=ORIGIN, only the parent window at that origin, and events go
// to that origin alone; without it, only the parent window (any origin), and events go to
// it. Anything else (other windows, other origins, unknown types, wrong shapes, too many
// commands at once) is ignored and counted in threadlab.state().ignoredMessages.
//
// Appended to the Emscripten output after api.js (--post-js).
if (!ENVIRONMENT_IS_PTHREAD) (function () {
  'use strict';
  if (window.parent === window) return;  // not embedded: nobody to talk to
  const call = Module.threadlabCall;
  const json = Module.threadlabJson;
  const kMaxLogLines = 1000;
  const kMaxCommandsPerSecond = 20;
  const kMinRunInterval = 250;  // ms: a page cannot start runs faster than a person clicks
  const kMaxLabel = 80;  // characters of an ending's label (the core's are under 60)

  let parentOrigin = '';  // from ?parent=, read by core/run/link.cpp
  let ignored = 0;
  let recentCommands = [];
  let lastRunCommand = -Infinity;

  function post(message) {
    window.parent.postMessage(message, parentOrigin || '*');
  }

  // Commands: each checks its fields; api.js checks every value before it reaches wasm.
  const commands = {
    'threadlab:select'(data) { threadlab.select(data.lesson); },
    'threadlab:set'(data) {
      const state = threadlab.state();
      if (data.values !== undefined) {
        if (data.values === null || typeof data.values !== 'object' || Array.isArray(data.values))
          throw new Error('values must be an object, like {workers: 3}');
        Module.threadlabPrepare(state.lesson, Object.assign({}, state.params, data.values));
        call('tl_show');
      }
      if (data.speed !== undefined) {
        const error = call('tl_set_speed', Module.threadlabSpeedOf({ speed: data.speed }));
        if (error) throw new Error(error);
      }
    },
    'threadlab:run'(data) {
      const now = performance.now();
      if (now - lastRunCommand < kMinRunInterval) throw new Error(`one run per ${kMinRunInterval} ms at most`);
      lastRunCommand = now;
      const state = threadlab.state();
      const lesson = data.lesson === undefined ? state.lesson : data.lesson;
      const values = data.values === undefined ? (lesson === state.lesson ? state.params : {}) : data.values;
      // Its result comes as events, like a run the learner starts.
      threadlab.run(lesson, values, data.speed === undefined ? undefined : { speed: data.speed })
        .catch((error) => post({ type: 'threadlab:error', command: 'threadlab:run', message: String(error.message) }));
    },
    'threadlab:stop'() { threadlab.stop().catch(() => {}); },
    'threadlab:set-level'(data) { threadlab.selectLevel(data.level); },
  };

  function obeyed(event) {
    if (event.source !== window.parent) return false;
    if (parentOrigin && event.origin !== parentOrigin) return false;
    const data = event.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
    if (typeof data.type !== 'string' || !Object.prototype.hasOwnProperty.call(commands, data.type)) return false;
    const now = performance.now();
    recentCommands = recentCommands.filter((time) => now - time < 1000);
    if (recentCommands.length >= kMaxCommandsPerSecond) return false;
    recentCommands.push(now);
    return true;
  }

  window.addEventListener('message', (event) => {
    if (!obeyed(event)) { ignored++; return; }
    try {
      commands[event.data.type](event.data);
    } catch (error) {
      post({ type: 'threadlab:error', command: event.data.type, message: String(error.message || error).slice(0, 300) });
    }
  });

  // ---- Events: read from the app's state, so the learner's own runs are reported too ----
  let shownRun = 0;    // the run whose events went out
  let logSent = 0;
  let finished = true;

  function finish(run, lesson, result) {
    finished = true;
    post({ type: 'threadlab:finished', run, lesson, status: result.status, exitStatus: result.exitStatus,
           outcome: result.outcome, deadlock: result.deadlock,
           fields: result.fields || {} });  // what a course grades: {ending_value: 1, expected: 2}
  }

  // The challenges' results: each goal met and each check, once, in the order they ended.
  let goalsSent = 0;
  let checksSent = 0;
  function reportChallenge(challenge) {
    const result = challenge.result;
    if (result.seq !== goalsSent) {
      goalsSent = result.seq;
      // A schedule too long for a link would not replay from one: it is left out.
      const schedule = result.schedule.length <= threadlab.limits().maxLinkLength ? result.schedule : '';
      post({ type: 'threadlab:goal', level: result.level, won: result.won, steps: result.steps, schedule });
    }
    const check = challenge.check;
    if (check.seq !== checksSent && !check.running) {
      checksSent = check.seq;
      if (check.verdict !== null)
        post({ type: 'threadlab:check', level: check.level, verdict: check.verdict,
               interleavings: check.interleavings, parallelism: check.parallelism, witness: check.witness });
    }
  }

  // Each reveal of a prediction, once.
  let predictionsSent = 0;
  function reportPrediction(prediction) {
    const result = prediction.result;
    if (result.seq === predictionsSent) return;
    predictionsSent = result.seq;
    const labels = (list) => list.slice(0, threadlab.limits().maxEndings).map((label) => String(label).slice(0, kMaxLabel));
    post({ type: 'threadlab:prediction', lesson: result.lesson, predicted: labels(result.predicted),
           actual: labels(result.actual), missed: labels(result.missed) });
  }

  function watch() {
    const state = threadlab.state();
    reportChallenge(state.challenge);
    reportPrediction(state.prediction);
    if (state.run !== shownRun) {
      if (!finished) finish(shownRun, null, Module.threadlabReplaced(shownRun));
      shownRun = state.run;
      logSent = 0;
      finished = false;
      post({ type: 'threadlab:started', run: state.run, lesson: state.runLesson, values: state.params, speed: state.speed });
    }
    if (finished) return;
    while (logSent < Math.min(state.logLines, kMaxLogLines)) {
      const lines = json('tl_log_lines', logSent, Math.min(200, kMaxLogLines - logSent));
      if (lines.length === 0) break;
      for (const line of lines) post({ type: 'threadlab:log', run: shownRun, line });
      logSent += lines.length;
    }
    if (state.ended) finish(shownRun, state.runLesson, json('tl_result'));
  }

  Module.threadlabPageState = () => ({ ignoredMessages: ignored, parent: parentOrigin });
  Module.threadlabOnReady.push((opened) => {
    parentOrigin = opened.parent;
    const state = threadlab.state();
    goalsSent = state.challenge.result.seq;
    checksSent = state.challenge.check.seq;
    predictionsSent = state.prediction.result.seq;
    post({ type: 'threadlab:ready', lesson: state.lesson, level: state.challenge.level,
           lessons: threadlab.lessons().map((l) => l.id), build: state.build });
    setInterval(watch, 50);
  });
})();
