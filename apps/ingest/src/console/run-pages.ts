import { MODEL_KINDS } from '@alphapulse/queue';
import { type ChartSpec, chartFigure, colourAt, equityAndDrawdown, esc, fmt, Html, longFlatReturns, pct, renderRunSections, rocChart, rocOnGrid, table } from '@alphapulse/report';
import { RUN_STATUSES, type RunComparison, type StudyProgress } from '@alphapulse/tracking';
import type { BullBoardLinks } from './bull-board-links.ts';
import { badge, CONSOLE_PATH, consolePage, duration, linkCell, valueCell } from './console-layout.ts';
import type { RunListRow, RunPageData } from './console-service.ts';

const BASELINES = ['majority', 'persistence', 'logistic'] as const;

/** The best baseline's value of a test metric (higher is better for accuracy and AUC). */
function bestBaseline(metrics: Record<string, number>, metric: 'accuracy' | 'auc'): number | null {
  const values = BASELINES.map((b) => metrics[`baselines.${b}.${metric}`]).filter((v) => typeof v === 'number' && Number.isFinite(v));
  return values.length ? Math.max(...values) : null;
}

export interface RunListQuery {
  limit: number;
  offset: number;
  status?: string;
  modelKind?: string;
}

/** The run list: filters, one row per run, a compare button, paging. */
export function runListPage(rows: RunListRow[], more: boolean, q: RunListQuery, bullBoard: string): string {
  const option = (value: string, current: string | undefined) => `<option value="${esc(value)}"${value === current ? ' selected' : ''}>${esc(value || 'any')}</option>`;
  const filters = `<form class="filters" method="get" action="${CONSOLE_PATH}/runs">
<label>status <select name="status">${['', ...RUN_STATUSES].map((s) => option(s, q.status)).join('')}</select></label>
<label>model <select name="modelKind">${['', ...MODEL_KINDS].map((s) => option(s, q.modelKind)).join('')}</select></label>
<input type="hidden" name="limit" value="${q.limit}"><button type="submit">filter</button></form>`;
  const body = rows.map((r) => {
    const m = r.metrics;
    const acc = m['test.accuracy'];
    const auc = m['test.auc'];
    const bAcc = bestBaseline(m, 'accuracy');
    const bAuc = bestBaseline(m, 'auc');
    return [
      linkCell(`${CONSOLE_PATH}/runs/${encodeURIComponent(r.id)}`, r.id),
      badge(r.status),
      r.mode,
      r.modelKind ?? '—',
      r.batchId,
      valueCell('test.accuracy', acc, pct(acc)),
      valueCell('baseline.accuracy', bAcc, pct(bAcc)),
      valueCell('test.auc', auc, fmt(auc)),
      valueCell('baseline.auc', bAuc, fmt(bAuc)),
      badge(r.skill),
      duration(r.durationSeconds),
      r.startedAt.toISOString().slice(0, 19).replace('T', ' '),
      new Html(`<input type="checkbox" name="ids" value="${esc(r.id)}" form="compare" aria-label="compare ${esc(r.id)}">`),
    ];
  });
  const page = (offset: number) => {
    const p = new URLSearchParams({ limit: String(q.limit), offset: String(offset) });
    if (q.status) p.set('status', q.status);
    if (q.modelKind) p.set('modelKind', q.modelKind);
    return `${CONSOLE_PATH}/runs?${p}`;
  };
  const paging = [
    q.offset > 0 ? `<a rel="prev" href="${esc(page(Math.max(0, q.offset - q.limit)))}">← newer</a>` : '',
    `<span class="muted">runs ${rows.length ? q.offset + 1 : 0}–${q.offset + rows.length}</span>`,
    more ? `<a rel="next" href="${esc(page(q.offset + q.limit))}">older →</a>` : '',
  ].join(' ');
  const html = `${filters}
<form id="compare" method="get" action="${CONSOLE_PATH}/compare"><button type="submit">compare selected</button></form>
${table(['run', 'status', 'mode', 'model', 'batch', 'test accuracy', 'best baseline', 'test AUC', 'best baseline AUC', 'skill', 'duration', 'started (UTC)', ''], body, 'id="runs"')}
<p>${paging}</p>`;
  return consolePage('Runs', html, { bullBoard });
}

/** The progress line of a study: trials done of the budget and the best so far. */
export function progressHtml(status: string, p: StudyProgress | null): string {
  if (!p) return `<p class="muted">No study recorded for this run yet.</p>`;
  const best = p.best ? `best so far: trial #${p.best.number} (${esc(p.best.model ?? '—')}) val log loss ${fmt(p.best.value, 4)}` : 'no trial complete yet';
  return `<p><progress max="${p.trialsTotal}" value="${p.trialsDone}"></progress> <span data-key="trialsDone" data-value="${p.trialsDone}">${p.trialsDone}</span> of <span data-key="trialsTotal" data-value="${p.trialsTotal}">${p.trialsTotal}</span> trials done${p.trialsRunning ? `, ${p.trialsRunning} running` : ''} · ${best} · run ${badge(status).html}</p>`;
}

