/** What `alphapulse demo` reports: printed as a table, or as one JSON object with `--json`. */
export interface DemoSummary {
  synthetic: true;
  barsIngested: number;
  symbols: string[];
  batchId: string;
  batchRows: number;
  runId: string;
  modelVersion: number | null;
  alias: string | null;
  backend: string;
  mode: string;
  trials: number;
  test: Record<string, unknown>;
  baselines: Record<string, Record<string, unknown>>;
  strategy: Record<string, unknown> | null;
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
const ci = (x: unknown) => {
  const c = x as { lower?: number; upper?: number } | undefined;
  return c && typeof c.lower === 'number' && typeof c.upper === 'number' ? `[${pct(c.lower)}, ${pct(c.upper)}]` : '';
};

function strategyLines(strategy: DemoSummary['strategy']): string[] {
  const st = strategy as { model?: Record<string, unknown>; buyAndHold?: Record<string, unknown>; costBps?: number } | null;
  if (!st?.model || !st.buyAndHold) return [];
  const line = (name: string, m: Record<string, unknown>) =>
    `  ${name.padEnd(14)} return ${pct(m.totalReturn).padStart(7)}  Sharpe ${num(m.sharpe, 2).padStart(5)}  max drawdown ${pct(m.maxDrawdown).padStart(6)}  turnover ${num(m.turnover, 2)}`;
  return [`  long/flat strategy on the test window, ${st.costBps ?? '?'} bps per trade:`, line('model', st.model), line('buy-and-hold', st.buyAndHold), ''];
}

/** A human-readable summary: where things went, and test metrics beside the baselines. */
export function formatDemoSummary(s: DemoSummary): string {
  const rows: string[][] = [['', 'accuracy (95% CI)', 'ROC AUC', 'log loss', 'Brier']];
  const line = (name: string, m: Record<string, unknown>) => [name, `${pct(m.accuracy)} ${ci(m.accuracyCI)}`, num(m.auc), num(m.logLoss), num(m.brier)];
  rows.push(line('model (test)', s.test));
  for (const [name, m] of Object.entries(s.baselines)) rows.push(line(name, m));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
  return [
    '',
    'AlphaPulse demo — SYNTHETIC sample market (seeded simulator, not market data)',
    '',
    `  bars ingested     ${s.barsIngested} (${s.symbols.join(', ')})`,
    `  feature batch     ${s.batchId} (${s.batchRows} rows)`,
    `  run               ${s.runId} (mode ${s.mode}, ${s.trials} trials)`,
    `  model version     ${s.modelVersion ?? '—'}${s.alias ? ` (${s.alias})` : ''}`,
    `  backend           ${s.backend}`,
    `  model written to  ${s.modelLocation}`,
    `  wall time         ${s.seconds.toFixed(1)} s (training ${s.trainingSeconds.toFixed(1)} s), peak RSS ${s.peakRssMb} MB`,
    '',
    table,
    '',
    ...strategyLines(s.strategy),
    s.suspectedLeak ? '  WARNING: accuracy above the plausible band: suspect a leak.' : '',
    '  On this synthetic market SYN-RW is a pure random walk; SYN-MOM and SYN-REV carry a weak planted',
    '  lag-1 effect. A model near the baselines is the honest outcome; far above them would be a bug.',
    '',
  ].join('\n');
}
