/**
 * CSV import benchmark: one OHLCV file of one symbol imported through BarsService.importCsv (what
 * `alphapulse ingest --source csv` and a csv bars.fetch job run: parse, validate, write as one
 * transaction), into an empty `bars` table of a temporary database, then the same file again
 * (every row unchanged). Yardstick: `psql \copy` of the same rows into the same empty table, in
 * the same run. Timed: the importCsv call with the file's bytes already in memory; psql's whole
 * process.
 *
 * Alone: `node --import tsx bench/ingest/csv-import.bench.ts [--quick]` (500,000 rows; quick 100,000).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@alphapulse/db/testing';
import { formatOhlcvCsv } from '@alphapulse/market';
import postgres from 'postgres';
import { BarsService } from '../../apps/ingest/src/queues/bars/bars-service.ts';
import { copyRowsPerSecond, syntheticBars, writeBarsCsv } from '../ceilings/postgres.ts';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';

async function csvImport(rows: number): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'apbench-csv-'));
  const database = await createTestDatabase();
  try {
    const copyFile = path.join(dir, 'copy.csv');
    await writeBarsCsv(copyFile, syntheticBars(1, rows));
    const copy = await copyRowsPerSecond(database.url, copyFile, rows);
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    await admin`truncate bars`;
    await admin`vacuum analyze bars`;
    await admin.end();

    const file = path.join(dir, 'ohlcv.csv');
    // Prices to the cent, as vendors' files have them (the high-low range kept consistent).
    const cents = (v: number) => Math.round(v * 100) / 100;
    const bars = [...syntheticBars(1, rows)].map((r) => {
      const open = cents(r.open);
      const close = cents(r.close);
      return { ts: r.ts, open, high: Math.max(cents(r.high), open, close), low: Math.max(0.01, Math.min(cents(r.low), open, close)), close, adjClose: close, volume: r.volume };
    });
    await writeFile(file, formatOhlcvCsv(bars));
    const text = await readFile(file); // bytes, as the CLI reads the file
    const service = new BarsService({ db: database.db });
    const timed = async () => {
      const started = performance.now();
      const result = await service.importCsv('BENCHCSV', text, file);
      return { seconds: (performance.now() - started) / 1000, result };
    };
    const first = await timed();
    if (first.result.inserted !== rows) throw new Error(`expected ${rows} inserted, got ${first.result.inserted}`);
    const again = await timed();
    if (again.result.unchanged !== rows) throw new Error(`expected ${rows} unchanged on the re-import, got ${again.result.unchanged}`);
    const label = `${rows.toLocaleString('en-US')} rows, one symbol`;
    return [
      {
        name: `ingest: CSV import (parse + one-transaction write), ${label}, empty table`,
        value: rows / first.seconds,
        unit: 'rows/s',
        ratio: { to: `psql \\copy of the same rows, same run (${Math.round(copy).toLocaleString('en-US')} rows/s)`, value: rows / first.seconds / copy },
        note: 'BarsService.importCsv on the file text in memory, postgres.js',
      },
      {
        name: `ingest: CSV re-import (every row unchanged), ${label}`,
        value: rows / again.seconds,
        unit: 'rows/s',
        ratio: { to: 'psql \\copy of the same rows, same run', value: rows / again.seconds / copy },
        note: 'conflict path: every row compared, none written',
      },
    ];
  } finally {
    await database.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  return csvImport(quick ? 100_000 : 500_000);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await run({}, { quick: process.argv.includes('--quick') });
  for (const r of results) {
    const ratio = r.ratio ? `  (${r.ratio.value.toFixed(2)} × ${r.ratio.to})` : '';
    process.stdout.write(`${r.name}: ${Math.round(r.value)} ${r.unit}${ratio}\n`);
  }
  process.exit(0);
}
