import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adjustColumns } from '@alphapulse/features';
import { parseOhlcvColumns } from '@alphapulse/market';
import { startTelemetry, withSpan } from '@alphapulse/telemetry';
import { MODEL_CHOICES, TRAINING_MODES } from '@alphapulse/queue/vocabulary';
// Deep imports until @alphapulse/trainer exports "./offline" and "./evaluation" subpaths: its root entry
// loads the queue tier (BullMQ, Postgres), which an offline command must not need.
import type { ClassificationMetrics, StrategyMetrics } from '@alphapulse/trainer/evaluation';
import { evaluateOfflineSeries, type OfflineReport } from '@alphapulse/trainer/offline';
import { StudyProgressBars, type StudyProgressState } from '../progress/study-progress-bars.ts';
import { UsageError } from '../usage-error.ts';

const HELP = `usage: alphapulse evaluate --input FILE.csv --mode ultra_fast|fast|full [--model auto|logistic|mlp|lstm|gbdt]
                          [--walk-forward [--every N]] [--seed N] [--trials N] [--workers N] [--cost-bps N] [--set NAME] [--json]

Offline tuning and honest evaluation of an OHLCV CSV (no Redis, no database): features, a chronological
70/15/15 split with a one-bar gap, tuning on the validation window (TPE after random start-up trials,
median pruning; ultra_fast 5 trials, fast 15, full 30), a final refit and ONE evaluation on the test
window beside the baselines (majority class, persistence, logistic regression) and buy-and-hold.
  --model         model kind, or auto to tune it as a hyperparameter (default auto)
  --walk-forward  also an expanding-window walk-forward, retraining every --every bars (default 252)
  --seed          seed for sampling, initialisation and shuffling (default 42)
  --trials        override the mode's trial budget
  --workers       worker threads running trials in parallel (default: the number of cores). The result is
                  a function of --seed and --workers: trial k's sampler and pruner see trials 0..k-N.
                  --workers 1 runs them one after another in this thread.
  --cost-bps      one-way trading cost of the strategy in basis points (default 5)
  --set           feature set (default technical)
  --json          one JSON object on stdout (progress goes to stderr)
`;

const MODES = TRAINING_MODES;
const MODELS = MODEL_CHOICES;

function intFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`evaluate: --${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

/** `alphapulse evaluate`: offline tuning + evaluation of a CSV. Exit 0 on success, 1 on bad input data. */
export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        input: { type: 'string' },
        mode: { type: 'string' },
        model: { type: 'string', default: 'auto' },
        'walk-forward': { type: 'boolean', default: false },
        every: { type: 'string' },
        seed: { type: 'string', default: '42' },
        trials: { type: 'string' },
        workers: { type: 'string' },
        'cost-bps': { type: 'string' },
        set: { type: 'string', default: 'technical' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`evaluate: ${(err as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.input) throw new UsageError('evaluate: --input FILE.csv is required');
  const mode = values.mode as (typeof MODES)[number];
  if (!MODES.includes(mode))
    throw new UsageError(
      `evaluate: --mode must be one of ${MODES.join(', ')}${values.mode ? `, got ${JSON.stringify(values.mode)}` : ''}`,
    );
  const model = values.model as (typeof MODELS)[number];
  if (!MODELS.includes(model))
    throw new UsageError(`evaluate: --model must be one of ${MODELS.join(', ')}, got ${JSON.stringify(values.model)}`);
  const seed = intFlag('seed', values.seed as string, 0) as number;
  const trials = intFlag('trials', values.trials as string | undefined, 1);
  const every = intFlag('every', values.every as string | undefined, 1);
  const workers = intFlag('workers', values.workers as string | undefined, 1) ?? availableParallelism();
  const costRaw = values['cost-bps'] as string | undefined;
  const costBps = costRaw === undefined ? undefined : Number(costRaw);
  if (costBps !== undefined && !(costBps >= 0))
    throw new UsageError(`evaluate: --cost-bps must be a number >= 0, got ${JSON.stringify(costRaw)}`);
  if (every !== undefined && !values['walk-forward']) throw new UsageError('evaluate: --every only applies with --walk-forward');

  let text: string;
  try {
    text = readFileSync(values.input as string, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`alphapulse evaluate: ${e.code ?? 'error'}: cannot read ${values.input}\n`);
    return 1;
  }
  const parsed = parseOhlcvColumns(text);
  const fallbackSymbol =
    path
      .basename(values.input as string)
      .replace(/\.[^.]*$/, '')
      .toUpperCase() || 'INPUT';
  const parts = parsed.series.map((s) => ({ symbol: s.symbol ?? fallbackSymbol, series: adjustColumns(s) }));
  // With OTEL_* set: one trace per run (study, trials, fits with their epochs, the test evaluation).
  const telemetry = await startTelemetry('alphapulse-cli');
  const bars = new StudyProgressBars('evaluate');
  const state = { trialsDone: 0, trialsTotal: 0, best: null as number | null, trial: undefined as StudyProgressState['trial'] };
  try {
    const attributes = { 'evaluate.input': path.basename(values.input as string), 'study.mode': mode, 'ml.model': model, 'study.seed': seed };
    const report = await withSpan('evaluate', attributes, () =>
      evaluateOfflineSeries(parts, {
        mode,
        model,
        seed,
        trials,
        workers,
        costBps,
        featureSet: values.set as string,
        walkForward: values['walk-forward'] ? { every } : false,
        onProgress: (m) => bars.log(m),
        onTrialEnd: (t) => {
          state.trialsDone++;
          if (t.status === 'complete' && t.value !== null && (state.best === null || t.value < state.best)) state.best = t.value;
          bars.update(state);
        },
        onTrialStart: (t) => {
          state.trialsTotal = t.budget;
          state.trial = { number: t.number, model: t.model, steps: 0, maxSteps: t.maxSteps };
          bars.update(state);
        },
        onStep: (_n, step) => {
          if (state.trial) state.trial.steps = step;
          bars.update(state);
        },
      }),
    );
    bars.stop();
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    return 0;
  } finally {
    bars.stop();
    await telemetry.shutdown();
  }
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '-' : v.toFixed(d));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function metricRow(name: string, m: ClassificationMetrics): string[] {
  return [
    name,
    pct(m.accuracy),
    `[${pct(m.accuracyCI.lower)}, ${pct(m.accuracyCI.upper)}]`,
    m.pValue < 0.001 ? '<0.001' : num(m.pValue),
    pct(m.balancedAccuracy),
    num(m.auc),
    num(m.logLoss, 4),
    num(m.brier, 4),
  ];
}

