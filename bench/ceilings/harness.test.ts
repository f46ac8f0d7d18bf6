import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@alphapulse/db/testing';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { BenchUsageError, type ModuleEntry, select, textTable, validateResults } from '../run.ts';
import { measureBullmqCeilings } from './bullmq.ts';
import { NotLoopbackError, loopbackTarget } from './loopback.ts';
import { copyRowsPerSecond, syntheticBars, upsertRowsPerSecond, writeBarsCsv } from './postgres.ts';
import { parseRedisBenchmarkCsv } from './redis-benchmark.ts';
import { formatNumber, ratioTo } from './types.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const modules: ModuleEntry[] = [
  { name: 'features/features', area: 'features', stem: 'features', file: '/x/features/features.bench.ts' },
  { name: 'trainer/evaluate', area: 'trainer', stem: 'evaluate', file: '/x/trainer/evaluate.bench.ts' },
  { name: 'trainer/trials', area: 'trainer', stem: 'trials', file: '/x/trainer/trials.bench.ts' },
];

describe('select (--only)', () => {
  it('runs everything, ceilings included, without --only', () => {
    const s = select(modules, [], false);
    expect(s.modules.map((m) => m.name)).toEqual(['features/features', 'trainer/evaluate', 'trainer/trials']);
    expect(s.ceilingGroups).toEqual(['redis', 'bullmq', 'postgres']);
  });

  it('selects an area with all ceilings, a single module by area/stem, and ceilings alone', () => {
    expect(select(modules, ['trainer'], false).modules.map((m) => m.name)).toEqual(['trainer/evaluate', 'trainer/trials']);
    expect(select(modules, ['trainer'], false).ceilingGroups).toEqual(['redis', 'bullmq', 'postgres']);
    expect(select(modules, ['trainer/trials'], false).modules.map((m) => m.name)).toEqual(['trainer/trials']);
    expect(select(modules, ['ceilings'], false)).toEqual({ modules: [], ceilingGroups: ['redis', 'bullmq', 'postgres'] });
    expect(select(modules, ['postgres', 'features'], false)).toEqual({ modules: [modules[0]], ceilingGroups: ['postgres'] });
    expect(select(modules, ['features'], true).ceilingGroups).toEqual([]);
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => select(modules, ['nope'], false)).toThrow(BenchUsageError);
    expect(() => select(modules, ['nope'], false)).toThrow(/known: ceilings, redis, bullmq, postgres, features/);
  });
});

describe('validateResults', () => {
  it('keeps well-formed results', () => {
    const checked = validateResults('m', [{ name: 'x', value: 2, unit: 'rows/s', ratio: { to: 'postgres.copy', value: 0.5 }, note: 'n' }]);
    expect(checked).toEqual({ rows: [{ name: 'x', value: 2, unit: 'rows/s', ratio: { to: 'postgres.copy', value: 0.5 }, note: 'n' }], errors: [] });
  });

  it('accepts a figure that was not measured only with a note saying why', () => {
    const skipped = { name: 'pandas', value: Number.NaN, unit: 's', note: 'skipped: python3 cannot import pandas' };
    expect(validateResults('m', [skipped])).toEqual({ rows: [skipped], errors: [] });
    expect(validateResults('m', [{ name: 'pandas', value: Number.NaN, unit: 's' }]).errors).toEqual([
      'm: result 0 (pandas): value is NaN; a figure that was not measured needs a note saying why',
    ]);
  });

  it('reports each malformed result by module and index, keeping the valid ones', () => {
    expect(validateResults('m', { name: 'x' }).errors).toEqual(['m: run() must resolve to an array of BenchResult, got object']);
    const checked = validateResults('m', [{ value: 1, unit: 's' }, { name: 'ok', value: 1, unit: 's' }, { name: 'x', value: '3', unit: 's' }, { name: 'y', value: 1, unit: 's', ratio: { to: 'z' } }]);
    expect(checked.rows).toEqual([{ name: 'ok', value: 1, unit: 's' }]);
    expect(checked.errors).toEqual([
      'm: result 0: name must be a non-empty string',
      'm: result 2 (x): value must be a number',
      'm: result 3 (y): ratio must be {to: string, value: finite number}',
    ]);
  });

  it('shows a figure that was not measured as a dash', () => {
    expect(textTable([{ source: 'm', name: 'pandas', value: Number.NaN, unit: 's', note: 'skipped' }])).toContain('—');
  });
});

