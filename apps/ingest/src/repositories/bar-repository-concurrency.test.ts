import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import type { Bar } from '@alphapulse/market';
import postgres from 'postgres';
import { BarRepository } from './bar-repository.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const bars: Bar[] = Array.from({ length: 50 }, (_, i) => ({
  ts: new Date(Date.UTC(2024, 0, 1 + i)), open: 10 + i, high: 11 + i, low: 9 + i, close: 10.5 + i, volume: 1000 + i, adjClose: null,
}));

describe('BarRepository under a concurrent writer', () => {
  it('falls back to ON CONFLICT when another transaction inserts the same key first, and counts right', async () => {
    const other = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const clash = bars[7];
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const rowWritten = new Promise<void>((resolve) => (inserted = resolve));
      // Another writer inserts one of the same rows and keeps its transaction open.
      const tx = other.begin(async (t) => {
        await t`insert into bars (symbol, interval, ts, open, high, low, close, adj_close, volume, source)
                values ('RACE', '1d', ${clash.ts}, ${clash.open}, ${clash.high}, ${clash.low}, ${clash.close}, null, ${clash.volume}, 'other')`;
        inserted();
        await held;
      });
      await rowWritten;
      const upsert = new BarRepository(db.db).upsertBars('RACE', '1d', 'other', bars);
      let done = false;
      void upsert.then(() => (done = true), () => (done = true));
      // Our plain insert now waits on the uncommitted row (so it cannot finish); once that commits,
      // the insert is a unique violation and the ON CONFLICT statement takes over.
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      release();
      await tx;
      expect(await upsert).toEqual({ inserted: 49, updated: 0, unchanged: 1 });
      const [{ n }] = await other`select count(*)::int as n from bars where symbol = 'RACE'`;
      expect(n).toBe(50);
    } finally {
      await other.end();
    }
  });
});
