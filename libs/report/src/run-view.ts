import { type ChartSpec, chartFigure, colourAt } from './chart-spec.ts';
import { esc, fmt, Html, pct, table } from './html.ts';
import { equityAndDrawdown, longFlatReturns, ROC_GRID, reliability, rocOnGrid, type TestPredictions } from './run-series.ts';

/** Metrics objects are read by key (accuracy, accuracyCI, auc, logLoss, ...); any object type fits. */
type Metrics = object;
const bag = (m: Metrics) => m as Record<string, unknown>;

/** What a run's evaluation report (the artifact store's `metrics.json`) holds that a page shows. */
export interface EvaluationReportLike {
  test: Metrics;
  baselines: { [K in string]?: Metrics } | object;
  skill: { verdict: string; against: string; test: { pBetter: number; meanDifference: number; groups: number } };
  perSymbol: Record<string, { n: number; accuracy: number; pValue: number; majorityRate: number; auc: number | null }>;
  strategy: { model: Metrics; buyAndHold: Metrics; threshold: number; costBps: number };
  importances: { feature: string; gain: number; splits: number }[] | null;
  suspectedLeak: { suspected: boolean; note?: string };
  windows: Record<'train' | 'val' | 'test', { start: string; end: string; n: number }>;
}

/** A trial as the study repository stores it. */
export interface TrialLike {
  number: number;
  status: string;
  value: number | null;
  params: unknown;
  curve: number[];
  worker: string | null;
}

/** Everything the run report and the console's run page show about one run. */
export interface RunView {
  runId: string;
  batchId: string;
  mode: string;
  backend: string | null;
  seed: number;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  trials: TrialLike[];
  /** Null until the run's final model is evaluated. */
  report: EvaluationReportLike | null;
  promotion: { outcome: string; rule?: string | null; reason: string } | null;
  /** The test window row by row (charts); null when the artifact is missing. */
  predictions: TestPredictions | null;
  bestTrial: number | null;
}

/** Links a page may add beside the run's content (the console links Bull Board; the file report none). */
export interface RunViewLinks {
  /** A link to the job behind a trial (or the study when `trial` is undefined). */
  job?(trial?: number): string | undefined;
}

const trialModel = (t: TrialLike) => String((t.params as { model?: unknown } | null)?.model ?? '—');

function trialCurvesChart(trials: TrialLike[]): ChartSpec | null {
  const curves = trials.filter((t) => t.curve.length > 0);
  if (curves.length === 0) return null;
  const steps = Math.max(...curves.map((t) => t.curve.length));
  return {
    id: 'trial-curves',
    title: `Validation log loss of every trial (${curves.length})`,
    kind: 'line',
    x: Array.from({ length: steps }, (_, i) => i + 1),
    xLabel: 'step (epoch or boosting round)',
    yLabel: 'validation log loss',
    series: curves.map((t, i) => ({
      label: `#${t.number} ${trialModel(t)} ${t.status}`,
      values: Array.from({ length: steps }, (_, k) => t.curve[k] ?? null),
      colour: colourAt(i),
      dash: t.status !== 'complete',
    })),
    height: 300,
  };
}

/** ROC curves sampled on ROC_GRID, with the chance diagonal. */
export function rocChart(id: string, title: string, series: ChartSpec['series']): ChartSpec {
  return {
    id,
    title,
    kind: 'line',
    x: ROC_GRID,
    xLabel: 'false positive rate',
    yLabel: 'true positive rate',
    xRange: [0, 1],
    yRange: [0, 1],
    series: [...series, { label: 'chance', values: ROC_GRID, colour: '#a0aec0', dash: true }],
  };
}

function bookChart(id: string, title: string, yLabel: string, x: number[], model: number[], buyAndHold: number[]): ChartSpec {
  return {
    id,
    title,
    kind: 'line',
    time: true,
    x,
    xLabel: 'test window',
    yLabel,
    series: [
      { label: 'long/flat model', values: model, colour: colourAt(0) },
      { label: 'buy-and-hold', values: buyAndHold, colour: colourAt(1) },
    ],
  };
}

