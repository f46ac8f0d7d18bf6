import { type ChartSpec, chartFigure, colourAt, esc, fmt, Html, pct, table } from '@alphapulse/report';
import type { DriftReportRecord } from '@alphapulse/tracking';
import { badge, CONSOLE_PATH, consolePage, linkCell, valueCell } from './console-layout.ts';
import type { ConsoleService } from './console-service.ts';

type Models = Awaited<ReturnType<ConsoleService['models']>>;

const when = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '—');

/** The numbers an alias change carries (its decision's evidence), compactly. */
function eventNumbers(metrics: unknown): string {
  const d = (metrics as { decision?: { rule?: string; evidence?: Record<string, unknown> } } | null)?.decision;
  if (!d?.evidence) return metrics ? JSON.stringify(metrics).slice(0, 300) : '—';
  type Paired = { candidateLogLoss?: number; otherLogLoss?: number; pBetter?: number; pWorse?: number };
  const e = d.evidence as { window?: { n?: number; start?: string; end?: string }; baseline?: Paired & { name?: string }; champion?: Paired | null };
  const paired = (label: string, x: Paired | null | undefined) =>
    x?.candidateLogLoss !== undefined ? `vs ${label}: log loss ${fmt(x.candidateLogLoss, 4)} vs ${fmt(x.otherLogLoss, 4)}, p better ${fmt(x.pBetter, 4)}, p worse ${fmt(x.pWorse, 4)}` : '';
  const parts = [
    e.window?.n !== undefined ? `window ${String(e.window.start ?? '').slice(0, 10)}–${String(e.window.end ?? '').slice(0, 10)}, n ${e.window.n}` : '',
    paired(e.baseline?.name ?? 'baseline', e.baseline),
    paired('champion', e.champion),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : JSON.stringify(d.evidence).slice(0, 300);
}

/** The registry: champion status, versions with aliases, the append-only alias history, latest predictions. */
export function modelsPage(m: Models, bullBoard: string): string {
  const c = m.champion;
  const champion = c
    ? `<p id="champion">Champion: version <b>${c.versionId}</b> (${esc(c.modelKind)}), promoted ${esc(when(c.promotedAt))}, <span data-key="ageDays" data-value="${c.ageDays}">${fmt(c.ageDays, 1)}</span> days old of ${c.maxAgeDays} allowed: ${c.stale ? '<span class="badge failed">stale</span>' : '<span class="badge completed">fresh</span>'}</p>`
    : '<p id="champion" class="muted">No champion yet.</p>';
  const versions = table(
    ['version', 'run', 'model', 'aliases', 'skill', 'test accuracy', 'test AUC', 'batch', 'registered', 'decision'],
    m.versions.map((v) => [
      v.id,
      linkCell(`${CONSOLE_PATH}/runs/${encodeURIComponent(v.runId)}`, v.runId),
      v.modelKind,
      new Html(v.aliases.map((a) => badge(a).html).join(' ') || '—'),
      badge(v.skill),
      valueCell(`v${v.id}.accuracy`, v.testMetrics.accuracy as number, pct(v.testMetrics.accuracy)),
      valueCell(`v${v.id}.auc`, v.testMetrics.auc as number, fmt(v.testMetrics.auc)),
      v.batchId ?? '—',
      when(v.createdAt),
      v.promotion ? `${v.promotion.outcome}${v.promotion.rule ? ` (${v.promotion.rule})` : ''}: ${v.promotion.reason}` : '—',
    ]),
    'id="versions"',
  );
  const history = table(
    ['when', 'alias', 'version', 'previous', 'who', 'why', 'numbers'],
    m.history.map((e) => [when(e.at), badge(e.alias), e.versionId, e.previousVersionId ?? '—', e.actor, e.reason, eventNumbers(e.metrics)]),
    'id="alias-history"',
  );
  const predictions = table(
    ['symbol', 'as of', 'P(up)', 'version', 'model', 'skill', 'stale'],
    m.predictions.map((p) => [p.symbol, p.featureTs.toISOString().slice(0, 10), valueCell(`p.${p.symbol}`, p.probabilityUp, fmt(p.probabilityUp)), p.modelVersionId, p.modelKind ?? '—', badge(p.skill), p.stale ? 'stale' : 'no']),
    'id="predictions"',
  );
  const body = `${champion}<h2>Versions</h2>${versions}<h2>Alias history (append-only)</h2>${history}<h2>Latest predictions</h2>${predictions}`;
  return consolePage('Models', body, { bullBoard });
}

function histogram(reportId: number, feature: string, ref: number[], cur: number[]): ChartSpec {
  const share = (counts: number[]) => {
    const total = counts.reduce((a, b) => a + b, 0) || 1;
    return counts.map((c) => c / total);
  };
  return {
    id: `drift-${reportId}-${feature}`,
    title: feature,
    kind: 'bars',
    x: ref.map((_, i) => i),
    categories: ref.map((_, i) => String(i + 1)),
    xLabel: 'reference quantile bin',
    yLabel: 'share of rows',
    height: 180,
    series: [
      { label: 'reference (train)', values: share(ref), colour: colourAt(0) },
      { label: 'current batch', values: share(cur), colour: colourAt(1) },
    ],
  };
}

/** The latest drift reports; the newest with a reference-vs-current histogram per feature. */
export function driftPage(reports: DriftReportRecord[], bullBoard: string): string {
  if (reports.length === 0) return consolePage('Drift', '<p class="muted">No drift report yet.</p>', { bullBoard });
  const sections = reports.map((r, k) => {
    const features = Object.entries(r.report.features).sort(([a], [b]) => a.localeCompare(b));
    const rows = features.map(([name, f]) => [name, valueCell(`${r.id}.${name}.psi`, f.psi, fmt(f.psi, 4)), valueCell(`${r.id}.${name}.ks`, f.ks, fmt(f.ks, 4)), fmt(f.ksPValue, 4), f.drifted ? badge('drifted') : 'no', f.referenceN, f.currentN]);
    const charts = k === 0 ? features.filter(([, f]) => f.referenceCounts && f.currentCounts).map(([name, f]) => histogram(r.id, name, f.referenceCounts as number[], f.currentCounts as number[])) : [];
    return `<section class="drift-report" data-report-id="${r.id}"><h2>Report ${r.id}: batch <code>${esc(r.batchId)}</code> against version ${r.modelVersionId}</h2>
<p>${esc(when(r.createdAt))} · share drifted <span data-key="shareDrifted" data-value="${r.shareDrifted}">${pct(r.shareDrifted)}</span> (threshold ${pct(r.report.options.shareThreshold)}) · ${r.drifted ? badge('drifted').html : 'not drifted'}${r.retrainJobId ? ` · retrain job ${esc(r.retrainJobId)}` : ''}</p>
${table(['feature', 'PSI', 'KS', 'KS p', 'drifted', 'reference n', 'current n'], rows)}
${charts.length ? `<div class="charts">${charts.map(chartFigure).join('')}</div>` : k === 0 ? '<p class="muted">This report stores no histograms (recorded before they were kept).</p>' : ''}
${r.report.skipped.length ? `<p class="muted">Skipped: ${r.report.skipped.map((s) => `${esc(s.feature)} (${esc(s.reason)})`).join(', ')}</p>` : ''}</section>`;
  });
  return consolePage('Drift', sections.join('\n'), { bullBoard });
}
