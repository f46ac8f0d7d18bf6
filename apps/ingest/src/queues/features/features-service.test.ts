import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { decodeFeatureBatch } from '@alphapulse/features';
import { createLogger } from '@alphapulse/logger';
import type { Bar } from '@alphapulse/market';
import { LocalObjectStore } from '@alphapulse/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BarRepository } from '../../repositories/bar-repository.ts';
import { FeaturesService } from './features-service.ts';

let db: TestDatabase;
let dir: string;
let store: LocalObjectStore;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'ap-features-'));
  store = new LocalObjectStore(dir);
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Daily bars (CSV-style session dates) for 60 weekdays up to and including `lastDay`. */
function bars(lastDay: string): Bar[] {
  const out: Bar[] = [];
  for (let t = Date.parse(`${lastDay}T00:00:00Z`); out.length < 60; t -= 86_400_000) {
    const dow = new Date(t).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const c = 100 + Math.sin(out.length) * 3;
    out.unshift({ ts: new Date(t), open: c, high: c + 1, low: c - 1, close: c, volume: 1000 + out.length, adjClose: c });
  }
  return out;
}

describe('FeaturesService', () => {
  it('leaves out a bar whose session has not closed, so it is neither a row nor the previous row’s label', async () => {
    const repo = new BarRepository(db.db);
    await repo.upsertInstrument({ symbol: 'OPEN', name: 'Open Session Inc', timezone: 'America/New_York', currency: 'USD', instrumentType: 'EQUITY', source: 'csv', synthetic: true });
    await repo.upsertBars('OPEN', '1d', 'csv', bars('2024-03-15'));
    // 2024-03-15 14:00 New York: the session of the 15th is still open (it closes at 16:00).
    const midSession = Date.parse('2024-03-15T18:00:00Z');
    const service = new FeaturesService(db.db, store, createLogger('test', 'silent'), () => midSession);
    const published = await service.publish({ symbols: ['OPEN'], featureSet: 'technical', synthetic: true });
    expect(published.openSessions).toBe(1);
    const batch = decodeFeatureBatch(await store.get(published.objectKey));
    const last = Math.max(...batch.ts);
    expect(new Date(last).toISOString().slice(0, 10)).toBe('2024-03-14');
    const r = Array.from(batch.ts).indexOf(last);
    expect(batch.targets.nextReturn[r]).toBeNaN(); // the 15th's close is not known yet: no label
    for (let k = 0; k < batch.rows; k++) expect(batch.availableAt[k]).toBeLessThanOrEqual(midSession);

    // After the close the same bars make a batch with the 15th in it.
    const after = new FeaturesService(db.db, store, createLogger('test', 'silent'), () => Date.parse('2024-03-15T20:30:00Z'));
    const closed = await after.publish({ symbols: ['OPEN'], featureSet: 'technical', synthetic: true });
    expect(closed.openSessions).toBe(0);
    expect(closed.rows).toBe(published.rows + 1);
  });
});
