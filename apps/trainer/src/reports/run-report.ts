/** Everything a run report shows; assembled by the training job's record step. */
export interface RunReportInput {
  runId: string;
  batchId: string;
  mode: string;
  backend: string;
  seed: number;
  startedAt: Date;
  finishedAt: Date;
  windows: { train: string; val: string; test: string; gapBars: number; rows: { train: number; val: number; test: number } };
  bestParams: Record<string, unknown>;
  trials: { number: number; status: string; value: number | null; model: string; curve: number[]; worker: string | null }[];
  /** name → metrics (accuracy, accuracyCI {lower, upper}, auc, logLoss, brier, ...); first entry is the model. */
  test: Record<string, Record<string, unknown>>;
  strategy: Record<string, Record<string, unknown>> | null;
  calibration: { lower: number; upper: number; count: number; meanPredicted: number | null; observedRate: number | null }[];
  skill: { verdict: string; against: string; test: { pBetter: number; meanDifference: number; groups: number } };
  perSymbol: Record<string, { n: number; accuracy: number; pValue: number; majorityRate: number; auc: number | null }>;
  importances: { feature: string; gain: number; splits: number }[] | null;
  promotion: { outcome: string; rule?: string | null; reason: string };
  suspectedLeak: { suspected: boolean; note?: string };
}

const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const fmt = (x: unknown, digits = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '—');
const pct = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '—');

function curvesSvg(trials: RunReportInput['trials']): string {
  const curves = trials.filter((t) => t.curve.length > 0);
  if (curves.length === 0) return '<p>No validation curves recorded.</p>';
  const all = curves.flatMap((t) => t.curve).filter(Number.isFinite);
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  const maxLen = Math.max(...curves.map((t) => t.curve.length));
  const W = 640;
  const H = 240;
  const x = (i: number) => 40 + (i / Math.max(1, maxLen - 1)) * (W - 60);
  const y = (v: number) => H - 30 - ((v - lo) / Math.max(1e-12, hi - lo)) * (H - 50);
  const colour = (s: string) => (s === 'complete' ? '#2b6cb0' : s === 'pruned' ? '#d69e2e' : '#c53030');
  const lines = curves
    .map((t) => {
      const pts = t.curve.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${colour(t.status)}" stroke-width="1.5" points="${pts}"><title>trial ${t.number} (${esc(t.model)}, ${esc(t.status)})</title></polyline>`;
    })
    .join('');
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="validation log loss per epoch">
<line x1="40" y1="${H - 30}" x2="${W - 20}" y2="${H - 30}" stroke="#999"/><line x1="40" y1="10" x2="40" y2="${H - 30}" stroke="#999"/>
<text x="44" y="18" font-size="11">${fmt(hi, 4)}</text><text x="44" y="${H - 34}" font-size="11">${fmt(lo, 4)}</text>
<text x="${W / 2}" y="${H - 8}" font-size="11" text-anchor="middle">epoch (blue complete, amber pruned, red failed)</text>${lines}</svg>`;
}

function table(head: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A self-contained HTML page (no scripts, no external assets) describing one run honestly. */
export function renderRunReport(r: RunReportInput): string {
  const testRows = Object.entries(r.test).map(([name, m]) => {
    const c = m.accuracyCI as { lower?: number; upper?: number } | undefined;
    return [name, pct(m.accuracy), c ? `${pct(c.lower)} – ${pct(c.upper)}` : '—', fmt(m.pValue, 4), fmt(m.balancedAccuracy), fmt(m.auc), fmt(m.logLoss, 4), fmt(m.brier, 4), m.n ?? '—'];
  });
  const strategyRows = r.strategy
    ? Object.entries(r.strategy).map(([name, s]) => [name, pct(s.totalReturn), fmt(s.sharpe, 2), pct(s.maxDrawdown), fmt(s.turnover, 2)])
    : [];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AlphaPulse run ${esc(r.runId)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#1a202c}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
td,th{border:1px solid #cbd5e0;padding:.25rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}.warn{background:#fff5f5;border:1px solid #c53030;padding:.6rem}
code{background:#edf2f7;padding:0 .2rem}</style></head><body>
<h1>Run <code>${esc(r.runId)}</code></h1>
<p>Batch <code>${esc(r.batchId)}</code> · mode ${esc(r.mode)} · backend <b>${esc(r.backend)}</b> · seed ${esc(r.seed)} · ${esc(r.startedAt.toISOString())} → ${esc(r.finishedAt.toISOString())}</p>
${r.suspectedLeak.suspected ? `<p class="warn"><b>Suspected leak:</b> ${esc(r.suspectedLeak.note ?? 'test accuracy above the plausible band for daily data')}</p>` : ''}
<h2>Windows (chronological, gap ${esc(r.windows.gapBars)} bar)</h2>
${table(['window', 'dates', 'rows'], [['train', r.windows.train, r.windows.rows.train], ['validation', r.windows.val, r.windows.rows.val], ['test (used once)', r.windows.test, r.windows.rows.test]])}
<h2>Test window: model beside baselines</h2>
${table(['', 'accuracy', '95% CI', 'p vs majority rate', 'balanced acc.', 'ROC AUC', 'log loss', 'Brier', 'n'], testRows)}
<p><b>Skill: ${esc(r.skill.verdict)}</b> against ${esc(r.skill.against)} (paired log-loss test over ${esc(r.skill.test.groups)} bar times: mean difference ${fmt(r.skill.test.meanDifference, 5)}, p ${fmt(r.skill.test.pBetter, 4)}).</p>
<h2>Per symbol (test)</h2>
${table(['symbol', 'n', 'accuracy', 'majority rate', 'p vs majority', 'ROC AUC'], Object.entries(r.perSymbol).map(([s, m]) => [s, m.n, pct(m.accuracy), pct(m.majorityRate), fmt(m.pValue, 4), fmt(m.auc)]))}
${r.importances?.length ? `<h2>Feature importances (gain)</h2>${table(['feature', 'gain', 'splits'], r.importances.map((i) => [i.feature, fmt(i.gain, 4), i.splits]))}` : ''}
${strategyRows.length ? `<h2>Long/flat strategy (after costs) vs buy-and-hold</h2>${table(['', 'total return', 'Sharpe (ann.)', 'max drawdown', 'turnover'], strategyRows)}` : ''}
<h2>Calibration (test)</h2>
${table(['bin', 'n', 'mean predicted', 'observed up-rate'], r.calibration.map((b) => [`${fmt(b.lower, 2)}–${fmt(b.upper, 2)}`, b.count, fmt(b.meanPredicted), fmt(b.observedRate)]))}
<h2>Tuning: ${r.trials.length} trials (validation window only)</h2>
${curvesSvg(r.trials)}
${table(['trial', 'model', 'status', 'best val log loss', 'steps', 'worker'], r.trials.map((t) => [t.number, t.model, t.status, fmt(t.value, 4), t.curve.length, t.worker ?? '—']))}
<h2>Best parameters</h2>
${table(['parameter', 'value'], Object.entries(r.bestParams).map(([k, v]) => [k, v]))}
<h2>Promotion decision</h2><p>${esc(r.promotion.outcome)}${r.promotion.rule ? ` (${esc(r.promotion.rule)})` : ''}: ${esc(r.promotion.reason)}</p>
</body></html>`;
}
