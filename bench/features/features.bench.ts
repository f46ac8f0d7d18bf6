/**
 * Features benchmark, two shapes of 1,000,000 daily bars, CSV in and CSV out:
 *   - many series: 400 synthetic GBM series × 2,500 weekday sessions in one CSV with a symbol
 *     column (every series shares the same 2,500 dates);
 *   - one series: 1,000,000 consecutive calendar days of one symbol, 1900-01-01 to 4637-11-27
 *     (mean-reverting, so prices stay finite), where every bar is a new day for the session clock
 *     and the date writer.
 * For each: `alphapulse features --set technical` against the same 26 columns in vectorized
 * pandas (pandas_features.py) on the same file, both as whole processes (wall time, start-up
 * included), in the same run; both outputs compared on a sample of rows (every value within 1e-9
 * relative, same empty cells). Then, in process: all technical indicators over the parsed series
 * (no CSV I/O), the session clock on the 1M distinct days against 1M repeated ones (400 × 2,500),
 * and writeFeatureCsv against the plain writer (a string per cell, `String(v)`) on the one-series
 * frame, both to a file, checked to write the same bytes.
 *
 * Alone: `node --import tsx bench/features/features.bench.ts [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adjustColumns, computeFeaturesFromSeries, getFeatureSet, SessionClock, writeFeatureCsv } from '@alphapulse/features';
import { writePlainFeatureCsv } from '@alphapulse/features/testing';
import { parseOhlcvColumns } from '@alphapulse/market';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { writeSyntheticBarsCsv } from './generate-bars.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'apps/cli/bin/alphapulse.mjs');
const PANDAS = join(ROOT, 'bench/features/pandas_features.py');
const PYTHON = '/usr/bin/python3';
const SET = 'technical';
const MS_PER_DAY = 86_400_000;

interface Shape {
  key: string;
  label: string;
  input: string;
}

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const series = quick ? 40 : 400;
  const sessions = 2500;
  const days = series * sessions;
  const dir = mkdtempSync(join(tmpdir(), 'alphapulse-bench-features-'));
  const shapes: Shape[] = [
    { key: 'many', label: `${days.toLocaleString('en-US')} bars (${series} series × ${sessions})`, input: join(dir, 'many.csv') },
    { key: 'one', label: `${days.toLocaleString('en-US')} bars (one series of consecutive days)`, input: join(dir, 'one.csv') },
  ];
  writeSyntheticBarsCsv(shapes[0].input, { series, bars: sessions });
  writeSyntheticBarsCsv(shapes[1].input, { series: 1, bars: days, start: '1900-01-01', everyDay: true, meanReversion: 0.001 });

  try {
    const pandasVersion = pandasAvailable();
    const results: BenchResult[] = [];
    for (const shape of shapes) results.push(...versusPandas(shape, dir, pandasVersion));
    results.push(...inProcess(shapes));
    return results;
  } finally {
    // Inputs ~60 MB, outputs ~0.5 GB each at full size.
    rmSync(dir, { recursive: true, force: true });
  }
}

function pandasAvailable(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function versusPandas(shape: Shape, dir: string, pandasVersion: string | undefined): BenchResult[] {
  const oursOut = join(dir, `${shape.key}-ours.csv`);
  const pandasOut = join(dir, `${shape.key}-pandas.csv`);
  const size = `${(statSync(shape.input).size / 1e6).toFixed(0)} MB in`;
  const ours = wallSeconds(process.execPath, [CLI, 'features', '--input', shape.input, '--out', oursOut, '--set', SET]);
  const results: BenchResult[] = [
    {
      name: `features CLI: ${shape.label}, CSV in/out`,
      value: ours,
      unit: 's',
      note: `whole process (node + tsx start-up included), ${size}`,
    },
  ];
  if (!pandasVersion) {
    results.push({
      name: `features pandas: ${shape.label}`,
      value: Number.NaN,
      unit: 's',
      note: `not measured: ${PYTHON} cannot import pandas (apt-get install -y python3-pandas)`,
    });
    return results;
  }
  const pandas = wallSeconds(PYTHON, [PANDAS, shape.input, pandasOut]);
  const diff = compareOutputs(oursOut, pandasOut, 997);
  rmSync(pandasOut, { force: true });
  rmSync(oursOut, { force: true });
  results.push(
    {
      name: `features pandas ${pandasVersion}: ${shape.label}, CSV in/out`,
      value: pandas,
      unit: 's',
      note: 'whole process, vectorized pandas, same file',
    },
    {
      name: `features speed-up over pandas: ${shape.label}`,
      value: pandas / ours,
      unit: '×',
      ratio: { to: 'pandas wall time, same file, same run (goal ≥ 3)', value: pandas / ours },
      note: `outputs agree on ${diff.rows} sampled rows × ${diff.columns} columns: max relative difference ${diff.maxRelative.toExponential(2)}, ${diff.mismatches} mismatches (tolerance 1e-9)`,
    },
  );
  return results;
}

function inProcess(shapes: Shape[]): BenchResult[] {
  const results: BenchResult[] = [];
  const [many, one] = shapes.map((s) => parseOhlcvColumns(readFileSync(s.input)).series.map((x) => adjustColumns(x)));
  const bars = many.reduce((n, s) => n + s.ts.length, 0);
  let best = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    const start = process.hrtime.bigint();
    for (const s of many) computeFeaturesFromSeries(s, { set: SET });
    best = Math.min(best, seconds(start));
  }
  results.push({
    name: `features in memory: all ${getFeatureSet(SET).columns.length} technical columns`,
    value: bars / best,
    unit: 'bars/s',
    note: `best of 3 over ${shapes[0].label}, parsed columns in, no CSV I/O`,
  });

  // Session closes of 1M distinct days against 1M repeated ones, each on a zone no clock has used yet.
  const distinctDays = one[0].ts.map((ts) => ts / MS_PER_DAY);
  const repeatedDays = many.flatMap((s) => Array.from(s.ts, (ts) => ts / MS_PER_DAY));
  const closes = (timezone: string, dayList: ArrayLike<number>) => {
    const clock = new SessionClock({ timezone, close: '16:00' });
    const start = process.hrtime.bigint();
    let sum = 0;
    for (let i = 0; i < dayList.length; i++) sum += clock.closeInstant(dayList[i]);
    return { seconds: seconds(start), sum };
  };
  const distinct = closes('America/Chicago', distinctDays);
  const span = `${dayIso(distinctDays[0])} to ${dayIso(distinctDays[distinctDays.length - 1])}`;
  const repeated = closes('America/Denver', repeatedDays);
  results.push({
    name: `session clock: ${distinctDays.length.toLocaleString('en-US')} distinct days (${span})`,
    value: distinct.seconds,
    unit: 's',
    ratio: {
      to: `the same clock on ${repeatedDays.length.toLocaleString('en-US')} repeated days (${shapes[0].label}), same run`,
      value: distinct.seconds / repeated.seconds,
    },
    note: `closeInstant per bar, first use of the zone (its offsets read from Intl); repeated days: ${repeated.seconds.toFixed(3)} s`,
  });

  // The CSV writer against the plain one, on the one-series frame, both into a file.
  const frame = computeFeaturesFromSeries(one[0], { set: SET });
  const columns = getFeatureSet(SET).columns;
  const dir = mkdtempSync(join(tmpdir(), 'alphapulse-bench-csv-'));
  try {
    const ours = writeTimed(join(dir, 'ours.csv'), (fd, hash) =>
      writeFeatureCsv(
        (chunk) => {
          hash.update(chunk);
          writeSync(fd, chunk);
        },
        [{ symbol: 'SYM0000', frame }],
        columns,
        { withSymbol: true },
      ),
    );
    const plain = writeTimed(join(dir, 'plain.csv'), (fd, hash) =>
      writePlainFeatureCsv(
        (text) => {
          hash.update(text, 'latin1');
          writeSync(fd, text, null, 'latin1');
        },
        [{ symbol: 'SYM0000', frame }],
        columns,
        { withSymbol: true },
      ),
    );
    if (ours.sha256 !== plain.sha256)
      throw new Error(`writeFeatureCsv and the plain writer wrote different bytes (${ours.bytes} vs ${plain.bytes})`);
    results.push({
      name: `feature CSV writer: ${frame.ts.length.toLocaleString('en-US')} rows × ${columns.length} columns`,
      value: ours.seconds,
      unit: 's',
      ratio: { to: 'the plain writer (a string per cell, String(v)), same frame, same run', value: plain.seconds / ours.seconds },
      note: `ratio = plain time / ours; identical bytes (${(ours.bytes / 1e6).toFixed(0)} MB, sha256 ${ours.sha256.slice(0, 12)}); plain writer ${plain.seconds.toFixed(2)} s`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function writeTimed(
  path: string,
  body: (fd: number, hash: ReturnType<typeof createHash>) => void,
): { seconds: number; bytes: number; sha256: string } {
  const fd = openSync(path, 'w');
  const hash = createHash('sha256');
  const start = process.hrtime.bigint();
  try {
    body(fd, hash);
  } finally {
    closeSync(fd);
  }
  return { seconds: seconds(start), bytes: statSync(path).size, sha256: hash.digest('hex') };
}

function dayIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function wallSeconds(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = seconds(start);
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return s;
}

/** Compares every `every`-th row of two feature CSVs with the same header and row order (streamed: each is ~0.5 GB). */
function compareOutputs(a: string, b: string, every: number) {
  const left = lines(a);
  const right = lines(b);
  const header = left.next().value;
  if (header !== right.next().value) throw new Error(`headers differ in ${a} and ${b}`);
  let maxRelative = 0;
  let mismatches = 0;
  let rows = 0;
  const columns = String(header).split(',').length - 2;
  for (let i = 1; ; i++) {
    const l = left.next();
    const r = right.next();
    if (l.done || r.done) {
      if (l.done !== r.done) throw new Error(`row counts differ: ${a} and ${b}`);
      break;
    }
    if (i % every !== 1) continue;
    rows++;
    const x = l.value.split(',');
    const y = r.value.split(',');
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

/** The lines of a file, without their newlines, read 4 MB at a time. */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(4 << 20);
  let rest = '';
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      const parts = (rest + buf.toString('latin1', 0, n)).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
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
