// The page's address follows what it shows: the lesson, its values and the speed are kept in
// the URL (history.replaceState), so a reload, a bookmark or a copied address opens the same
// thing. Share and Embed (ui/view_share.cpp) build their links from the same query, and copy
// through here; a refused copy says why in the Share popup.
//
// Appended to the Emscripten output after api.js (--post-js).
if (!ENVIRONMENT_IS_PTHREAD) (function () {
  'use strict';
  const call = Module.threadlabCall;
  // Keys that belong to the page, not to the lesson: kept as they are when the URL follows.
  const kPageKeys = ['view', 'parent', 'predict', 'build'];

  function followInUrl() {
    const query = new URLSearchParams(call('tl_link'));
    const current = new URLSearchParams(location.search);
    for (const key of kPageKeys) if (current.has(key)) query.set(key, current.get(key).slice(0, 300));
    const search = `?${query}`;
    if (search !== location.search) history.replaceState(history.state, '', search);
  }

  // Copies text; tells the app (the Share popup) what became of it.
  async function copy(text) {
    const notice = (message) => call('tl_share_notice', message);
    try {
      await navigator.clipboard.writeText(text);
      notice('Copied');
    } catch (error) {
      // In a frame, the clipboard API needs allow="clipboard-write"; the older command needs
      // only the click that asked for it.
      const area = document.createElement('textarea');
      area.value = text;
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.append(area);
      area.select();
      const copied = document.execCommand('copy');
      area.remove();
      document.getElementById('canvas').focus();
      if (copied) {
        notice('Copied');
      } else {  // in the popup, and in the status line for a Copy outside it (the log's)
        const why = `The browser refused to copy (${String(error.message || error).slice(0, 120)})`;
        notice(`${why}: select the text and press Ctrl+C`);
        call('tl_message', why);
        call('tl_copy_failed', why);
      }
    }
  }

  Module.threadlabCopy = (text) => { copy(text); };
  Module.threadlabOpen = (url) => {
    const tab = window.open(url, '_blank');
    if (tab) tab.opener = null;
    else call('tl_share_notice', 'The browser blocked the new tab');
  };
  Module.threadlabOnReady.push(() => {
    const base = location.origin + location.pathname;
    if (base.length <= 2000) call('tl_set_page_url', base);
    followInUrl();
    setInterval(followInUrl, 250);
    Module.threadlabFollowInUrl = followInUrl;  // for a link made between two of these
  });
})();
