import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bars, DatabaseUnavailableError, openDatabase } from './index.ts';
import { createTestDatabase } from './testing.ts';

describe('openDatabase', () => {
  it('migrates a fresh Postgres database and round-trips a bar', async () => {
    const t = await createTestDatabase();
    try {
      const ts = new Date('2024-01-02T14:30:00Z');
      const row = { symbol: 'AAPL', interval: '1d', ts, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, source: 'test' };
      await t.db.insert(bars).values(row);
      const back = await t.db.select().from(bars).where(eq(bars.symbol, 'AAPL'));
      expect(back).toHaveLength(1);
      expect(back[0].ts.toISOString()).toBe(ts.toISOString());
      expect(back[0].adjClose).toBeNull();
    } finally {
      await t.drop();
    }
  });

  it('migrates concurrently from two processes without a race', async () => {
    const t = await createTestDatabase();
    try {
      const [a, b] = await Promise.all([
        openDatabase({ databaseUrl: t.url, dataDir: '.' }),
        openDatabase({ databaseUrl: t.url, dataDir: '.' }),
      ]);
      await a.close();
      await b.close();
    } finally {
      await t.drop();
    }
  });

  it('opens embedded PGlite with the same migrations when no DATABASE_URL is set', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ap-pglite-'));
    try {
      const d = await openDatabase({ dataDir: dir });
      expect(d.kind).toBe('pglite');
      const res = await d.db.execute(sql`select count(*)::int as n from bars`);
      expect(res).toBeDefined();
      await d.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('fails with one line when Postgres is unreachable', async () => {
    const err = await openDatabase({ databaseUrl: 'postgres://nobody:secret@127.0.0.1:1/x', dataDir: '.' }).catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err.message).not.toContain('secret');
    expect(err.message.split('\n')).toHaveLength(1);
  });
});