/** The charts drawn from the test window's rows: equity, drawdown, ROC, reliability. */
export function predictionCharts(p: TestPredictions, strategy: { threshold: number; costBps: number }): ChartSpec[] {
  const books = longFlatReturns({ symbol: p.symbol, ts: p.ts, nextReturn: p.nextReturn, probabilityUp: p.model }, strategy);
  const x = books.ts.map((ms) => ms / 1000);
  const s = equityAndDrawdown(books.strategy.returns);
  const b = equityAndDrawdown(books.buyAndHold.returns);
  const rocModel = rocOnGrid(p.y, p.model);
  const logistic = p.baselines?.logistic;
  const rocLogistic = logistic ? rocOnGrid(p.y, logistic) : null;
  const relModel = reliability(p.y, p.model);
  const relLogistic = logistic ? reliability(p.y, logistic) : null;
  const charts: ChartSpec[] = [
    bookChart('equity', `Equity after costs (${strategy.costBps} bps): long/flat vs buy-and-hold`, 'growth of 1', x, s.equity, b.equity),
    bookChart('drawdown', 'Drawdown from the running peak', 'drawdown', x, s.drawdown, b.drawdown),
  ];
  if (rocModel) {
    charts.push(
      rocChart('roc', 'ROC curve (test window)', [
        { label: 'model', values: rocModel, colour: colourAt(0) },
        ...(rocLogistic ? [{ label: 'logistic baseline', values: rocLogistic, colour: colourAt(2) }] : []),
      ]),
    );
  }
  charts.push({
    id: 'calibration',
    title: 'Calibration (reliability): observed up-rate per predicted-probability bin',
    kind: 'line',
    x: relModel.map((r) => r.centre),
    xLabel: 'predicted probability of an up day',
    yLabel: 'observed up-rate',
    xRange: [0, 1],
    yRange: [0, 1],
    series: [
      { label: 'model', values: relModel.map((r) => r.observedRate), colour: colourAt(0) },
      ...(relLogistic ? [{ label: 'logistic baseline', values: relLogistic.map((r) => r.observedRate), colour: colourAt(2) }] : []),
      { label: 'perfect', values: relModel.map((r) => r.centre), colour: '#a0aec0', dash: true },
    ],
  });
  return charts;
}

function barChart(id: string, title: string, categories: string[], yLabel: string, series: { label: string; values: (number | null)[] }[]): ChartSpec {
  return {
    id,
    title,
    kind: 'bars',
    x: categories.map((_, i) => i),
    categories,
    xLabel: '',
    yLabel,
    series: series.map((s, i) => ({ ...s, colour: colourAt(i) })),
  };
}

/** Every chart of a run, in page order. */
export function runCharts(v: RunView): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const curves = trialCurvesChart(v.trials);
  if (curves) charts.push(curves);
  const r = v.report;
  if (!r) return charts;
  if (v.predictions) charts.push(...predictionCharts(v.predictions, r.strategy));
  const symbols = Object.keys(r.perSymbol);
  if (symbols.length > 0) {
    charts.push(
      barChart('per-symbol', 'Per-symbol test accuracy beside the majority rate', symbols, 'share of days', [
        { label: 'accuracy', values: symbols.map((s) => r.perSymbol[s].accuracy) },
        { label: 'majority rate', values: symbols.map((s) => r.perSymbol[s].majorityRate) },
      ]),
    );
  }
  if (r.importances?.length) {
    const top = [...r.importances].sort((a, b) => b.gain - a.gain).slice(0, 20);
    charts.push(barChart('importances', 'Feature importances (gain)', top.map((i) => i.feature), 'gain', [{ label: 'gain', values: top.map((i) => i.gain) }]));
  }
  return charts;
}

const link = (href: string | undefined, text: string) => (href ? new Html(`<a href="${esc(href)}">${esc(text)}</a>`) : text);

/**
 * The body of a run's page: windows, test metrics beside the baselines, skill, charts (trial curves,
 * equity and drawdown beside buy-and-hold, ROC, calibration, per-symbol, importances), tables and the
 * promotion decision. Sections whose data the run does not have yet are left out.
 */
