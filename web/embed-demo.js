// The sample course page's side of the postMessage API (README, "Embedding"): it loads two
// lessons, drives the first with its own buttons and shows the outcome event it receives.
'use strict';

const race = document.getElementById('race');
const statusText = document.getElementById('status');
const outcome = document.getElementById('outcome');
const runButton = document.getElementById('run');
const stopButton = document.getElementById('stop');

// Each lesson is told which origin it may obey (this page's) with ?parent=.
for (const frame of document.querySelectorAll('iframe[data-src]')) {
  const src = new URL(frame.dataset.src, location.href);
  src.searchParams.set('parent', location.origin);
  frame.src = src.href;
}
const raceOrigin = new URL(race.src).origin;

function send(message) {
  race.contentWindow.postMessage(message, raceOrigin);
}

window.addEventListener('message', (event) => {
  if (event.source !== race.contentWindow || event.origin !== raceOrigin) return;
  const data = event.data;
  if (data.type === 'threadlab:ready') {
    runButton.disabled = stopButton.disabled = false;
    // The threadless build (a browser that gives the frame no threads) runs them one at a time.
    statusText.textContent = data.build === 'fibers' ? 'Ready (its threads take turns here)' : 'Ready';
  } else if (data.type === 'threadlab:started') {
    statusText.textContent = `Run ${data.run} started with ${data.values.workers} workers…`;
  } else if (data.type === 'threadlab:finished') {
    statusText.textContent = `Run ${data.run}: ${data.status}`;
    outcome.textContent = JSON.stringify(data, null, 2);
  } else if (data.type === 'threadlab:error') {
    statusText.textContent = `Refused: ${data.message}`;
  } else if (data.type === 'threadlab:failed') {  // the frame says why, and links to a new tab
    statusText.textContent = `This lesson cannot run here (${data.reason})`;
  }
});

runButton.addEventListener('click', () => {
  const workers = Number(document.getElementById('workers').value);
  send({ type: 'threadlab:run', values: { workers, updates: workers } });
});
stopButton.addEventListener('click', () => send({ type: 'threadlab:stop' }));
