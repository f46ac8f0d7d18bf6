import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackingConflictError, TrackingInputError, UnknownStudyError, UnknownTrialError } from './errors.ts';
import { StudyRepository } from './study-repository.ts';

let t: TestDatabase;
let studies: StudyRepository;
beforeAll(async () => {
  t = await createTestDatabase();
  studies = new StudyRepository(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const study = { id: 's1', runId: 'r1', batchId: 'b1', mode: 'fast', budget: 15, seed: 7 };

describe('StudyRepository', () => {
  it('creates a study once', async () => {
    expect((await studies.create(study)).created).toBe(true);
    const again = await studies.create(study);
    expect(again.created).toBe(false);
    expect(again.study).toMatchObject({ ...study, status: 'running' });
    await expect(studies.create({ ...study, batchId: 'b2' })).rejects.toBeInstanceOf(TrackingConflictError);
    await expect(studies.create({ ...study, id: 's9', budget: 0 })).rejects.toBeInstanceOf(TrackingInputError);
  });

  it('hands out each trial number once across concurrent claimers, never past the budget', async () => {
    await studies.create({ ...study, id: 'claims', runId: 'rc', budget: 12 });
    const claims = await Promise.all(Array.from({ length: 10 }, () => studies.claimTrialNumbers('claims', 2)));
    const all = claims.flat().sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await studies.claimTrialNumbers('claims', 1)).toEqual([]);
    expect((await studies.get('claims'))?.trialsClaimed).toBe(12);
    await expect(studies.claimTrialNumbers('nope', 1)).rejects.toBeInstanceOf(UnknownStudyError);
    await expect(studies.claimTrialNumbers('claims', 0)).rejects.toBeInstanceOf(TrackingInputError);
  });

  it('runs trials: start, per-epoch curve, finish; ordered by number', async () => {
    expect((await studies.startTrial('s1', 1, { units: 32 }, 'w1')).outcome).toBe('started');
    expect((await studies.startTrial('s1', 0, { units: 64 }, 'w2')).outcome).toBe('started');
    await studies.reportEpoch('s1', 0, [0.7]);
    await studies.reportEpoch('s1', 0, [0.7, 0.69]);
    const done = await studies.finishTrial('s1', 0, { status: 'complete', value: 0.69, curve: [0.7, 0.69], durationMs: 1234 });
    expect(done).toMatchObject({
      status: 'complete',
      value: 0.69,
      curve: [0.7, 0.69],
      durationMs: 1234,
      worker: 'w2',
      attempts: 1,
    });
    await studies.finishTrial('s1', 1, { status: 'pruned', curve: [0.75], durationMs: 10 });
    const all = await studies.trials('s1');
    expect(all.map((x) => [x.number, x.status, x.params])).toEqual([
      [0, 'complete', { units: 64 }],
      [1, 'pruned', { units: 32 }],
    ]);
  });

  it('restarts an interrupted or failed trial on another worker, keeping its params, and never reruns a finished one', async () => {
    await studies.startTrial('s1', 2, { units: 8 }, 'w1');
    await studies.reportEpoch('s1', 2, [0.8, 0.79]);
    // w1 was killed mid-trial; the job is retried on w2 (with freshly sampled params it must ignore).
    const retry = await studies.startTrial('s1', 2, { units: 999 }, 'w2');
    expect(retry.outcome).toBe('restarted');
    expect(retry.trial).toMatchObject({ worker: 'w2', attempts: 2, curve: [], params: { units: 8 }, status: 'running' });
    await studies.finishTrial('s1', 2, { status: 'failed', curve: [], durationMs: 5, error: 'NaN loss' });
    expect((await studies.startTrial('s1', 2, { units: 8 }, 'w1')).trial).toMatchObject({
      attempts: 3,
      error: null,
      status: 'running',
    });

    const finished = await studies.startTrial('s1', 0, { units: 64 }, 'w3');
    expect(finished.outcome).toBe('already-finished');
    expect(finished.trial).toMatchObject({ status: 'complete', worker: 'w2', attempts: 1 });
  });

  it('validates trial results and names unknown studies and trials', async () => {
    await expect(studies.finishTrial('s1', 2, { status: 'complete', curve: [], durationMs: 1 })).rejects.toThrow(/value/);
    await expect(studies.reportEpoch('s1', 2, [Number.NaN])).rejects.toThrow(/curve\[0\]/);
    await expect(studies.reportEpoch('s1', 42, [0.5])).rejects.toBeInstanceOf(UnknownTrialError);
    await expect(studies.startTrial('ghost', 0, {}, 'w1')).rejects.toBeInstanceOf(UnknownStudyError);
    await expect(studies.complete('ghost')).rejects.toBeInstanceOf(UnknownStudyError);
  });

  it('completes a study exactly once when replicas race', async () => {
    const results = await Promise.all([studies.complete('s1'), studies.complete('s1'), studies.complete('s1')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await studies.get('s1'))?.status).toBe('completed');
    expect(await studies.fail('s1')).toBe(false);
    await studies.create({ ...study, id: 's2' });
    expect(await studies.fail('s2')).toBe(true);
    expect((await studies.get('s2'))?.finishedAt).toBeInstanceOf(Date);
  });
});
