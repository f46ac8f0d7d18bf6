/**
 * Features benchmark: 1,000,000 daily bars (400 synthetic GBM series × 2,500 weekday sessions in
 * one CSV with a symbol column: one series of 1M daily bars would span ~4,000 years), CSV in and
 * CSV out, `alphapulse features --set technical` against the same computation in vectorized
 * pandas (pandas_features.py) on the same file in the same run; both as whole processes (wall
 * time, start-up included). Also the in-memory rate: all technical indicators over the parsed
 * series, no CSV I/O. Both outputs are compared on a sample of rows (every value within 1e-9
 * relative, same empty cells).
 *
 * Alone: `node --import tsx bench/features/features.bench.ts [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adjustColumns, computeFeaturesFromSeries, getFeatureSet } from '@alphapulse/features';
import { parseOhlcvColumns } from '@alphapulse/market';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { writeSyntheticBarsCsv } from './generate-bars.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'apps/cli/bin/alphapulse.mjs');
const PANDAS = join(ROOT, 'bench/features/pandas_features.py');
const PYTHON = '/usr/bin/python3';

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const series = quick ? 40 : 400;
  const barsPerSeries = 2500;
  const dir = mkdtempSync(join(tmpdir(), 'alphapulse-bench-features-'));
  const input = join(dir, `bars-${series}x${barsPerSeries}.csv`);
  writeSyntheticBarsCsv(input, { series, bars: barsPerSeries });
  const bars = series * barsPerSeries;
  const size = `${(statSync(input).size / 1e6).toFixed(0)} MB`;
  const oursOut = join(dir, 'ours.csv');
  const pandasOut = join(dir, 'pandas.csv');
  const label = `${bars.toLocaleString('en-US')} bars (${series} series × ${barsPerSeries})`;

  try {
    return measure(input, oursOut, pandasOut, label, size, bars);
  } finally {
    // Outputs are ~0.5 GB each at full size.
    rmSync(dir, { recursive: true, force: true });
  }
}

function measure(input: string, oursOut: string, pandasOut: string, label: string, size: string, bars: number): BenchResult[] {
  const ours = wallSeconds(process.execPath, [CLI, 'features', '--input', input, '--out', oursOut, '--set', 'technical']);
  const results: BenchResult[] = [
    { name: `features CLI: ${label}, CSV in/out`, value: ours, unit: 's', note: `whole process (node + tsx start-up included), ${size} in` },
  ];
  const pandasAvailable = spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
  if (pandasAvailable) {
    const pandas = wallSeconds(PYTHON, [PANDAS, input, pandasOut]);
    const pandasVersion = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' }).stdout.trim();
    results.push({ name: `features pandas ${pandasVersion}: ${label}, CSV in/out`, value: pandas, unit: 's', note: 'whole process, vectorized pandas, same file' });
    const diff = compareOutputs(oursOut, pandasOut, 997);
    results.push({
      name: 'features speed-up over pandas (whole process)',
      value: pandas / ours,
      unit: '×',
      ratio: { to: 'pandas wall time, same file, same run', value: pandas / ours },
      note: `outputs agree on ${diff.rows} sampled rows × ${diff.columns} columns: max relative difference ${diff.maxRelative.toExponential(2)}, ${diff.mismatches} mismatches (tolerance 1e-9)`,
    });
  } else {
    results.push({ name: 'features pandas comparison', value: Number.NaN, unit: 's', note: `skipped: ${PYTHON} cannot import pandas (apt-get install -y python3-pandas)` });
  }

  const parsed = parseOhlcvColumns(readFileSync(input, 'utf8'));
  const setName = 'technical';
  const seriesList = parsed.series.map((s) => adjustColumns(s));
  let best = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    const start = process.hrtime.bigint();
    for (const s of seriesList) computeFeaturesFromSeries(s, { set: setName });
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  results.push({
    name: `features in memory: all ${getFeatureSet(setName).columns.length} technical columns`,
    value: bars / best,
    unit: 'bars/s',
    note: `best of 3 over ${label}, parsed columns in, no CSV I/O`,
  });
  return results;
}

function wallSeconds(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return seconds;
}

/** Compares every `every`-th row of two feature CSVs with the same header and row order. */
function compareOutputs(a: string, b: string, every: number) {
  const left = readFileSync(a, 'utf8').split('\n');
  const right = readFileSync(b, 'utf8').split('\n');
  if (left[0] !== right[0]) throw new Error(`headers differ:\n${left[0]}\n${right[0]}`);
  if (left.length !== right.length) throw new Error(`row counts differ: ${left.length} vs ${right.length}`);
  let maxRelative = 0;
  let mismatches = 0;
  let rows = 0;
  const columns = left[0].split(',').length - 2;
  for (let i = 1; i < left.length - 1; i += every) {
    rows++;
    const x = left[i].split(',');
    const y = right[i].split(',');
    if (x[0] !== y[0] || x[1] !== y[1]) mismatches++;
    for (let k = 2; k < x.length; k++) {
      if (x[k] === '' || y[k] === '') {
        if (x[k] !== y[k]) mismatches++;
        continue;
      }
      const p = Number(x[k]);
      const q = Number(y[k]);
      const rel = Math.abs(p - q) / Math.max(1, Math.abs(q));
      maxRelative = Math.max(maxRelative, rel);
      if (!(rel <= 1e-9)) mismatches++;
    }
  }
  return { rows, columns, maxRelative, mismatches };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  for (const r of await run({}, { quick })) {
    const ratio = r.ratio ? `  (${r.ratio.value.toFixed(2)} × ${r.ratio.to})` : '';
    console.log(`${r.name}: ${Number.isFinite(r.value) ? r.value.toPrecision(4) : r.value} ${r.unit}${ratio}${r.note ? `\n    ${r.note}` : ''}`);
  }
}
