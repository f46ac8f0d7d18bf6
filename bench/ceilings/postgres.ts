import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { createTestDatabase } from '@alphapulse/db/testing';
import postgres from 'postgres';
import { loopbackTarget } from './loopback.ts';
import type { Ceilings } from './types.ts';

const run = promisify(execFile);

/** One row of the project's `bars` table (libs/db/src/schema.ts), as the ceilings write it. */
export interface BarRow {
  symbol: string;
  interval: string;
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  adj_close: number | null;
  volume: number;
  source: string;
}

export const BAR_COLUMNS = ['symbol', 'interval', 'ts', 'open', 'high', 'low', 'close', 'adj_close', 'volume', 'source'] as const;

/**
 * Deterministic daily OHLCV rows: `symbols` symbols × `days` consecutive days from 2000-01-03,
 * a multiplicative random walk per symbol (seeded), in (symbol, ts) order.
 */
export function* syntheticBars(symbols: number, days: number, seed = 42): Generator<BarRow> {
  let state = seed >>> 0;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const start = Date.UTC(2000, 0, 3);
  for (let s = 0; s < symbols; s++) {
    const symbol = `BENCH${String(s).padStart(4, '0')}`;
    let close = 20 + random() * 180;
    for (let d = 0; d < days; d++) {
      const open = close;
      close = Math.max(0.01, open * (1 + (random() - 0.5) * 0.04));
      const high = Math.max(open, close) * (1 + random() * 0.01);
      const low = Math.min(open, close) * (1 - random() * 0.01);
      yield {
        symbol,
        interval: '1d',
        ts: new Date(start + d * 86_400_000),
        open,
        high,
        low,
        close,
        adj_close: close,
        volume: Math.round(1e5 + random() * 1e7),
        source: 'bench',
      };
    }
  }
}

/** Writes rows as headerless CSV in BAR_COLUMNS order, ready for `\copy bars(...) from ... csv`. */
export async function writeBarsCsv(file: string, rows: Iterable<BarRow>): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (!out.write(chunk.join(''))) await once(out, 'drain');
    chunk = [];
  };
  for (const r of rows) {
    chunk.push(
      `${r.symbol},${r.interval},${r.ts.toISOString()},${r.open},${r.high},${r.low},${r.close},${r.adj_close ?? ''},${r.volume},${r.source}\n`,
    );
    count += 1;
    if (chunk.length === 10_000) await flush();
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Rows/s of `psql \copy` of a CSV (BAR_COLUMNS order) into the `bars` table of the database at
 * `databaseUrl`: the wall time of the psql process, connection included (a few ms).
 */
export async function copyRowsPerSecond(databaseUrl: string, csvFile: string, rows: number): Promise<number> {
  loopbackTarget('database', databaseUrl, 5432);
  const command = `\\copy bars(${BAR_COLUMNS.join(',')}) from '${csvFile.replace(/'/g, "''")}' with (format csv)`;
  const started = performance.now();
  await run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { timeout: 600_000 });
  return rows / ((performance.now() - started) / 1000);
}

/** Rows/s of postgres.js multi-row `insert ... on conflict do update` of `rows`, `perStatement` rows a statement. */
export async function upsertRowsPerSecond(databaseUrl: string, rows: BarRow[], perStatement = 5_000): Promise<number> {
  loopbackTarget('database', databaseUrl, 5432);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const started = performance.now();
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      await sql`
        insert into bars ${sql(chunk, ...BAR_COLUMNS)}
        on conflict (symbol, interval, ts) do update set
          open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
          adj_close = excluded.adj_close, volume = excluded.volume, source = excluded.source`;
    }
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    await sql.end();
  }
}

export interface PostgresCeilingSizes {
  copyRows: number;
  upsertRows: number;
}

/**
 * Postgres ceilings on the project's own `bars` table (primary key symbol + interval + ts), in a
 * fresh migrated database on the server at TEST_DATABASE_URL (loopback only), dropped after:
 * `psql \copy` of CSV rows, and postgres.js multi-row upsert at 5,000 rows a statement.
 */
export async function measurePostgresCeilings(sizes: PostgresCeilingSizes): Promise<Ceilings> {
  loopbackTarget('TEST_DATABASE_URL', process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 5432);
  const dir = await mkdtemp(path.join(tmpdir(), 'apbench-pg-'));
  const database = await createTestDatabase();
  try {
    const days = 2_500; // ~10 years of sessions per symbol
    const csv = path.join(dir, 'bars.csv');
    const copyRows = await writeBarsCsv(csv, syntheticBars(Math.ceil(sizes.copyRows / days), days));
    const copy = await copyRowsPerSecond(database.url, csv, copyRows);

    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    await admin`truncate bars`;
    await admin.end();
    const upsertRows = [...syntheticBars(Math.ceil(sizes.upsertRows / days), days)];
    const upsert = await upsertRowsPerSecond(database.url, upsertRows);
    return {
      'postgres.copy': { value: copy, unit: 'rows/s', note: `psql \\copy of ${copyRows} OHLCV rows (CSV) into an empty bars table` },
      'postgres.upsert5k': {
        value: upsert,
        unit: 'rows/s',
        note: `postgres.js insert ... on conflict do update, 5,000 rows a statement, ${upsertRows.length} rows into an empty bars table`,
      },
    };
  } finally {
    await database.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
