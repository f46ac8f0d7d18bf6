/** Small HTML helpers shared by the run report and the console pages. Everything interpolated is escaped. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** A finite number with `digits` decimals, else an em dash. */
export const fmt = (x: unknown, digits = 3): string => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—');

/** A share as a percentage with one decimal, else an em dash. */
export const pct = (x: unknown): string => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

/** Raw HTML that `table` cells pass through unescaped (links, badges); build it with `esc` only. */
export class Html {
  constructor(readonly html: string) {}
}

const cell = (c: unknown) => (c instanceof Html ? c.html : esc(c));

/** A table; cells are escaped unless wrapped in Html. `attrs` go on the <table> element (built by the caller). */
export function table(head: string[], rows: unknown[][], attrs = ''): string {
  return `<table${attrs ? ` ${attrs}` : ''}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** The stylesheet of every page (report and console). */
export const PAGE_CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1100px;padding:0 1rem;color:#1a202c}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #cbd5e0;padding:.25rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}.warn{background:#fff5f5;border:1px solid #c53030;padding:.6rem}
code{background:#edf2f7;padding:0 .2rem}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:1rem}
figure.chart{margin:0;border:1px solid #e2e8f0;padding:.5rem;min-width:0}figure.chart figcaption{font-weight:600;margin-bottom:.25rem}
nav a{margin-right:1rem}.muted{color:#718096}.badge{padding:0 .4rem;border-radius:.3rem;background:#edf2f7}
.badge.significant,.badge.champion,.badge.completed{background:#c6f6d5}.badge.failed,.badge.drifted{background:#fed7d7}.badge.running{background:#fefcbf}
progress{width:20rem}form.filters{margin:.5rem 0}form.filters label{margin-right:1rem}`;
