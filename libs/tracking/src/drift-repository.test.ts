import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareToReference, referenceHistograms } from './drift.ts';
import { DriftRepository } from './drift-repository.ts';

let t: TestDatabase;
let drift: DriftRepository;
beforeAll(async () => {
  t = await createTestDatabase();
  drift = new DriftRepository(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const ramp = (n: number, offset: number) => Float64Array.from({ length: n }, (_, i) => i / n + offset);
const reference = referenceHistograms({ x: ramp(1000, 0), y: ramp(1000, 0) });
const options = { psiThreshold: 0.2, ksAlpha: 0.05, shareThreshold: 0.3 };

describe('DriftRepository', () => {
  it('stores a report once per batch and model version and reads it back intact', async () => {
    const report = compareToReference(reference, { x: ramp(200, 0.5), y: new Float64Array([Number.NaN]) }, options);
    expect(report.drifted).toBe(true);
    const first = await drift.record({ batchId: 'b1', modelVersionId: 1, report });
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ batchId: 'b1', modelVersionId: 1, drifted: true, shareDrifted: 1, retrainJobId: null });
    // A retried drift job: no second report, but the retrain job it enqueued is attached.
    const again = await drift.record({ batchId: 'b1', modelVersionId: 1, report, retrainJobId: 'training:b1:drift' });
    expect(again.created).toBe(false);
    expect(again.record).toMatchObject({ id: first.record.id, retrainJobId: 'training:b1:drift' });
    const [stored] = await drift.latest({ limit: 5 });
    expect(stored.report).toEqual(report);
    expect(stored.report.skipped).toEqual([{ feature: 'y', reason: 'no finite values in the current batch' }]);
  });

  it('lists reports newest first', async () => {
    const calm = compareToReference(reference, { x: ramp(500, 0.001), y: ramp(500, 0) }, options);
    expect(calm.drifted).toBe(false);
    const { record } = await drift.record({ batchId: 'b2', modelVersionId: 1, report: calm });
    await drift.attachRetrainJob(record.id, 'manual');
    const reports = await drift.latest();
    expect(reports.map((r) => [r.batchId, r.drifted, r.retrainJobId])).toEqual([
      ['b2', false, 'manual'],
      ['b1', true, 'training:b1:drift'],
    ]);
  });
});