export function renderRunSections(v: RunView, links: RunViewLinks = {}): string {
  const r = v.report;
  const charts = runCharts(v);
  const parts: string[] = [];
  parts.push(
    `<p>Batch <code>${esc(v.batchId)}</code> · mode ${esc(v.mode)} · backend <b>${esc(v.backend ?? '—')}</b> · seed ${esc(v.seed)} · ${esc(v.startedAt.toISOString())} → ${esc(v.finishedAt?.toISOString() ?? '…')}</p>`,
  );
  if (r?.suspectedLeak.suspected) {
    parts.push(`<p class="warn"><b>Suspected leak:</b> ${esc(r.suspectedLeak.note ?? 'test accuracy above the plausible band for daily data')}</p>`);
  }
  if (r) {
    const w = r.windows;
    const span = (x: { start: string; end: string }) => `${x.start.slice(0, 10)} – ${x.end.slice(0, 10)}`;
    parts.push(`<h2>Windows (chronological, gap 1 bar)</h2>${table(['window', 'dates', 'rows'], [['train', span(w.train), w.train.n], ['validation', span(w.val), w.val.n], ['test (used once)', span(w.test), w.test.n]])}`);
    const rows = [['model', r.test] as const, ...(Object.entries(r.baselines) as [string, Metrics][])].map(([name, metrics]) => {
      const m = bag(metrics);
      const c = m.accuracyCI as { lower?: number; upper?: number } | undefined;
      return [name, pct(m.accuracy), c ? `${pct(c.lower)} – ${pct(c.upper)}` : '—', fmt(m.pValue, 4), fmt(m.balancedAccuracy), fmt(m.auc), fmt(m.logLoss, 4), fmt(m.brier, 4), m.n ?? '—'];
    });
    parts.push(`<h2>Test window: model beside baselines</h2>${table(['', 'accuracy', '95% CI', 'p vs majority rate', 'balanced acc.', 'ROC AUC', 'log loss', 'Brier', 'n'], rows, 'id="test-metrics"')}`);
    parts.push(
      `<p id="skill"><b>Skill: <span class="badge ${esc(r.skill.verdict)}">${esc(r.skill.verdict)}</span></b> against ${esc(r.skill.against)} (paired log-loss test over ${esc(r.skill.test.groups)} bar times: mean difference ${fmt(r.skill.test.meanDifference, 5)}, p ${fmt(r.skill.test.pBetter, 4)}).</p>`,
    );
  }
  if (charts.length) parts.push(`<h2>Charts</h2><div class="charts">${charts.map(chartFigure).join('')}</div>`);
  if (r) {
    if (!v.predictions) parts.push('<p class="muted">The test window\'s rows (evaluation.json) are missing: no equity, ROC or calibration chart.</p>');
    parts.push(`<h2>Long/flat strategy (after ${esc(r.strategy.costBps)} bps costs) vs buy-and-hold</h2>${table(
      ['', 'total return', 'Sharpe (ann.)', 'max drawdown', 'turnover', 'exposure'],
      [['long/flat model', r.strategy.model] as const, ['buy-and-hold', r.strategy.buyAndHold] as const].map(([n, book]) => [n, bag(book)] as const).map(([n, s]) => [n, pct(s.totalReturn), fmt(s.sharpe, 2), pct(s.maxDrawdown), fmt(s.turnover, 3), pct(s.exposure)]),
      'id="strategy"',
    )}`);
    parts.push(`<h2>Per symbol (test)</h2>${table(['symbol', 'n', 'accuracy', 'majority rate', 'p vs majority', 'ROC AUC'], Object.entries(r.perSymbol).map(([s, m]) => [s, m.n, pct(m.accuracy), pct(m.majorityRate), fmt(m.pValue, 4), fmt(m.auc)]), 'id="per-symbol"')}`);
    if (r.importances?.length) parts.push(`<h2>Feature importances</h2>${table(['feature', 'gain', 'splits'], r.importances.map((i) => [i.feature, fmt(i.gain, 4), i.splits]))}`);
    const cal = (bag(r.test).calibration as { lower: number; upper: number; count: number; meanPredicted: number | null; observedRate: number | null }[] | undefined) ?? [];
    if (cal.length) parts.push(`<h2>Calibration bins (test)</h2>${table(['bin', 'n', 'mean predicted', 'observed up-rate'], cal.map((b) => [`${fmt(b.lower, 2)}–${fmt(b.upper, 2)}`, b.count, fmt(b.meanPredicted), fmt(b.observedRate)]))}`);
  }
  const studyLink = links.job?.();
  parts.push(
    `<h2>Tuning: ${v.trials.length} trials (validation window only)${studyLink ? ` · <a href="${esc(studyLink)}">study job</a>` : ''}</h2>${table(
      ['trial', 'model', 'status', 'best val log loss', 'steps', 'worker'],
      v.trials.map((t) => [link(links.job?.(t.number), `#${t.number}`), trialModel(t), t.status, fmt(t.value, 4), t.curve.length, t.worker ?? '—']),
      'id="trials"',
    )}`,
  );
  const best = v.trials.find((t) => t.number === v.bestTrial);
  if (best) parts.push(`<h2>Best parameters (trial #${best.number})</h2>${table(['parameter', 'value'], Object.entries((best.params ?? {}) as Record<string, unknown>))}`);
  if (v.promotion) {
    parts.push(`<h2>Promotion decision</h2><p id="promotion"><b>${esc(v.promotion.outcome)}</b>${v.promotion.rule ? ` (${esc(v.promotion.rule)})` : ''}: ${esc(v.promotion.reason)}</p>`);
  }
  return parts.join('\n');
}
