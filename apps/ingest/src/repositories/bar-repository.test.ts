import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '@alphapulse/db';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import type { Bar } from '@alphapulse/market';
import { BarRepository } from './bar-repository.ts';

const day = (d: string, close: number, extra: Partial<Bar> = {}): Bar => ({
  ts: new Date(`${d}T00:00:00Z`), open: close, high: close + 1, low: close - 1, close, volume: 1000, ...extra,
});

function contract(name: string, open: () => Promise<{ db: Database['db']; close(): Promise<void> }>) {
  describe(`BarRepository on ${name}`, () => {
    let handle: { db: Database['db']; close(): Promise<void> };
    let repo: BarRepository;
    beforeAll(async () => {
      handle = await open();
      repo = new BarRepository(handle.db);
    });
    afterAll(async () => handle.close());

    it('inserts, then leaves identical bars unchanged, then updates only changed ones', async () => {
      const bars = [day('2024-01-02', 10), day('2024-01-03', 11), day('2024-01-04', 12)];
      expect(await repo.upsertBars('TST', '1d', 'csv', bars)).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
      expect(await repo.upsertBars('TST', '1d', 'csv', bars)).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
      const changed = [bars[0], { ...bars[1], close: 11.5, high: 12.5 }, bars[2], day('2024-01-05', 13)];
      expect(await repo.upsertBars('TST', '1d', 'csv', changed)).toEqual({ inserted: 1, updated: 1, unchanged: 2 });
      expect(await repo.lastBarTs('TST', '1d')).toEqual(new Date('2024-01-05T00:00:00Z'));
      expect(await repo.lastBarTs('NONE', '1d')).toBeUndefined();
      const loaded = await repo.loadBars('TST', '1d', { from: new Date('2024-01-03T00:00:00Z'), to: new Date('2024-01-04T00:00:00Z') });
      expect(loaded.map((b) => b.close)).toEqual([11.5, 12]);
    });

    it('refuses non-finite values and stores nothing from the call', async () => {
      await expect(repo.upsertBars('BAD', '1d', 'csv', [day('2024-01-02', 10), day('2024-01-03', Number.NaN)])).rejects.toThrow(/\[1\] is not a finite number/);
      expect(await repo.lastBarTs('BAD', '1d')).toBeUndefined();
    });

    it('computes adjusted closes from stored splits and dividends when the source gave none', async () => {
      // Raw closes: 400 before a 4:1 split on 01-04, then a 1.0 dividend going ex on 01-08.
      const bars = [day('2024-01-02', 400), day('2024-01-03', 400), day('2024-01-04', 100), day('2024-01-05', 100), day('2024-01-08', 99)];
      await repo.upsertBars('SPL', '1d', 'csv', bars);
      const actions = [
        { ts: new Date('2024-01-04T00:00:00Z'), kind: 'split' as const, value: 4 },
        { ts: new Date('2024-01-08T00:00:00Z'), kind: 'dividend' as const, value: 1 },
      ];
      expect(await repo.upsertCorporateActions('SPL', 'csv', actions)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      expect(await repo.upsertCorporateActions('SPL', 'csv', actions)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
      const loaded = await repo.loadBars('SPL', '1d');
      const f = 1 - 1 / 100;
      expect(loaded.map((b) => b.adjClose)).toEqual([100 * f, 100 * f, 100 * f, 100 * f, 99]);
      // Restricting the range does not change the basis: later actions still apply.
      const first = await repo.loadBars('SPL', '1d', { to: new Date('2024-01-02T00:00:00Z') });
      expect(first.map((b) => b.adjClose)).toEqual([100 * f]);
    });

    it('keeps the source adjusted close when every bar has one', async () => {
      await repo.upsertBars('ADJ', '1d', 'yahoo', [day('2024-01-02', 10, { adjClose: 9.5 }), day('2024-01-03', 11, { adjClose: 10.4 })]);
      expect((await repo.loadBars('ADJ', '1d')).map((b) => b.adjClose)).toEqual([9.5, 10.4]);
    });

    it('writes a call of many chunks as one transaction: all rows, or none when the transaction fails', async () => {
      const many = Array.from({ length: 25_000 }, (_, i) => ({ ...day('1950-01-01', 10 + (i % 7)), ts: new Date(Date.UTC(1950, 0, 1) + i * 86_400_000) }));
      await expect(
        repo.transaction(async (r) => {
          await r.upsertInstrument({ symbol: 'ATOM', source: 'csv' });
          await r.upsertBars('ATOM', '1d', 'csv', many);
          throw new Error('killed after the last chunk');
        }),
      ).rejects.toThrow('killed after the last chunk');
      expect(await repo.lastBarTs('ATOM', '1d')).toBeUndefined();
      expect(await repo.getInstrument('ATOM')).toBeUndefined();
      expect(await repo.upsertBars('ATOM', '1d', 'csv', many)).toEqual({ inserted: 25_000, updated: 0, unchanged: 0 });
      const changed = many.map((b, i) => (i % 10_000 === 3 ? { ...b, volume: 7 } : b));
      expect(await repo.upsertBars('ATOM', '1d', 'csv', changed)).toEqual({ inserted: 0, updated: 3, unchanged: 24_997 });
      expect((await repo.loadBars('ATOM', '1d')).length).toBe(25_000);
    }, 60_000);

    it('upserts instruments, merging aliases and keeping unspecified fields', async () => {
      await repo.upsertInstrument({ symbol: 'WSU.DE', currency: 'EUR', timezone: 'Europe/Berlin', exchange: 'GER', instrumentType: 'EQUITY', name: 'WashTec AG', aliases: ['WashTec'], source: 'yahoo' });
      await repo.upsertInstrument({ symbol: 'WSU.DE', aliases: ['Wash, Tec "AG"'], source: 'yahoo' });
      const inst = await repo.getInstrument('WSU.DE');
      expect(inst).toMatchObject({ currency: 'EUR', timezone: 'Europe/Berlin', name: 'WashTec AG', synthetic: false });
      expect(inst?.aliases.sort()).toEqual(['Wash, Tec "AG"', 'WashTec'].sort());
      expect(await repo.getInstrument('NOPE')).toBeUndefined();
    });
  });
}

let pg: TestDatabase;
contract('Postgres', async () => {
  pg = await createTestDatabase();
  return { db: pg.db, close: () => pg.drop() };
});

contract('PGlite', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bars-pglite-'));
  const database = await openDatabase({ dataDir: dir });
  return { db: database.db, close: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
});
