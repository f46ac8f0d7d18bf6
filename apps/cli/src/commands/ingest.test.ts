import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { sql } from 'drizzle-orm';
import { type FeedFixtureServer, startFeedFixtureServer } from '@alphapulse/ingest/news/feed-fixture-server';
import { startYahooFixtureServer, type YahooFixtureServer } from '@alphapulse/ingest/yahoo/yahoo-fixture-server';

const BIN = fileURLToPath(new URL('../../bin/alphapulse.mjs', import.meta.url));
let db: TestDatabase;
let yahoo: YahooFixtureServer;
let feeds: FeedFixtureServer;
let dir: string;

beforeAll(async () => {
  [db, yahoo, feeds] = await Promise.all([createTestDatabase(), startYahooFixtureServer(), startFeedFixtureServer()]);
  dir = mkdtempSync(path.join(tmpdir(), 'ingest-cli-'));
});
afterAll(async () => {
  await Promise.all([db?.drop(), yahoo?.close(), feeds?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the real CLI binary asynchronously (the fixture servers live in this process). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'ingest', ...args], {
      env: { ...process.env, DATABASE_URL: db.url, YAHOO_BASE_URL: yahoo.baseUrl, YAHOO_RATE_MAX: '10', LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('alphapulse ingest', () => {
  it('ingests Yahoo symbols, reports one JSON object, and exits 1 when a symbol fails after doing the others', async () => {
    const r = await cli('--source', 'yahoo', '--symbols', 'AAPL,NOSUCHTICKER', '--from', '2020-08-31', '--to', '2020-11-06', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      inserted: 49,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      symbols: { AAPL: { inserted: 49, updated: 0, unchanged: 0, skipped: 0 } },
      failed: [{ symbol: 'NOSUCHTICKER', reason: 'NOSUCHTICKER: Yahoo: No data found, symbol may be delisted' }],
    });
    const again = await cli('--source', 'yahoo', '--symbols', 'AAPL', '--from', '2020-08-31', '--to', '2020-11-06', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, updated: 0, unchanged: 49, failed: [] });
  });

  it('imports a CSV, and refuses a malformed one with its line and reason', async () => {
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, 'date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n');
    const ok = await cli('--source', 'csv', '--file', good, '--symbol', 'acme', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ inserted: 2, symbols: { ACME: { inserted: 2 } }, failed: [] });
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2024-01-04,10,11,9,10.5,100\n2024-01-05,10,11,9,abc,100\n');
    const r = await cli('--source', 'csv', '--file', bad, '--symbol', 'ACME');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: line 3: close "abc" is not a finite number`);
    expect(r.stdout).toMatch(/inserted 0 .*failed 1/);
  });

  it('names physical lines (blank ones counted) and refuses mixed date/timestamp days and header-only files', async () => {
    const cases: [string, string][] = [
      ['date,open,high,low,close,volume\n\n2024-02-01,10,11,9,10.5,100\n\n\n2024-02-02,10,11,9,x,100\n', 'line 6: close "x" is not a finite number'],
      ['date,open,high,low,close,volume\n2024-02-01,10,11,9,10.5,100\n2024-02-01T21:00:00Z,10,11,9,10.5,100\n', 'line 3: "2024-02-01T21:00:00Z" falls on the same day as a date on line 2: a daily file has one row per day (lines 2 and 3)'],
      ['date,open,high,low,close,volume\n\n', 'line 1: no rows after the header'],
    ];
    await Promise.all(
      cases.map(async ([text, reason], i) => {
        const file = path.join(dir, `refused-${i}.csv`);
        writeFileSync(file, text);
        const r = await cli('--source', 'csv', '--file', file, '--symbol', 'REFUSED', '--json');
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stdout).failed).toEqual([{ symbol: 'REFUSED', reason: `${file}: ${reason}` }]);
      }),
    );
    const [{ n }] = (await db.db.execute(sql`select count(*)::int as n from bars where symbol = 'REFUSED'`)) as unknown as { n: number }[];
    expect(n).toBe(0);
  });

  it('ingests RSS feeds and reports new, duplicate and failed feeds', async () => {
    const r = await cli('--source', 'rss', '--feed', feeds.url('/yahoo/AAPL'), '--feed', feeds.url('/broken'), '--symbols', 'AAPL', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ new: 3, duplicate: 0 });
    expect(out.failed).toHaveLength(1);
    expect(out.failed[0].feed).toBe(feeds.url('/broken'));
    expect(out.failed[0].reason).toMatch(/not a readable RSS or Atom document/);
  });

  it('refuses bad flags with a usage error (exit 2) before touching anything', async () => {
    const r = await cli('--source', 'yahoo', '--symbols', 'AAPL,bad symbol!');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--symbols/);
    expect((await cli('--source', 'ftp')).code).toBe(2);
  });
});
