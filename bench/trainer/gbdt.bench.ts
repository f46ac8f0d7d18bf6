/**
 * gbdt vs the real XGBoost (`tree_method=hist`, `nthread=1`, `max_bin=256`, `base_score = mean(y)`),
 * each a separate process fitting the same matrix files with the same hyperparameters:
 *
 * - synthetic, 100k train + 20k val + 50k test rows × 30 features with planted nonlinear signal and
 *   NaNs (gbdt-matrix.ts), 200 rounds depth 6, no row or column sampling: fit time (best of 2 fits
 *   per side, interleaved; CPU time is the figure, as the machine is shared; wall time in the note),
 *   test AUC of both, correlation of their test predictions, predict time;
 * - the same matrix with subsample = colsample = 0.8 (each library draws its own rows and columns, so
 *   XGBoost is also compared with itself under another seed: the closest two sampled fits get);
 * - the 16 features of a 22-year synthetic daily series (the trainer's prepareDataset split), the shape
 *   `evaluate` tunes on: 100 rounds without sampling, and early-stopped on validation log loss with
 *   sampling as a trial is (a random walk: both should score chance, and stop early); and the first
 *   again with values rounded to a 1/16 grid, so that both libraries get the same cut points;
 * - the cost of yielding to the event loop: our deep fit again with yielding off.
 *
 * Ours runs in bench/trainer/gbdt-fit.ts, XGBoost in bench/trainer/gbdt_xgb.py (python3-xgboost).
 *
 * Alone: `node --import tsx bench/trainer/gbdt.bench.ts [--quick]`
 * (quick: 20k + 5k + 10k rows).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seriesFromBars } from '@alphapulse/features';
import { rocAuc } from '../../apps/trainer/src/evaluation/classification-metrics.ts';
import { prepareDataset } from '../../apps/trainer/src/ml/dataset.ts';
import type { GbdtParams } from '../../apps/trainer/src/ml/gbdt/index.ts';
import { featureBatchFromSeries } from '../../apps/trainer/src/offline/feature-batch-from-series.ts';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { syntheticDailyBars } from './daily-series.ts';
import { type BenchMatrix, type MatrixSplit, syntheticMatrix, writeMatrix } from './gbdt-matrix.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OURS = join(ROOT, 'bench/trainer/gbdt-fit.ts');
const XGB = join(ROOT, 'bench/trainer/gbdt_xgb.py');
const PYTHON = '/usr/bin/python3';
const SEED = 42;

interface SideResult {
  seconds: { fit: number[]; fitCpu: number[]; predict: number; predictCpu: number };
  bestIteration: number;
  roundsUsed: number;
  valLogLoss: number;
  versions?: Record<string, string>;
}

interface Comparison {
  ours: SideResult;
  xgb: SideResult;
  aucOurs: number;
  aucXgb: number;
  correlation: number;
  maxAbsDiff: number;
  /** With row/column sampling: XGBoost against itself under another seed, the closest two sampled fits get. */
  xgbOtherSeed?: { auc: number; correlation: number };
}

const DEEP: GbdtParams = {
  learningRate: 0.1,
  maxDepth: 6,
  minChildWeight: 1,
  subsample: 1,
  colsampleByTree: 1,
  lambda: 1,
  gamma: 0,
  rounds: 200,
  earlyStoppingRounds: 0,
  maxBins: 256,
};

function runJson(command: string, args: string[]): SideResult {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${command} ${args[0]} exited ${r.status}: ${r.stderr.split('\n').slice(-6).join('\n')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as SideResult;
}

const ours = (prefix: string, params: GbdtParams, out: string, repeats: number, yieldEveryMs?: number) =>
  runJson(process.execPath, [
    '--import',
    'tsx',
    OURS,
    prefix,
    JSON.stringify(params),
    String(SEED),
    out,
    String(repeats),
    ...(yieldEveryMs === undefined ? [] : [String(yieldEveryMs)]),
  ]);
const xgboost = (prefix: string, params: GbdtParams, out: string, repeats: number, seed = SEED) =>
  runJson(PYTHON, [XGB, prefix, JSON.stringify(params), String(seed), out, String(repeats)]);

function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  const out = new Float64Array(b.length / 8);
  new Uint8Array(out.buffer).set(b);
  return out;
}

