// The SCORM launch page's logic. It finds the LMS's API object with @gamestdio/scorm (a
// port of the pipwerks wrapper: the standard walk up the parent windows, then the opener's),
// shows ThreadLab's compact view of one level at a time in a child frame, listens to the
// frame's threadlab:goal events, and records in the LMS:
//   status    passed (1.2) / completed and passed (2004) once every level is won,
//             incomplete until then (a learner who stops has not failed: they may come back)
//   score     levels won / levels: raw 0..100 (and scaled 0..1 in 2004)
//   suspend   "won:ID,ID": the levels won, so a learner who returns sees them won
//   time      the session's time, when the page goes away
// Without an LMS (the page opened by itself) the levels still play; nothing is recorded.
'use strict';
(function () {
  const course = window.threadlabCourse;  // course.js: {title, levels: [{id, title}]}
  const scorm = exports.scorm;
  const kSuspendPrefix = 'won:';
  const kMaxSuspend = 4096;  // SCORM 1.2's limit for cmi.suspend_data (2004 allows more)
  const startedAt = Date.now();
  const won = new Set();
  let shown = null;          // the level in the frame
  let frameReady = false;

  const frame = document.getElementById('lesson');
  const nav = document.getElementById('levels');
  const recordText = document.getElementById('record');
  document.getElementById('title').textContent = course.title;
  document.title = course.title;

  // The wrapper reads each option as "on" once it is given, and turns its console debug off
  // only when `debug` is left out.
  scorm.configure({ handleExitMode: true, handleCompletionStatus: true });
  const connected = scorm.initialize();
  if (connected) readSuspendData(String(scorm.get('cmi.suspend_data') || ''));

  function readSuspendData(text) {
    if (!text.startsWith(kSuspendPrefix) || text.length > kMaxSuspend) return;
    const known = new Set(course.levels.map((level) => level.id));
    for (const id of text.slice(kSuspendPrefix.length).split(','))
      if (known.has(id)) won.add(id);
  }

  function sessionTime() {
    const seconds = Math.max(0, Math.round((Date.now() - startedAt) / 1000));
    const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    if (scorm.version === '1.2')
      return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    return `PT${h}H${m}M${s}S`;
  }

  function record() {
    const total = course.levels.length;
    const done = won.size === total;
    recordText.textContent = `${won.size} of ${total} levels won` +
        (connected ? (done ? ': passed, recorded in your course' : ': recorded in your course')
                   : ' (no LMS found: this is not recorded)');
    if (!connected) return;
    const raw = String(Math.round((100 * won.size) / total));
    const suspend = kSuspendPrefix + course.levels.filter((level) => won.has(level.id)).map((level) => level.id).join(',');
    scorm.set('cmi.suspend_data', suspend.slice(0, kMaxSuspend));
    if (scorm.version === '1.2') {
      scorm.set('cmi.core.score.min', '0');
      scorm.set('cmi.core.score.max', '100');
      scorm.set('cmi.core.score.raw', raw);
      scorm.set('cmi.core.lesson_status', done ? 'passed' : 'incomplete');
    } else {
      const scaled = String(Math.round((1000 * won.size) / total) / 1000);
      scorm.set('cmi.score.min', '0');
      scorm.set('cmi.score.max', '100');
      scorm.set('cmi.score.raw', raw);
      scorm.set('cmi.score.scaled', scaled);
      scorm.set('cmi.progress_measure', scaled);
      scorm.set('cmi.completion_status', done ? 'completed' : 'incomplete');
      scorm.set('cmi.success_status', done ? 'passed' : 'unknown');
    }
    scorm.commit();
  }

  let finished = false;
  function finish() {
    if (finished || !connected) return;
    finished = true;
    scorm.set(scorm.version === '1.2' ? 'cmi.core.session_time' : 'cmi.session_time', sessionTime());
    scorm.terminate();
  }
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);

  // ---- The levels, and the frame that plays them ----
  const buttons = new Map();
  function drawMarks() {
    for (const [id, button] of buttons) {
      button.classList.toggle('won', won.has(id));
      button.setAttribute('aria-current', String(id === shown));
      button.textContent = `${won.has(id) ? '\u25cf' : '\u25cb'} ${course.levels.find((level) => level.id === id).title}`;
      button.title = won.has(id) ? 'won' : 'not won yet';
    }
  }
  for (const level of course.levels) {
    const button = document.createElement('button');
    button.type = 'button';
    button.addEventListener('click', () => show(level.id));
    buttons.set(level.id, button);
    nav.append(button);
  }

  // The frame may obey only this page (?parent=); a page opened from a file has no origin to name.
  const lessonUrl = (level) => {
    const url = new URL('threadlab/index.html', location.href);
    url.search = `view=compact&level=${encodeURIComponent(level)}`;
    if (location.origin !== 'null') url.searchParams.set('parent', location.origin);
    return url;
  };
  const frameOrigin = lessonUrl(course.levels[0].id).origin;

  function show(level) {
    shown = level;
    drawMarks();
    if (frameReady) frame.contentWindow.postMessage({ type: 'threadlab:set-level', level }, frameOrigin);
  }

  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== frameOrigin) return;
    const data = event.data;
    if (data === null || typeof data !== 'object') return;
    if (data.type === 'threadlab:ready') {
      frameReady = true;
      if (data.level !== shown) show(shown);
    } else if (data.type === 'threadlab:goal' && data.won === true && buttons.has(data.level) && !won.has(data.level)) {
      won.add(data.level);  // a replayed win (won: false) shows the answer, it does not earn it
      drawMarks();
      record();
    }
  });

  shown = (course.levels.find((level) => !won.has(level.id)) || course.levels[0]).id;
  frame.src = lessonUrl(shown).href;
  drawMarks();
  record();
})();