function strategyRow(name: string, s: StrategyMetrics): string[] {
  return [name, pct(s.totalReturn), num(s.sharpe, 2), pct(s.maxDrawdown), num(s.turnover, 3), pct(s.exposure)];
}

/** The human-readable report: test metrics beside the baselines with intervals, strategy beside buy-and-hold. */
export function formatReport(r: OfflineReport): string {
  const w = r.windows;
  const head = [
    `AlphaPulse offline evaluation — ${r.input.symbols.join(', ')}: ${r.input.bars} rows ${r.input.from}..${r.input.to}, feature set ${r.input.featureSet} (${r.input.features} features)`,
    `mode ${r.mode}, model ${r.model}, seed ${r.seed}, backend ${r.backend}, ${r.workers} worker${r.workers === 1 ? '' : 's'}; ${r.trials.count} trials (${r.trials.complete} complete, ${r.trials.pruned} pruned, ${r.trials.failed} failed); best #${r.best.number} ${r.best.params.model} (val log loss ${num(r.best.valLogLoss, 4)})`,
    `windows: train ${w.train.start.slice(0, 10)}..${w.train.end.slice(0, 10)} (${w.train.n}), val ${w.val.start.slice(0, 10)}..${w.val.end.slice(0, 10)} (${w.val.n}), test ${w.test.start.slice(0, 10)}..${w.test.end.slice(0, 10)} (${w.test.n})`,
  ];
  const metrics = table(
    ['test window', 'accuracy', '95% CI', 'p vs 0.5', 'bal. acc', 'AUC', 'log loss', 'Brier'],
    [
      metricRow(`model (${r.best.params.model})`, r.test),
      metricRow('majority class', r.baselines.majority),
      metricRow('persistence', r.baselines.persistence),
      metricRow('logistic regression', r.baselines.logistic),
    ],
  );
  const strategy = table(
    [
      `strategy (long if p > ${r.strategy.threshold}, ${r.strategy.costBps} bps)`,
      'return',
      'Sharpe',
      'max DD',
      'turnover',
      'exposure',
    ],
    [strategyRow('long/flat model', r.strategy.model), strategyRow('buy and hold', r.strategy.buyAndHold)],
  );
  const parts = [head.join('\n'), metrics, strategy];
  if (r.walkForward) {
    const wf = r.walkForward;
    parts.push(
      [
        `walk-forward: ${wf.folds} folds, retrain every ${wf.every} bars, params tuned on ${wf.tunedOn.start}..${wf.tunedOn.end}, out of sample ${new Date(wf.range.start).toISOString().slice(0, 10)}..${new Date(wf.range.end).toISOString().slice(0, 10)}`,
        table(
          ['pooled out-of-sample', 'accuracy', '95% CI', 'p vs 0.5', 'bal. acc', 'AUC', 'log loss', 'Brier'],
          [metricRow(wf.params.model, wf.metrics)],
        ),
        table(
          ['walk-forward strategy', 'return', 'Sharpe', 'max DD', 'turnover', 'exposure'],
          [strategyRow('long/flat model', wf.strategy), strategyRow('buy and hold', wf.buyAndHold)],
        ),
      ].join('\n'),
    );
  }
  parts.push(`${r.suspectedLeak.suspected ? 'SUSPECTED LEAK: ' : ''}${r.suspectedLeak.note}`);
  parts.push(
    `${r.seconds.toFixed(1)} s (tuning ${r.timings.tuning.toFixed(1)} s, final fit + evaluation ${r.timings.final.toFixed(1)} s${r.timings.walkForward !== null ? `, walk-forward ${r.timings.walkForward.toFixed(1)} s` : ''})`,
  );
  return `${parts.join('\n\n')}\n`;
}