function pearson(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * Both sides on the same files; with `interleave`, ours, XGBoost, ours, XGBoost (one fit each time).
 * With sampling (subsample or colsample < 1), XGBoost is fitted once more with another seed.
 */
function compare(prefix: string, test: MatrixSplit, params: GbdtParams, interleave: boolean): Comparison {
  const oursOut = `${prefix}.ours.f64`;
  const xgbOut = `${prefix}.xgb.f64`;
  let o = ours(prefix, params, oursOut, 1);
  let x = xgboost(prefix, params, xgbOut, 1);
  if (interleave) {
    const o2 = ours(prefix, params, oursOut, 1);
    const x2 = xgboost(prefix, params, xgbOut, 1);
    o = {
      ...o2,
      seconds: { ...o2.seconds, fit: [...o.seconds.fit, ...o2.seconds.fit], fitCpu: [...o.seconds.fitCpu, ...o2.seconds.fitCpu] },
    };
    x = {
      ...x2,
      seconds: { ...x2.seconds, fit: [...x.seconds.fit, ...x2.seconds.fit], fitCpu: [...x.seconds.fitCpu, ...x2.seconds.fitCpu] },
    };
  }
  const po = readF64(oursOut);
  const px = readF64(xgbOut);
  let xgbOtherSeed: Comparison['xgbOtherSeed'];
  if (params.subsample < 1 || params.colsampleByTree < 1) {
    const otherOut = `${prefix}.xgb2.f64`;
    xgboost(prefix, params, otherOut, 1, SEED + 1);
    const p2 = readF64(otherOut);
    xgbOtherSeed = { auc: rocAuc(test.y, p2) as number, correlation: pearson(px, p2) };
  }
  return {
    ours: o,
    xgb: x,
    aucOurs: rocAuc(test.y, po) as number,
    aucXgb: rocAuc(test.y, px) as number,
    correlation: pearson(po, px),
    maxAbsDiff: po.reduce((m, v, i) => Math.max(m, Math.abs(v - px[i])), 0),
    xgbOtherSeed,
  };
}

/**
 * The trainer's own 16 scale-free features and chronological split on a 22-year synthetic daily series;
 * with `grid`, every (standardised) value rounded to a multiple of 1/grid, which leaves fewer distinct
 * values than bins, so both libraries cut at every distinct value and differ in nothing but arithmetic.
 */
function dailyMatrix(bars: number, grid?: number): BenchMatrix {
  const batch = featureBatchFromSeries([{ symbol: 'SYN22Y', series: seriesFromBars(syntheticDailyBars(bars)) }], 'technical');
  const ds = prepareDataset(batch);
  const round = (x: Float32Array) => (grid ? x.map((v) => Math.round(v * grid) / grid) : x);
  const split = (s: typeof ds.train): MatrixSplit => ({
    x: round(s.x),
    y: Uint8Array.from(s.y),
    n: s.n,
    f: ds.featureNames.length,
  });
  return {
    name: `daily ${bars} bars`,
    featureNames: ds.featureNames,
    train: split(ds.train),
    val: split(ds.val),
    test: split(ds.test),
  };
}

const min = (v: number[]) => Math.min(...v);
const f3 = (v: number) => v.toFixed(3);
const f4 = (v: number) => v.toFixed(4);

/** Standard error of an AUC under "no signal" (Mann–Whitney normal approximation). */
function aucNullSe(test: MatrixSplit): number {
  let pos = 0;
  for (let i = 0; i < test.n; i++) pos += test.y[i];
  return Math.sqrt((test.n + 1) / (12 * pos * (test.n - pos)));
}

function rows(label: string, test: MatrixSplit, c: Comparison, params: GbdtParams, withTime: boolean): BenchResult[] {
  const other = c.xgbOtherSeed;
  const p = `lr ${params.learningRate}, depth ${params.maxDepth}, subsample ${params.subsample}, colsample ${params.colsampleByTree}, λ ${params.lambda}, mcw ${params.minChildWeight}`;
  const rounds = `rounds used ours ${c.ours.roundsUsed} (best ${c.ours.bestIteration}), xgboost ${c.xgb.roundsUsed} (best ${c.xgb.bestIteration})`;
  const out: BenchResult[] = [];
  if (withTime) {
    const oc = min(c.ours.seconds.fitCpu);
    const xc = min(c.xgb.seconds.fitCpu);
    const ow = min(c.ours.seconds.fit);
    const xw = min(c.xgb.seconds.fit);
    out.push(
      {
        name: `gbdt: fit, ${label}`,
        value: oc,
        unit: 's CPU',
        ratio: { to: 'xgboost hist nthread=1 fit, CPU s (goal ≤ 2)', value: oc / xc },
        note: `best of ${c.ours.seconds.fitCpu.length} fits (binning included); wall ${ow.toFixed(1)} s vs xgboost ${xw.toFixed(1)} s (${(ow / xw).toFixed(2)}×); ${p}; ${rounds}`,
      },
      {
        name: `gbdt: xgboost ${c.xgb.versions?.xgboost} hist fit, ${label}`,
        value: xc,
        unit: 's CPU',
        note: `best of ${c.xgb.seconds.fitCpu.length} fits (DMatrix construction included); wall ${xw.toFixed(1)} s`,
      },
      {
        name: `gbdt: predict test rows, ${label}`,
        value: c.ours.seconds.predictCpu,
        unit: 's CPU',
        ratio: { to: 'xgboost predict, CPU s', value: c.ours.seconds.predictCpu / c.xgb.seconds.predictCpu },
        note: `xgboost ${f3(c.xgb.seconds.predictCpu)} s CPU (DMatrix included)`,
      },
    );
  }
  out.push(
    {
      name: `gbdt: test AUC minus xgboost's, ${label}`,
      value: c.aucOurs - c.aucXgb,
      unit: 'AUC',
      note: `goal |Δ| ≤ 0.01: ours ${f4(c.aucOurs)}, xgboost ${f4(c.aucXgb)} (±${f3(1.96 * aucNullSe(test))} is chance at 95%)${other ? `; xgboost with another seed ${f4(other.auc)}` : ''}; val log loss ours ${f4(c.ours.valLogLoss)}, xgboost ${f4(c.xgb.valLogLoss)}; ${rounds}`,
    },
    {
      name: `gbdt: correlation of test predictions with xgboost's, ${label}`,
      value: c.correlation,
      unit: 'Pearson r',
      note: `goal > 0.95; largest |Δp| ${c.maxAbsDiff.toExponential(1)}${other ? `; xgboost against itself with another seed: r = ${f3(other.correlation)}` : ''}`,
    },
  );
  return out;
}

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const sizes = quick ? { train: 20_000, val: 5_000, test: 10_000 } : { train: 100_000, val: 20_000, test: 50_000 };
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import xgboost']).status !== 0) {
    const note = 'python3-xgboost is not installed (apt-get install -y python3-xgboost)';
    return [{ name: 'gbdt: fit vs xgboost', value: Number.NaN, unit: 's CPU', note }];
  }
  const dir = join(tmpdir(), `alphapulse-bench-gbdt-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const synthetic = syntheticMatrix(sizes);
    const syn = join(dir, 'synthetic');
    writeMatrix(syn, synthetic);
    const label = `${sizes.train / 1000}k×30 (+${sizes.val / 1000}k val, ${sizes.test / 1000}k test), 200 rounds depth 6`;
    const deep = compare(syn, synthetic.test, DEEP, true);
    const sampledParams = { ...DEEP, subsample: 0.8, colsampleByTree: 0.8 };
    const sampled = compare(syn, synthetic.test, sampledParams, false);

    const blocking = ours(syn, DEEP, `${syn}.blocking.f64`, 1, 1e12);

    const daily = dailyMatrix(quick ? 2000 : 5500);
    const dailyPrefix = join(dir, 'daily');
    writeMatrix(dailyPrefix, daily);
    const dailyFixed: GbdtParams = { ...DEEP, learningRate: 0.05, maxDepth: 4, minChildWeight: 5, rounds: 100 };
    const dailyFixedRun = compare(dailyPrefix, daily.test, dailyFixed, false);
    const gridded = dailyMatrix(quick ? 2000 : 5500, 16);
    const griddedPrefix = join(dir, 'daily-grid');
    writeMatrix(griddedPrefix, gridded);
    const griddedRun = compare(griddedPrefix, gridded.test, dailyFixed, false);
    const dailyParams: GbdtParams = {
      learningRate: 0.05,
      maxDepth: 4,
      minChildWeight: 5,
      subsample: 0.8,
      colsampleByTree: 0.8,
      lambda: 1,
      gamma: 0,
      rounds: 1000,
      earlyStoppingRounds: 20,
    };
    const dailyRun = compare(dailyPrefix, daily.test, dailyParams, false);
    const dailyShape = `daily series ${daily.train.n}+${daily.val.n}+${daily.test.n} rows × ${daily.train.f} features (a random walk: chance is right)`;
    const withYield = min(deep.ours.seconds.fitCpu);
    return [
      ...rows(label, synthetic.test, deep, DEEP, true),
      {
        name: `gbdt: fit yielding every 50 ms, ${label}`,
        value: withYield,
        unit: 's CPU',
        ratio: { to: 'the same fit never yielding, CPU s', value: withYield / blocking.seconds.fitCpu[0] },
        note: `never yielding: ${f3(blocking.seconds.fitCpu[0])} s CPU, one fit`,
      },
      ...rows(`${label}, subsample/colsample 0.8`, synthetic.test, sampled, sampledParams, false),
      ...rows(`${dailyShape}, 100 rounds depth 4, no sampling`, daily.test, dailyFixedRun, dailyFixed, false),
      ...rows(
        `${dailyShape}, values on a 1/16 grid (same cuts both sides), 100 rounds depth 4, no sampling`,
        gridded.test,
        griddedRun,
        dailyFixed,
        false,
      ),
      ...rows(`${dailyShape}, early stopping 20, sampling 0.8`, daily.test, dailyRun, dailyParams, false),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await run({}, { quick: process.argv.includes('--quick') });
  for (const r of results) console.log(JSON.stringify(r));
}
