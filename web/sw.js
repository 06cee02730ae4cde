// ThreadLab's service worker: cross-origin isolation on a host that sends no headers.
//
// Threads need SharedArrayBuffer, which browsers give only to cross-origin isolated pages.
// A static host (GitHub Pages, S3, a university web space) sends none of the headers that
// make a page isolated, so this worker re-issues each same-origin response with them:
//   - by default, COOP same-origin + COEP require-corp (a top-level page), and CORP
//     cross-origin so that an isolated course page may embed ours;
//   - on a navigation whose URL carries tl-dip=1, Document-Isolation-Policy instead: page.js
//     asks for it when it finds itself in the frame of a page that is not isolated, where
//     COOP/COEP cannot help (Chromium isolates such a frame by this header alone). It is
//     never added otherwise: a frame of an isolated parent fails to load with it.
// page.js registers the worker and reloads once, with a counter in the URL (tl-reload), so a
// browser where this does not work ends on an explanation, never in a reload loop.
'use strict';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;  // the browser's own fetch
  // A devtools quirk: such a request fails when re-issued by a worker.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(withIsolation(request));
});

async function withIsolation(request) {
  const response = await fetch(request);
  // Redirects and errors go back as they came: their headers cannot be rewritten.
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  const framedWithoutIsolation = request.mode === 'navigate' &&
    new URL(request.url).searchParams.get('tl-dip') === '1';
  if (framedWithoutIsolation) {
    headers.set('Document-Isolation-Policy', 'isolate-and-require-corp');
  } else {
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
