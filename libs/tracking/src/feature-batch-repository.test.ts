import { featureSets } from '@alphapulse/db';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackingConflictError, TrackingInputError } from './errors.ts';
import { FeatureBatchRepository, type FeatureBatchInput } from './feature-batch-repository.ts';

let t: TestDatabase;
let repo: FeatureBatchRepository;
beforeAll(async () => {
  t = await createTestDatabase();
  repo = new FeatureBatchRepository(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const batch = (id: string, overrides: Partial<FeatureBatchInput> = {}): FeatureBatchInput => ({
  id,
  featureSetHash: 'fs-hash-1',
  featureSetName: 'core',
  featureSetDefinition: { features: ['ret_1', 'rsi_14'] },
  featureSetVersion: 1,
  symbols: ['AAPL', 'MSFT'],
  startTs: new Date('2020-01-02T00:00:00Z'),
  endTs: new Date('2024-01-02T00:00:00Z'),
  rows: 2000,
  contentHash: `content-${id}`,
  objectKey: `features/core/${id}`,
  synthetic: true,
  ...overrides,
});

describe('FeatureBatchRepository', () => {
  it('records a batch and its feature set once', async () => {
    expect(await repo.record(batch('b1'))).toEqual({ created: true });
    expect(await repo.record(batch('b1'))).toEqual({ created: false });
    const got = await repo.get('b1');
    expect(got).toMatchObject({ id: 'b1', featureSetVersion: 1, symbols: ['AAPL', 'MSFT'], rows: 2000, synthetic: true });
    expect(got?.endTs.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    const sets = await t.db.select().from(featureSets);
    expect(sets).toHaveLength(1);
    expect(sets[0].definition).toEqual({ features: ['ret_1', 'rsi_14'] });
  });

  it('refuses the same id with other content', async () => {
    await expect(repo.record(batch('b1', { contentHash: 'other' }))).rejects.toBeInstanceOf(TrackingConflictError);
  });

  it('returns the latest batch and undefined for an unknown id', async () => {
    await repo.record(batch('b2', { endTs: new Date('2024-02-01T00:00:00Z') }));
    expect((await repo.latest())?.id).toBe('b2');
    expect(await repo.get('nope')).toBeUndefined();
  });

  it('validates its input, naming the field', async () => {
    await expect(repo.record(batch('b3', { rows: -1 }))).rejects.toThrow(TrackingInputError);
    await expect(repo.record(batch('b3', { endTs: new Date('2019-01-01') }))).rejects.toThrow(/endTs/);
  });
});
