/**
 * Trainer benchmark: `alphapulse evaluate` on a 22-year synthetic daily series (5,500 weekday bars, GBM with
 * volatility clustering, written to a temp CSV) in modes ultra_fast (5 trials) and full (30 trials), each as
 * a whole process (wall time, start-up and feature computation included), beside the Python anchor
 * (bench/trainer/xgb_optuna.py) doing the same work from the same CSV, also as whole processes (interpreter
 * start included), in the same run: pandas features, the same 16 scale-free columns and chronological
 * split, XGBoost `hist` (nthread=1, early stopping 20) tuned by Optuna TPE with 5 and 30 trials, refit,
 * one test evaluation; and both modes again with `--model mlp` (no sequence model). Peak RSS of the
 * evaluate process during `full` (model auto) via /usr/bin/time -v.
 *
 * Alone: `node --import tsx bench/trainer/evaluate.bench.ts [--quick]` (quick: 2,000 bars, full → 10 trials).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OfflineReport } from '../../apps/trainer/src/offline/index.ts';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { syntheticDailyBars, writeDailyCsv } from './daily-series.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'apps/cli/bin/alphapulse.mjs');
const XGB = join(ROOT, 'bench/trainer/xgb_optuna.py');
const SEED = 42;

interface XgbResult {
  trials: number;
  rows: { train: number; val: number; test: number };
  features: number;
  test: { n: number; accuracy: number; auc: number; logLoss: number; majorityRate: number };
  rounds: { trials: number[]; final: number };
  seconds: { imports: number; features: number; tuning: number; final: number; total: number };
  versions: Record<string, string>;
}

function timed(command: string, args: string[]): { seconds: number; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${r.status}: ${r.stderr
        .split('\n')
        .filter((l) => !l.startsWith('{"level'))
        .slice(-5)
        .join('\n')}`,
    );
  return { seconds, stdout: r.stdout, stderr: r.stderr };
}

function evaluate(csv: string, mode: 'ultra_fast' | 'full', trials: number | undefined, measureRss: boolean, model = 'auto') {
  const args = [
    CLI,
    'evaluate',
    '--input',
    csv,
    '--mode',
    mode,
    '--model',
    model,
    '--seed',
    String(SEED),
    '--json',
    ...(trials ? ['--trials', String(trials)] : []),
  ];
  const run = measureRss ? timed('/usr/bin/time', ['-v', process.execPath, ...args]) : timed(process.execPath, args);
  const report = JSON.parse(run.stdout.trim().split('\n').pop() as string) as OfflineReport;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  return { seconds: run.seconds, report, peakMb: rss ? Number(rss[1]) / 1024 : null };
}

/** The Python anchor as one whole process, from the OHLCV CSV. */
function xgbOptuna(csv: string, trials: number): { seconds: number; result: XgbResult } {
  const run = timed('/usr/bin/python3', [XGB, csv, String(trials), String(SEED)]);
  return { seconds: run.seconds, result: JSON.parse(run.stdout.trim()) as XgbResult };
}

