import type { StudyResult } from '@alphapulse/trainer';

/** What `alphapulse demo` reports: printed as tables, or as one JSON object with `--json`. */
export interface DemoSummary {
  synthetic: true;
  barsIngested: number;
  symbols: string[];
  batchId: string;
  batchRows: number;
  runId: string;
  modelVersion: number | null;
  /** Where the version stands after its promotion decision. */
  alias: 'champion' | 'challenger';
  promotion: { outcome: string; rule: string | null; reason: string };
  /** The version's skill verdict: significant only when it beats the best baseline by more than noise. */
  skill: 'significant' | 'none';
  backend: string;
  mode: string;
  trials: number;
  test: StudyResult['test'];
  baselines: StudyResult['baselines'];
  perSymbol: Record<string, { n: number; accuracy: number; pValue: number; majorityRate: number; auc: number | null }>;
  predictions: { symbol: string; asOf: string; probabilityUp: number; modelVersion: number; skill: string }[];
  strategy: StudyResult['strategy'] | null;
  suspectedLeak: boolean;
  modelLocation: string;
  seconds: number;
  trainingSeconds: number;
  peakRssMb: number;
  redis: string;
  database: string;
}

const pct = (x: unknown) => (typeof x === 'number' ? `${(100 * x).toFixed(1)}%` : '—');
const num = (x: unknown, d = 3) => (typeof x === 'number' ? x.toFixed(d) : '—');
const pval = (x: unknown) => (typeof x === 'number' ? (x < 0.001 ? x.toExponential(1) : x.toFixed(3)) : '—');
const ci = (x: unknown) => {
  const c = x as { lower?: number; upper?: number } | undefined;
  return c && typeof c.lower === 'number' && typeof c.upper === 'number' ? `[${pct(c.lower)}, ${pct(c.upper)}]` : '';
};

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`).join('\n');
}

function strategyLines(strategy: DemoSummary['strategy']): string[] {
  if (!strategy) return [];
  const line = (name: string, m: Record<string, unknown>) =>
    `  ${name.padEnd(14)} return ${pct(m.totalReturn).padStart(7)}  Sharpe ${num(m.sharpe, 2).padStart(5)}  max drawdown ${pct(m.maxDrawdown).padStart(6)}  turnover ${num(m.turnover, 2)}`;
  return [
    `  long/flat strategy on the test window, ${strategy.costBps} bps per trade:`,
    line('model', { ...strategy.model }),
    line('buy-and-hold', { ...strategy.buyAndHold }),
    '',
  ];
}

/** A human-readable summary: where things went, test metrics beside the baselines, per symbol, and the predictions. */
export function formatDemoSummary(s: DemoSummary): string {
  const metrics = (name: string, m: Record<string, unknown>) => [name, `${pct(m.accuracy)} ${ci(m.accuracyCI)}`, pval(m.pValue), num(m.auc), num(m.logLoss), num(m.brier)];
  const pooled = table([
    ['', 'accuracy (95% CI)', 'p vs majority', 'ROC AUC', 'log loss', 'Brier'],
    metrics('model (test)', { ...s.test }),
    ...Object.entries(s.baselines).map(([name, m]) => metrics(name, { ...m })),
  ]);
  const perSymbol = table([
    ['symbol', 'n', 'accuracy', 'majority rate', 'p vs majority', 'ROC AUC'],
    ...Object.entries(s.perSymbol).map(([sym, m]) => [sym, String(m.n), pct(m.accuracy), pct(m.majorityRate), pval(m.pValue), num(m.auc)]),
  ]);
  const predictions = s.predictions.length
    ? table([
        ['symbol', 'as of', 'P(up day)', 'model', 'skill'],
        ...s.predictions.map((p) => [p.symbol, p.asOf, num(p.probabilityUp), `v${p.modelVersion}`, p.skill]),
      ])
    : '  none: no version is champion, so nothing was scored';
  return [
    '',
    'AlphaPulse demo — SYNTHETIC sample market (seeded simulator, not market data)',
    '',
    `  bars ingested     ${s.barsIngested} (${s.symbols.join(', ')})`,
    `  feature batch     ${s.batchId} (${s.batchRows} rows)`,
    `  run               ${s.runId} (mode ${s.mode}, ${s.trials} trials)`,
    `  model version     v${s.modelVersion ?? '—'}: ${s.alias.toUpperCase()}, skill ${s.skill}`,
    `  why               ${s.promotion.reason}`,
    `  backend           ${s.backend}`,
    `  model written to  ${s.modelLocation}`,
    `  wall time         ${s.seconds.toFixed(1)} s (training ${s.trainingSeconds.toFixed(1)} s), peak RSS ${s.peakRssMb} MB`,
    '',
    'Test window, all symbols pooled',
    pooled,
    '',
    'Test window, per symbol',
    perSymbol,
    '',
    ...strategyLines(s.strategy),
    'Predictions for the next session (the predict.batch job, champion only)',
    predictions,
    '',
    s.suspectedLeak
      ? '  The leak guard fired: accuracy or AUC is above the plausible band for REAL daily data. Expected here:\n  the planted effects are stronger than anything real markets offer; on real bars, suspect look-ahead.'
      : '',
    '  On this synthetic market SYN-RW is a pure random walk: it must score chance. SYN-MOM (strong),',
    '  SYN-TREND (weaker) and SYN-IDX (faint) carry a planted momentum effect: an honest model finds them',
    '  per symbol. Skill is judged against the best baseline, a logistic regression among them, which learns',
    '  a linear lag-1 effect as well as any model: "none" then means no edge over it, and predictions still flow.',
    '',
  ].join('\n');
}
