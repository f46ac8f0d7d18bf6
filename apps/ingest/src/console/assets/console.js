/*
 * The console's live run progress: while a run is running, polls its progress (the same numbers as
 * GET /runs/:id) every 2 s and updates the line; when the run finishes, reloads the page for its results.
 */
(() => {
  const section = document.getElementById('progress');
  if (section?.dataset.status !== 'running') return;
  const url = section.dataset.poll;
  const tick = async () => {
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      if (!res.ok) return;
      const status = res.headers.get('x-run-status');
      section.innerHTML = await res.text();
      if (status && status !== 'running') {
        location.reload();
        return;
      }
    } catch {
      // the tier is restarting; try again
    }
    setTimeout(tick, 2000);
  };
  setTimeout(tick, 2000);
})();
