/**
 * Ingest benchmarks.
 *
 * 1. Bars upserted per second into Postgres through BarRepository.upsertBars (one call per symbol,
 *    as one bars.fetch job does it) for 1,000 symbols × 2,500 sessions (~10 years, 2.5M rows), as a
 *    ratio to `psql \copy` of the SAME rows into the same empty `bars` table in the same run, in a
 *    temporary database (dropped after). Timed: only the upsert calls (rows are built beforehand,
 *    one symbol at a time) and the whole psql process (connection included). Also the idempotent
 *    re-run: the same rows upserted again (all unchanged).
 * (Headline sentiment is measured in bench/sentiment.)
 *
 * Alone: `node --import tsx bench/ingest/bars-upsert.bench.ts [--quick]` (quick: 100 symbols).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@alphapulse/db/testing';
import type { Bar } from '@alphapulse/market';
import postgres from 'postgres';
import { BarRepository } from '../../apps/ingest/src/repositories/bar-repository.ts';
import { type BarRow, copyRowsPerSecond, syntheticBars, writeBarsCsv } from '../ceilings/postgres.ts';
import { type BenchContext, type BenchResult, type Ceilings, ratioTo } from '../ceilings/types.ts';

const DAYS = 2_500;

function* bySymbol(rows: Iterable<BarRow>): Generator<{ symbol: string; bars: Bar[] }> {
  let symbol = '';
  let bars: Bar[] = [];
  for (const r of rows) {
    if (r.symbol !== symbol && bars.length) {
      yield { symbol, bars };
      bars = [];
    }
    symbol = r.symbol;
    bars.push({ ts: r.ts, open: r.open, high: r.high, low: r.low, close: r.close, adjClose: r.adj_close, volume: r.volume });
  }
  if (bars.length) yield { symbol, bars };
}

async function upsertAll(repo: BarRepository, symbols: number): Promise<{ seconds: number; inserted: number; updated: number; unchanged: number }> {
  let seconds = 0;
  const totals = { inserted: 0, updated: 0, unchanged: 0 };
  for (const { symbol, bars } of bySymbol(syntheticBars(symbols, DAYS))) {
    const started = performance.now();
    const c = await repo.upsertBars(symbol, '1d', 'bench', bars);
    seconds += (performance.now() - started) / 1000;
    totals.inserted += c.inserted;
    totals.updated += c.updated;
    totals.unchanged += c.unchanged;
  }
  return { seconds, ...totals };
}

/**
 * Wall time of upserting every symbol with `lanes` calls in flight at once, as the ingest-bars
 * worker runs jobs (its concurrency); building each symbol's Bar objects is inside the timing.
 */
async function upsertConcurrently(repo: BarRepository, symbols: number, lanes: number): Promise<{ seconds: number; inserted: number }> {
  const source = bySymbol(syntheticBars(symbols, DAYS));
  let inserted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let next = source.next(); !next.done; next = source.next()) {
        const counts = await repo.upsertBars(next.value.symbol, '1d', 'bench', next.value.bars);
        inserted += counts.inserted;
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, inserted };
}

async function barsUpsert(symbols: number, ceilings: Ceilings): Promise<BenchResult[]> {
  const rows = symbols * DAYS;
  const dir = await mkdtemp(path.join(tmpdir(), 'apbench-ingest-'));
  const database = await createTestDatabase();
  try {
    const csv = path.join(dir, 'bars.csv');
    await writeBarsCsv(csv, syntheticBars(symbols, DAYS));
    const copy = await copyRowsPerSecond(database.url, csv, rows);
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    await admin`truncate bars`;
    await admin`vacuum analyze bars`;
    await admin.end();

    const repo = new BarRepository(database.db);
    const first = await upsertAll(repo, symbols);
    if (first.inserted !== rows) throw new Error(`expected ${rows} inserted, got ${first.inserted}`);
    const firstRate = rows / first.seconds;
    const again = await upsertAll(repo, symbols);
    if (again.unchanged !== rows) throw new Error(`expected ${rows} unchanged on the re-run, got ${again.unchanged}`);
    const againRate = rows / again.seconds;
    const truncate = postgres(database.url, { max: 1, onnotice: () => {} });
    await truncate`truncate bars`;
    await truncate`vacuum analyze bars`;
    await truncate.end();
    const lanes = 2;
    const concurrent = await upsertConcurrently(repo, symbols, lanes);
    if (concurrent.inserted !== rows) throw new Error(`expected ${rows} inserted with ${lanes} lanes, got ${concurrent.inserted}`);
    const concurrentRate = rows / concurrent.seconds;
    const label = `${symbols.toLocaleString('en-US')} symbols × ${DAYS} sessions (${rows.toLocaleString('en-US')} rows)`;
    return [
      {
        name: `ingest: bars upsert via BarRepository, ${label}, empty table`,
        value: firstRate,
        unit: 'rows/s',
        ratio: { to: `psql \\copy of the same rows, same run (${Math.round(copy).toLocaleString('en-US')} rows/s)`, value: firstRate / copy },
        note: `one upsertBars call per symbol (2,500 rows, one unnest statement), sequential, postgres.js; ${ratioTo(ceilings, 'postgres.copy', firstRate) ? `vs ceiling postgres.copy: ${ratioTo(ceilings, 'postgres.copy', firstRate)!.value.toFixed(2)}` : 'ceiling postgres.copy not measured in this run'}`,
      },
      {
        name: `ingest: bars upsert via BarRepository, ${lanes} jobs at a time (the worker's concurrency), ${label}, empty table`,
        value: concurrentRate,
        unit: 'rows/s',
        ratio: { to: 'psql \\copy of the same rows, same run (one stream)', value: concurrentRate / copy },
        note: `${lanes} upsertBars calls in flight (YAHOO_RATE_MAX=2 gives the worker concurrency 2), wall time including building the Bar objects`,
      },
      {
        name: `ingest: bars re-upsert (idempotent re-run, all unchanged), ${label}`,
        value: againRate,
        unit: 'rows/s',
        ratio: { to: 'psql \\copy of the same rows, same run', value: againRate / copy },
        note: 'conflict path: every row compared, none written',
      },
      { name: `ingest: psql \\copy of the same rows (yardstick), ${label}`, value: copy, unit: 'rows/s', note: 'wall time of psql, connection included, into the empty bars table' },
    ];
  } finally {
    await database.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  return barsUpsert(quick ? 100 : 1_000, ceilings);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await run({}, { quick: process.argv.includes('--quick') });
  for (const r of results) {
    const ratio = r.ratio ? `  (${r.ratio.value.toFixed(2)} × ${r.ratio.to})` : '';
    process.stdout.write(`${r.name}: ${Math.round(r.value * 100) / 100} ${r.unit}${ratio}\n`);
  }
  process.exit(0);
}