const acc = (a: number, lo?: number, hi?: number) =>
  `${(a * 100).toFixed(1)}%${lo !== undefined ? ` [${(lo * 100).toFixed(1)}, ${((hi as number) * 100).toFixed(1)}]` : ''}`;

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const barsCount = quick ? 2000 : 5500;
  const fullTrials = quick ? 10 : 30;
  const dir = join(tmpdir(), 'alphapulse-bench-trainer');
  mkdirSync(dir, { recursive: true });
  const bars = syntheticDailyBars(barsCount);
  const csv = join(dir, `daily-${barsCount}.csv`);
  writeDailyCsv(csv, bars);
  const years = ((bars[bars.length - 1].ts.getTime() - bars[0].ts.getTime()) / (365.25 * 86_400_000)).toFixed(1);

  const ours5 = evaluate(csv, 'ultra_fast', undefined, false);
  const xgb5 = xgbOptuna(csv, 5);
  const oursFull = evaluate(csv, 'full', quick ? fullTrials : undefined, true);
  const xgbFull = xgbOptuna(csv, fullTrials);
  const label = `${barsCount} daily bars (${years} years), ${xgb5.result.features} features`;
  // The same without the sequence model: how much of the gap is the LSTM (per-step ops on one wasm thread).
  const mlp5 = evaluate(csv, 'ultra_fast', undefined, false, 'mlp');
  const mlpFull = evaluate(csv, 'full', quick ? fullTrials : undefined, false, 'mlp');

  const describe = (r: OfflineReport) =>
    `backend ${r.backend}; best ${r.best.params.model}; ${r.trials.complete} complete/${r.trials.pruned} pruned; tuning ${r.timings.tuning.toFixed(1)} s, final fit+eval ${r.timings.final.toFixed(1)} s; test accuracy ${acc(r.test.accuracy, r.test.accuracyCI.lower, r.test.accuracyCI.upper)}, AUC ${r.test.auc?.toFixed(3)}`;
  const describeXgb = (x: XgbResult) =>
    `from the same CSV: pandas ${x.versions.pandas} features, xgboost ${x.versions.xgboost} hist nthread=1, optuna ${x.versions.optuna} TPE; train ${x.rows.train} / val ${x.rows.val} / test ${x.rows.test} rows; imports ${x.seconds.imports.toFixed(1)} s, features ${x.seconds.features.toFixed(2)} s, tuning ${x.seconds.tuning.toFixed(1)} s (rounds used ${Math.min(...x.rounds.trials)}-${Math.max(...x.rounds.trials)}), refit+test ${x.seconds.final.toFixed(2)} s; test accuracy ${acc(x.test.accuracy)} (majority ${acc(x.test.majorityRate)}), AUC ${x.test.auc.toFixed(3)}`;
  return [
    {
      name: `trainer: evaluate --mode ultra_fast (5 trials), ${label}`,
      value: ours5.seconds,
      unit: 's',
      ratio: { to: 'python anchor, 5 trials (same CSV, same run)', value: ours5.seconds / xgb5.seconds },
      note: `whole process; ${describe(ours5.report)}`,
    },
    {
      name: `trainer: python anchor (pandas + xgboost + optuna TPE), 5 trials, ${label}`,
      value: xgb5.seconds,
      unit: 's',
      note: `whole python process; ${describeXgb(xgb5.result)}`,
    },
    {
      name: `trainer: evaluate --mode full (${fullTrials} trials), ${label}`,
      value: oursFull.seconds,
      unit: 's',
      ratio: {
        to: `python anchor, ${fullTrials} trials (same CSV, same run)`,
        value: oursFull.seconds / xgbFull.seconds,
      },
      note: `whole process; ${describe(oursFull.report)}`,
    },
    {
      name: `trainer: python anchor (pandas + xgboost + optuna TPE), ${fullTrials} trials, ${label}`,
      value: xgbFull.seconds,
      unit: 's',
      note: `whole python process; ${describeXgb(xgbFull.result)}`,
    },
    {
      name: `trainer: evaluate --mode ultra_fast --model mlp, ${label}`,
      value: mlp5.seconds,
      unit: 's',
      ratio: { to: 'python anchor, 5 trials (same CSV, same run)', value: mlp5.seconds / xgb5.seconds },
      note: `whole process; ${describe(mlp5.report)}`,
    },
    {
      name: `trainer: evaluate --mode full --model mlp, ${label}`,
      value: mlpFull.seconds,
      unit: 's',
      ratio: {
        to: `python anchor, ${fullTrials} trials (same CSV, same run)`,
        value: mlpFull.seconds / xgbFull.seconds,
      },
      note: `whole process; ${describe(mlpFull.report)}`,
    },
    {
      name: 'trainer: peak RSS of evaluate --mode full',
      value: oursFull.peakMb ?? Number.NaN,
      unit: 'MB',
      ratio: oursFull.peakMb ? { to: 'aim 400 MB', value: oursFull.peakMb / 400 } : undefined,
      note: '/usr/bin/time -v, maximum resident set size of the node process',
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  for (const r of await run({}, { quick })) {
    const ratio = r.ratio ? `  (${r.ratio.value.toFixed(2)} × ${r.ratio.to})` : '';
    console.log(
      `${r.name}: ${Number.isFinite(r.value) ? r.value.toPrecision(4) : r.value} ${r.unit}${ratio}${r.note ? `\n    ${r.note}` : ''}`,
    );
  }
}
