import { esc, Html, linkedChartAssets, PAGE_CSS } from '@alphapulse/report';

/** Where the console is mounted and where its static assets are. */
export const CONSOLE_PATH = '/ui';
export const CONSOLE_ASSETS = `${CONSOLE_PATH}/assets`;

/** A console page: navigation, the chart assets served by the tier (never a CDN), and the body. */
export function consolePage(title: string, body: string, opts: { bullBoard: string; scripts?: string[] }): string {
  const nav = [
    ['Runs', `${CONSOLE_PATH}/runs`],
    ['Models', `${CONSOLE_PATH}/models`],
    ['Drift', `${CONSOLE_PATH}/drift`],
    ['Queues (Bull Board)', opts.bullBoard],
  ]
    .map(([label, href]) => `<a href="${esc(href)}">${esc(label)}</a>`)
    .join('');
  const scripts = (opts.scripts ?? []).map((s) => `<script defer src="${CONSOLE_ASSETS}/${esc(s)}"></script>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · AlphaPulse</title><style>${PAGE_CSS}</style>${linkedChartAssets(CONSOLE_ASSETS)}${scripts}</head><body>
<nav><b>AlphaPulse</b> · ${nav}</nav>
<h1>${esc(title)}</h1>
${body}
</body></html>`;
}

/** A table cell showing a formatted number and carrying the raw value (what the JSON API answers). */
export function valueCell(key: string, value: number | null | undefined, shown: string): Html {
  const raw = typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  return new Html(`<span data-key="${esc(key)}" data-value="${esc(raw)}">${esc(shown)}</span>`);
}

/** A link cell. */
export const linkCell = (href: string, text: string): Html => new Html(`<a href="${esc(href)}">${esc(text)}</a>`);

/** A badge cell (status, skill, alias). */
export const badge = (text: string | null | undefined): Html => new Html(text ? `<span class="badge ${esc(text)}">${esc(text)}</span>` : '—');

/** Seconds as `1m 05s` / `12.3 s`. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}m ${String(Math.round(seconds - 60 * m)).padStart(2, '0')}s`;
}
