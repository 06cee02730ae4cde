// The page's text layer: what the canvas draws, mirrored in the DOM for people and tools that
// cannot read a canvas (screen readers, browser find, selecting the log, the keyboard's Tab).
//
//   the lesson's title and teaching text, the run's status and outcome (an aria-live region),
//   the log as selectable text, and the controls a keyboard reaches with Tab: Run/Stop, the
//   lesson list, each value (typed values are fitted as the canvas fits them, with its note).
//
// It stays out of sight until something in it has the focus, then shows as a panel on the
// right. Keys pressed inside it stay with it; Tab elsewhere leaves the canvas for it (SDL
// would otherwise keep Tab for ImGui). Appended to the Emscripten output (--post-js) after
// api.js, like it: runs in the page only.
if (!ENVIRONMENT_IS_PTHREAD) (function () {
  'use strict';
  const kMaxLogLines = 2000;  // the DOM keeps the newest; the canvas and Copy have them all
  const kPollMs = 250;

  const call = Module.threadlabCall;  // api.js's, as link.js and messages.js use it

  function element(tag, attributes = {}, text = '') {
    const node = document.createElement(tag);
    for (const name of Object.keys(attributes)) node.setAttribute(name, attributes[name]);
    if (text) node.textContent = text;
    return node;
  }

  const root = element('section', { id: 'tl-text', 'aria-label': 'ThreadLab lesson, as text' });
  const title = element('h1');
  const keys = element('p', {}, 'Keys on the canvas: Ctrl+Enter runs, Escape stops; click a ' +
    'value to type it. Here: Tab moves between the controls below.');
  const runButton = element('button', { type: 'button' }, 'Run');
  const lessonLabel = element('label', {}, 'Lesson ');
  const lessonSelect = element('select');
  lessonLabel.appendChild(lessonSelect);
  const values = element('fieldset');
  values.appendChild(element('legend', {}, 'Values'));
  const valueInputs = element('div');
  values.appendChild(valueInputs);
  const note = element('p', { role: 'status' });
  const status = element('p', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const outcome = element('p', { 'aria-live': 'polite', 'aria-atomic': 'true' });
  const moment = element('p', { 'aria-live': 'polite', 'aria-atomic': 'true' });
  const text = element('div');
  const logHeading = element('h2', {}, 'Log');
  const log = element('ol', { 'aria-label': 'Log' });
  for (const node of [title, keys, runButton, lessonLabel, values, note, status, outcome, moment, text,
                      logHeading, log])
    root.appendChild(node);

  let shown = { lesson: null, run: -1, text: '', running: null };
  let logCount = 0;

  function showLesson(page) {
    title.textContent = page.title;
    lessonSelect.value = page.lesson;
    valueInputs.textContent = '';
    for (const param of page.params) {
      const label = element('label', { title: param.help }, `${param.name} `);
      const input = element('input', param.kind === 'boolean'
        ? { type: 'checkbox', name: param.name }
        : { type: 'text', inputmode: 'decimal', name: param.name,
            'aria-description': `${param.help}; from ${param.min} to ${param.max}` });
      input.addEventListener('change', () => {
        const typed = input.type === 'checkbox' ? String(input.checked) : input.value.trim();
        note.textContent = call('tl_set_value', param.name, typed);
        update(input);  // the box shows what its value became, as the note says
      });
      label.appendChild(input);
      valueInputs.appendChild(label);
    }
  }

  // Each box shows its value, except the one being typed in (unless `typed`: just set).
  function showValues(page, typed) {
    for (const param of page.params) {
      const input = valueInputs.querySelector(`input[name="${param.name}"]`);
      if (!input || (input === document.activeElement && input !== typed)) continue;
      if (input.type === 'checkbox') input.checked = param.value === 'true';
      else input.value = param.value;
      input.disabled = page.running;
    }
  }

  function showLog(page) {
    if (page.run !== shown.run || page.logFrom < logCount) {
      log.textContent = '';
      logCount = 0;
    }
    for (const line of page.log) log.appendChild(element('li', {}, line));
    logCount = page.logFrom + page.log.length;
    while (log.childElementCount > kMaxLogLines) log.firstElementChild.remove();
  }

  // The timeline's scrubber at a moment: each thread's state then, and how much was logged.
  function momentText(scrub) {
    if (!scrub.on) return '';
    const threads = scrub.threads.map((thread) => `${thread.name}: ${thread.words}`).join('; ');
    return `At ${scrub.time.toFixed(3)} s: ${threads}. The log had ${scrub.logLines} lines` +
      (scrub.lastLine ? `, the last: ${scrub.lastLine}` : '') + '.';
  }

  function update(typed = null) {
    const page = JSON.parse(call('tl_page', logCount));
    if (page.lesson !== shown.lesson) showLesson(page);
    showValues(page, typed);
    if (page.text !== shown.text) {
      text.textContent = '';
      for (const paragraph of page.text.split('\n\n')) text.appendChild(element('p', {}, paragraph));
    }
    if (page.running !== shown.running) runButton.textContent = page.running ? 'Stop' : 'Run';
    if (status.textContent !== page.status) status.textContent = page.status;
    const said = page.outcome ? `Outcome: ${page.outcome}` : '';
    if (outcome.textContent !== said) outcome.textContent = said;
    if (note.textContent !== page.note) note.textContent = page.note;
    const atMoment = momentText(page.scrub);
    if (moment.textContent !== atMoment) moment.textContent = atMoment;
    showLog(page);
    if (page.logLines > logCount) return update();  // more than one call's worth
    shown = { lesson: page.lesson, run: page.run, text: page.text, running: page.running };
    window.threadlab.page = page;  // tests find the fields' spots here
  }

  runButton.addEventListener('click', () => {
    const state = window.threadlab.state();
    if (runButton.textContent === 'Stop') window.threadlab.stop();
    else window.threadlab.run(state.lesson, state.params).catch((error) => (note.textContent = error.message));
    setTimeout(update, 30);
  });
  lessonSelect.addEventListener('change', () => {
    window.threadlab.select(lessonSelect.value);
    update();
  });

  // Keys typed into the layer are the layer's: SDL listens on the whole window and would act
  // on them too (and keep Backspace and Tab from the browser). Tab anywhere else leaves the
  // canvas for the layer, unless a value on the canvas is being typed.
  for (const type of ['keydown', 'keypress', 'keyup']) {
    window.addEventListener(type, (event) => {
      if (root.contains(event.target)) event.stopPropagation();
      else if (event.key === 'Tab' && !(window.threadlab.page || {}).typing) event.stopPropagation();
    }, true);
  }

  // A phone has no keys for the canvas: a tap on a value field types in the layer's box for
  // that value instead, which brings up the phone's keyboard. Focused in the tap's own event,
  // as phones ask; a drag across the field is left to the canvas.
  let touchStart = null;
  function onTouchEnd(event) {
    const touch = event.changedTouches[0];
    const start = touchStart;
    touchStart = null;
    const page = window.threadlab.page;
    if (!start || !page || page.running || event.changedTouches.length !== 1) return;
    if (Math.hypot(touch.clientX - start.x, touch.clientY - start.y) > 8) return;
    const bounds = Module.canvas.getBoundingClientRect();
    const x = touch.clientX - bounds.left, y = touch.clientY - bounds.top;
    const field = page.fields.find((f) => f.visible && x >= f.x && x <= f.x + f.w &&
                                          y >= f.y && y <= f.y + f.h);
    const input = field && valueInputs.querySelector(`input[name="${field.name}"]`);
    if (!input || input.type === 'checkbox') return;
    input.focus();
    input.select();
  }

  window.threadlab.ready.then(() => {
    for (const lesson of window.threadlab.lessons())
      lessonSelect.appendChild(element('option', { value: lesson.id }, lesson.title));
    const canvas = Module.canvas;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'ThreadLab playground: the lesson\'s code with its values, ' +
      'the run\'s log and a timeline of its threads. The same, as text, follows the canvas.');
    canvas.after(root);
    canvas.addEventListener('touchstart', (event) => {
      touchStart = { x: event.touches[0].clientX, y: event.touches[0].clientY };
    }, { passive: true });
    canvas.addEventListener('touchend', onTouchEnd, { passive: true });
    update();
    setInterval(() => update(), kPollMs);
  });
})();