/** A run's page: live progress while it tunes, then the same sections and charts as the run report. */
export function runPage(d: RunPageData, links: BullBoardLinks, bullBoard: string): string {
  const { run, progress, view } = d;
  const study = links.study(run.jobId);
  const body = `<p>${badge(run.status).html} · <a href="/runs/${encodeURIComponent(run.id)}">JSON</a>${run.status === 'completed' ? ` · <a href="/runs/${encodeURIComponent(run.id)}/report">report file</a>` : ''}${study ? ` · <a href="${esc(study)}">study job in Bull Board</a>` : ''}${run.reason ? ` · reason: ${esc(run.reason)}` : ''}</p>
${run.error ? `<p class="warn"><b>Failed:</b> ${esc(run.error)}</p>` : ''}
<section id="progress" data-run-id="${esc(run.id)}" data-status="${esc(run.status)}" data-poll="${CONSOLE_PATH}/runs/${encodeURIComponent(run.id)}/progress">${progressHtml(run.status, progress)}</section>
${renderRunSections(view, { job: (trial) => (trial === undefined ? study : links.trial(run.id, trial)) })}`;
  return consolePage(`Run ${run.id}`, body, { bullBoard, scripts: ['console.js'] });
}

/** Values on a shared x from series with their own x (null where a series has no point). */
function alignOn(series: { x: number[]; y: number[] }[]): { x: number[]; ys: (number | null)[][] } {
  const x = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const index = new Map(x.map((v, i) => [v, i]));
  const ys = series.map((s) => {
    const out = new Array<number | null>(x.length).fill(null);
    s.x.forEach((v, i) => {
      out[index.get(v) as number] = s.y[i];
    });
    return out;
  });
  return { x, ys };
}

function overlayCharts(pages: RunPageData[]): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const curves = pages.map((p) => p.run.history['best_trial.val_log_loss'] ?? []);
  const steps = Math.max(0, ...curves.map((c) => c.length));
  if (steps > 0) {
    charts.push({
      id: 'compare-curves',
      title: 'Validation log loss of each run\'s best trial',
      kind: 'line',
      x: Array.from({ length: steps }, (_, i) => i + 1),
      xLabel: 'step',
      yLabel: 'validation log loss',
      series: pages.map((p, i) => ({ label: p.run.id, values: Array.from({ length: steps }, (_, k) => curves[i][k] ?? null), colour: colourAt(i) })),
    });
  }
  const withRows = pages.filter((p) => p.view.predictions && p.view.report);
  if (withRows.length > 0) {
    const books = withRows.map((p) => {
      const rows = p.view.predictions as NonNullable<typeof p.view.predictions>;
      const b = longFlatReturns({ symbol: rows.symbol, ts: rows.ts, nextReturn: rows.nextReturn, probabilityUp: rows.model }, (p.view.report as NonNullable<typeof p.view.report>).strategy);
      return { x: b.ts.map((t) => t / 1000), y: equityAndDrawdown(b.strategy.returns).equity };
    });
    const aligned = alignOn(books);
    charts.push({
      id: 'compare-equity',
      title: 'Equity after costs of each run\'s long/flat strategy',
      kind: 'line',
      time: true,
      x: aligned.x,
      xLabel: 'test window',
      yLabel: 'growth of 1',
      series: withRows.map((p, i) => ({ label: p.run.id, values: aligned.ys[i], colour: colourAt(i) })),
    });
    charts.push(
      rocChart(
        'compare-roc',
        'ROC curves (test windows)',
        withRows.map((p, i) => {
          const rows = p.view.predictions as NonNullable<typeof p.view.predictions>;
          return { label: p.run.id, values: rocOnGrid(rows.y, rows.model) ?? [], colour: colourAt(i) };
        }),
      ),
    );
  }
  return charts;
}

/** Runs side by side: params and metrics with differing rows marked, and their curves overlaid. */
export function comparePage(c: RunComparison, pages: RunPageData[], bullBoard: string): string {
  const head = ['', ...c.runs.map((r) => r.id)];
  const differs = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size > 1;
  const rows = <T>(list: { key: string; values: T[] }[], show: (v: T) => string) =>
    list.map((row) => [
      new Html(`<span${differs(row.values) ? ' class="diff" title="differs"' : ''}>${differs(row.values) ? '≠ ' : ''}${esc(row.key)}</span>`),
      ...row.values.map((v, i) => (typeof v === 'number' ? valueCell(`${c.runs[i].id}:${row.key}`, v, show(v)) : show(v))),
    ]);
  const runsTable = table(
    ['run', 'status', 'mode', 'model', 'batch', 'started'],
    c.runs.map((r) => [linkCell(`${CONSOLE_PATH}/runs/${encodeURIComponent(r.id)}`, r.id), badge(r.status), r.mode, r.modelKind ?? '—', r.batchId, r.startedAt.toISOString()]),
  );
  const charts = overlayCharts(pages);
  const body = `${runsTable}
${charts.length ? `<h2>Curves overlaid</h2><div class="charts">${charts.map(chartFigure).join('')}</div>` : ''}
<h2>Parameters</h2>${table(head, rows(c.params, (v) => v ?? '—'), 'id="compare-params"')}
<h2>Metrics</h2>${table(head, rows(c.metrics, (v) => (v === null ? '—' : fmt(v, 4))), 'id="compare-metrics"')}`;
  return consolePage(`Compare ${c.runs.length} runs`, body, { bullBoard });
}