describe('formatting and ratios', () => {
  it('rounds to 3 significant figures with separators', () => {
    expect(formatNumber(123_456)).toBe('123,000');
    expect(formatNumber(2_712.4)).toBe('2,710');
    expect(formatNumber(0.012_34)).toBe('0.0123');
    expect(formatNumber(0)).toBe('0');
  });

  it('computes a ratio only against a ceiling measured in this run', () => {
    const ceilings = { 'postgres.copy': { value: 100_000, unit: 'rows/s', note: '' } };
    expect(ratioTo(ceilings, 'postgres.copy', 50_000)).toEqual({ to: 'postgres.copy (100,000 rows/s)', value: 0.5 });
    expect(ratioTo(ceilings, 'redis.set', 1)).toBeUndefined();
  });

  it('prints one aligned row per result', () => {
    const table = textTable([{ source: 'ceilings', name: 'redis.set', value: 35_000, unit: 'requests/s' }]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('35,000');
  });
});

describe('redis-benchmark CSV', () => {
  it('reads requests/s per test', () => {
    const csv = '"test","rps","avg_latency_ms","min_latency_ms"\n"SET","34013.61","0.755","0.160"\n"GET","36231.88","0.700","0.152"\n';
    expect(parseRedisBenchmarkCsv(csv)).toEqual(
      new Map([
        ['SET', 34013.61],
        ['GET', 36231.88],
      ]),
    );
  });
});

describe('loopback only', () => {
  it('accepts loopback hosts and refuses others', () => {
    expect(loopbackTarget('REDIS_URL', 'redis://127.0.0.1:6380', 6379)).toEqual({ host: '127.0.0.1', port: 6380 });
    expect(loopbackTarget('db', 'postgres://postgres@[::1]/x', 5432)).toEqual({ host: '::1', port: 5432 });
    expect(() => loopbackTarget('REDIS_URL', 'redis://redis.example.com:6379', 6379)).toThrow(NotLoopbackError);
  });
});

describe('BullMQ ceiling (real Redis)', () => {
  it('measures every concurrency and leaves no key behind', async () => {
    const ceilings = await measureBullmqCeilings(REDIS_URL, { addJobs: 1_500, workerJobs: 200, concurrencies: [1, 16] });
    expect(ceilings['bullmq.addBulk']?.value).toBeGreaterThan(0);
    expect(ceilings['bullmq.worker.c1']?.value).toBeGreaterThan(0);
    expect(ceilings['bullmq.worker.c16']?.value).toBeGreaterThan(0);
    expect(ceilings['bullmq.worker.c64']).toBeUndefined();
    const redis = new Redis(REDIS_URL);
    try {
      const [, keys] = await redis.scan('0', 'MATCH', `apbench-${process.pid}-*`, 'COUNT', 10_000);
      expect(keys).toEqual([]);
    } finally {
      await redis.quit();
    }
  });
});

describe('Postgres ceilings (real Postgres)', () => {
  it('COPY and the multi-row upsert both land every row in the project bars table', async () => {
    const database = await createTestDatabase();
    const dir = await mkdtemp(path.join(tmpdir(), 'apbench-test-'));
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const csv = path.join(dir, 'bars.csv');
      const written = await writeBarsCsv(csv, syntheticBars(3, 400));
      expect(written).toBe(1_200);
      expect(await copyRowsPerSecond(database.url, csv, written)).toBeGreaterThan(0);
      expect((await sql`select count(*)::int as n, count(distinct symbol)::int as s from bars`)[0]).toEqual({ n: 1_200, s: 3 });

      // Upsert over the same keys: same row count, values replaced.
      const rows = [...syntheticBars(3, 400, 7)];
      expect(await upsertRowsPerSecond(database.url, rows, 500)).toBeGreaterThan(0);
      const [{ n }] = await sql`select count(*)::int as n from bars`;
      expect(n).toBe(1_200);
      const [first] = await sql`select close from bars where symbol = 'BENCH0000' order by ts limit 1`;
      expect(first.close).toBeCloseTo(rows[0].close, 9);
    } finally {
      await sql.end();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
