/**
 * Trainer benchmark: `alphapulse evaluate --model gbdt` and `--model auto` on a 22-year synthetic daily series
 * (5,500 weekday bars, GBM with volatility clustering, written to a temp CSV), each as a whole process (wall
 * time, start-up and feature computation included), beside the Python anchor (bench/trainer/xgb_optuna.py)
 * doing the same work from the same CSV, also as whole processes (interpreter start included): pandas
 * features, the same 16 scale-free columns and chronological split, XGBoost `hist` (nthread=1, early
 * stopping 20) tuned by Optuna TPE with 5 and 30 trials, refit, one test evaluation.
 *
 * The machine is shared, so the runs are interleaved (anchor, ours, anchor, ours, ...) for several rounds and
 * each figure is the median of its rounds: a load spike hits both sides of a ratio alike. Ours runs with the
 * CLI's defaults (trials on one worker thread per core) and, for gbdt full, also with `--workers 1`.
 * Start-up: `timings.firstTrial` (process start to the first trial) of the compiled CLI, of the same CLI from
 * its TypeScript sources (ALPHAPULSE_CLI_FROM_SOURCE=1), beside the anchor's imports + features and a bare
 * `node -e ''`. Peak RSS of `full --model auto` via /usr/bin/time -v (worker threads included).
 *
 * Alone: `node --import tsx bench/trainer/evaluate.bench.ts [--quick]` (quick: 2,000 bars, full → 10 trials,
 * one round).
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

function timed(command: string, args: string[], env?: NodeJS.ProcessEnv): { seconds: number; stdout: string; stderr: string } {
  const t = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: env ?? process.env });
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

interface EvaluateRun {
  seconds: number;
  report: OfflineReport;
  peakMb: number | null;
}

interface EvaluateArgs {
  mode: 'ultra_fast' | 'full';
  model: 'gbdt' | 'auto';
  trials?: number;
  workers?: number;
  measureRss?: boolean;
  fromSource?: boolean;
}

function evaluate(csv: string, a: EvaluateArgs): EvaluateRun {
  const args = [CLI, 'evaluate', '--input', csv, '--mode', a.mode, '--model', a.model, '--seed', String(SEED), '--json'];
  if (a.trials) args.push('--trials', String(a.trials));
  if (a.workers) args.push('--workers', String(a.workers));
  const env = a.fromSource ? { ...process.env, ALPHAPULSE_CLI_FROM_SOURCE: '1' } : undefined;
  const run = a.measureRss ? timed('/usr/bin/time', ['-v', process.execPath, ...args], env) : timed(process.execPath, args, env);
  const report = JSON.parse(run.stdout.trim().split('\n').pop() as string) as OfflineReport;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  return { seconds: run.seconds, report, peakMb: rss ? Number(rss[1]) / 1024 : null };
}

/** The Python anchor as one whole process, from the OHLCV CSV. */
function xgbOptuna(csv: string, trials: number): { seconds: number; result: XgbResult } {
  const run = timed('/usr/bin/python3', [XGB, csv, String(trials), String(SEED)]);
  return { seconds: run.seconds, result: JSON.parse(run.stdout.trim()) as XgbResult };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The run whose wall time is the median (its report stands for the rounds). */
const medianRun = <T extends { seconds: number }>(runs: T[]): T => {
  const m = median(runs.map((r) => r.seconds));
  return runs.reduce((a, b) => (Math.abs(b.seconds - m) < Math.abs(a.seconds - m) ? b : a));
};

const acc = (a: number, lo?: number, hi?: number) =>
  `${(a * 100).toFixed(1)}%${lo !== undefined ? ` [${(lo * 100).toFixed(1)}, ${((hi as number) * 100).toFixed(1)}]` : ''}`;
const secondsList = (runs: { seconds: number }[]) => runs.map((r) => r.seconds.toFixed(2)).join(', ');

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const barsCount = quick ? 2000 : 5500;
  const fullTrials = quick ? 10 : 30;
  const rounds = quick ? 1 : 3;
  const autoRounds = quick ? 1 : 2;
  const trials = quick ? fullTrials : undefined;
  const dir = join(tmpdir(), 'alphapulse-bench-trainer');
  mkdirSync(dir, { recursive: true });
  const bars = syntheticDailyBars(barsCount);
  const csv = join(dir, `daily-${barsCount}.csv`);
  writeDailyCsv(csv, bars);
  const years = ((bars[bars.length - 1].ts.getTime() - bars[0].ts.getTime()) / (365.25 * 86_400_000)).toFixed(1);
  // Compiles the CLI if its bundle is missing or stale, so no timed run includes a build.
  timed(process.execPath, [CLI, '--help']);

  const runs = { xgb5: [] as ReturnType<typeof xgbOptuna>[], xgbFull: [] as ReturnType<typeof xgbOptuna>[], gbdt5: [] as EvaluateRun[], gbdtFull: [] as EvaluateRun[], gbdtFull1: [] as EvaluateRun[], auto: [] as EvaluateRun[], node: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    runs.node.push(timed(process.execPath, ['-e', '']).seconds);
    runs.xgb5.push(xgbOptuna(csv, 5));
    runs.gbdt5.push(evaluate(csv, { mode: 'ultra_fast', model: 'gbdt' }));
    runs.xgbFull.push(xgbOptuna(csv, fullTrials));
    runs.gbdtFull.push(evaluate(csv, { mode: 'full', model: 'gbdt', trials }));
    runs.gbdtFull1.push(evaluate(csv, { mode: 'full', model: 'gbdt', trials, workers: 1 }));
    if (round < autoRounds) runs.auto.push(evaluate(csv, { mode: 'full', model: 'auto', trials, measureRss: true }));
  }
  const auto1 = evaluate(csv, { mode: 'full', model: 'auto', trials, workers: 1, measureRss: true });
  const fromSource = evaluate(csv, { mode: 'ultra_fast', model: 'gbdt', fromSource: true });

  const xgb5 = median(runs.xgb5.map((r) => r.seconds));
  const xgbFull = median(runs.xgbFull.map((r) => r.seconds));
  const label = `${barsCount} daily bars (${years} years), ${runs.xgb5[0].result.features} features`;
  const describe = (r: OfflineReport) =>
    `${r.workers} worker(s); best ${r.best.params.model}; ${r.trials.complete} complete/${r.trials.pruned} pruned; first trial at ${r.timings.firstTrial.toFixed(2)} s, tuning ${r.timings.tuning.toFixed(1)} s, final fit+eval ${r.timings.final.toFixed(2)} s; test accuracy ${acc(r.test.accuracy, r.test.accuracyCI.lower, r.test.accuracyCI.upper)}, AUC ${r.test.auc?.toFixed(3)}`;
  const describeXgb = (x: XgbResult) =>
    `from the same CSV: pandas ${x.versions.pandas} features, xgboost ${x.versions.xgboost} hist nthread=1, optuna ${x.versions.optuna} TPE; train ${x.rows.train} / val ${x.rows.val} / test ${x.rows.test} rows; imports ${x.seconds.imports.toFixed(2)} s, features ${x.seconds.features.toFixed(2)} s, tuning ${x.seconds.tuning.toFixed(2)} s (rounds used ${Math.min(...x.rounds.trials)}-${Math.max(...x.rounds.trials)}), refit+test ${x.seconds.final.toFixed(2)} s; test accuracy ${acc(x.test.accuracy)} (majority ${acc(x.test.majorityRate)}), AUC ${x.test.auc.toFixed(3)}`;
  const ours = (name: string, list: EvaluateRun[], anchor: number, anchorName: string, goal: string): BenchResult => ({
    name: `trainer: ${name}, ${label}`,
    value: median(list.map((r) => r.seconds)),
    unit: 's',
    ratio: { to: `${anchorName} (median of ${runs.xgb5.length}, same run; goal ${goal})`, value: median(list.map((r) => r.seconds)) / anchor },
    note: `whole process, median of ${list.length} interleaved runs (${secondsList(list)} s); ${describe(medianRun(list).report)}`,
  });
  const anchorRow = (trialsN: number, list: ReturnType<typeof xgbOptuna>[]): BenchResult => ({
    name: `trainer: python anchor (pandas + xgboost + optuna TPE), ${trialsN} trials, ${label}`,
    value: median(list.map((r) => r.seconds)),
    unit: 's',
    note: `whole python process, median of ${list.length} (${secondsList(list)} s); ${describeXgb(medianRun(list).result)}`,
  });
  const firstTrial = median(runs.gbdt5.map((r) => r.report.timings.firstTrial));
  const pyFirst = median(runs.xgb5.map((r) => r.result.seconds.imports + r.result.seconds.features));
  const autoPeak = Math.max(...runs.auto.map((r) => r.peakMb ?? Number.NaN));
  return [
    ours('evaluate --mode ultra_fast --model gbdt (5 trials)', runs.gbdt5, xgb5, 'python anchor, 5 trials', '≤ 1.0×'),
    anchorRow(5, runs.xgb5),
    ours(`evaluate --mode full --model gbdt (${fullTrials} trials)`, runs.gbdtFull, xgbFull, `python anchor, ${fullTrials} trials`, '≤ 1.0×'),
    ours(`evaluate --mode full --model gbdt --workers 1 (${fullTrials} trials)`, runs.gbdtFull1, xgbFull, `python anchor, ${fullTrials} trials`, '≤ 1.0×'),
    anchorRow(fullTrials, runs.xgbFull),
    ours(`evaluate --mode full --model auto (${fullTrials} trials)`, runs.auto, xgbFull, `python anchor, ${fullTrials} trials`, '≤ 3.0×'),
    {
      name: `trainer: evaluate --mode full --model auto --workers 1 (${fullTrials} trials), ${label}`,
      value: auto1.seconds,
      unit: 's',
      ratio: { to: `python anchor, ${fullTrials} trials (same run)`, value: auto1.seconds / xgbFull },
      note: `whole process, one run; ${describe(auto1.report)}`,
    },
    {
      name: 'trainer: evaluate start-up, process start to the first trial (ultra_fast gbdt, compiled CLI)',
      value: firstTrial,
      unit: 's',
      ratio: { to: 'python anchor imports + features (goal: under 0.5 s absolute)', value: firstTrial / pyFirst },
      note: `median of ${runs.gbdt5.length} (${runs.gbdt5.map((r) => r.report.timings.firstTrial.toFixed(2)).join(', ')} s): node start, CLI bundle, CSV parse, features, dataset, workers started; the anchor's figure (${pyFirst.toFixed(2)} s) starts after its interpreter is up; bare \`node -e ''\` ${median(runs.node).toFixed(2)} s; the same CLI from its TypeScript sources (tsx) ${fromSource.report.timings.firstTrial.toFixed(2)} s (${(fromSource.report.timings.firstTrial / firstTrial).toFixed(1)}× the compiled one)`,
    },
    {
      name: `trainer: peak RSS of evaluate --mode full --model auto (${runs.auto[0].report.workers} workers)`,
      value: autoPeak,
      unit: 'MB',
      ratio: Number.isFinite(autoPeak) ? { to: 'goal < 400 MB', value: autoPeak / 400 } : undefined,
      note: `/usr/bin/time -v maximum resident set size of the process (its worker threads included), max of ${runs.auto.length}; with --workers 1: ${auto1.peakMb?.toFixed(0) ?? '?'} MB`,
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
