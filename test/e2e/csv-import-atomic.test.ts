import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { formatOhlcvCsv } from '@alphapulse/market';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/tier-process.ts';

/**
 * `kill -9` of a CLI CSV import in the middle of writing a large file, on a test database: the
 * import is one transaction, so the file is stored whole or not at all, never in part.
 */
const BIN = fileURLToPath(new URL('../../apps/cli/bin/alphapulse.mjs', import.meta.url));
const ROWS = 300_000;
let db: TestDatabase;
let admin: postgres.Sql;
let dir: string;
let file: string;

beforeAll(async () => {
  db = await createTestDatabase();
  admin = postgres(db.url, { max: 1, onnotice: () => {} });
  dir = mkdtempSync(path.join(tmpdir(), 'ap-csv-kill-'));
  file = path.join(dir, 'big.csv');
  // One row a day from 1200-01-01 (a long synthetic history), prices to the cent.
  let close = 100;
  const bars = Array.from({ length: ROWS }, (_, i) => {
    const open = close;
    close = Math.max(1, Math.round(open * (1 + Math.sin(i * 12.9898) * 0.02) * 100) / 100);
    return { ts: new Date(Date.UTC(1200, 0, 1) + i * 86_400_000), open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.25, close, volume: 1000 + (i % 977), adjClose: null };
  });
  writeFileSync(file, formatOhlcvCsv(bars));
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (table: 'bars' | 'instruments') => (await admin.unsafe(`select count(*)::int as n from ${table} where symbol = 'BIG'`))[0].n as number;

describe('a CSV import killed with SIGKILL mid-file', () => {
  it('leaves no row of the file; the same import run to the end stores every row', async () => {
    const child = spawn(process.execPath, [BIN, 'ingest', '--source', 'csv', '--file', file, '--symbol', 'BIG', '--json'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    // Mid-file: the import has been writing bars for a while (300 ms after its first insert was seen) and still is.
    let victim: { pid: number } | undefined;
    let firstSeen = 0;
    const deadline = Date.now() + 120_000;
    while (!victim && child.exitCode === null && Date.now() < deadline) {
      const [writing] = await admin<{ pid: number }[]>`
        select pid from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and query ilike '%insert into bars%'`;
      if (writing && !firstSeen) firstSeen = Date.now();
      if (writing && Date.now() - firstSeen >= 300) victim = writing;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(victim, 'the import was seen writing bars for 300 ms').toBeDefined();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Postgres aborts the dead client's transaction once it notices the closed socket.
    for (let i = 0; i < 200; i++) {
      const [alive] = await admin`select 1 from pg_stat_activity where pid = ${victim?.pid ?? 0}`;
      if (!alive) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await count('bars')).toBe(0);
    expect(await count('instruments')).toBe(0);

    const full = await runCli(['ingest', '--source', 'csv', '--file', file, '--symbol', 'BIG', '--json'], { DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, 240_000);
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ inserted: ROWS, failed: [] });
    expect(await count('bars')).toBe(ROWS);
  }, 360_000);
});
