import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '@alphapulse/config';
import { predictions } from '@alphapulse/db';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { createLogger } from '@alphapulse/logger';
import type { Bar } from '@alphapulse/market';
import { connectRedis, JobProducer, QUEUES, type Redis } from '@alphapulse/queue';
import { LocalObjectStore } from '@alphapulse/storage';
import { ArtifactStore, DriftRepository, ModelRegistry, referenceHistograms } from '@alphapulse/tracking';
import { versionInput } from '@alphapulse/tracking/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureBatchLoader } from '../batches/feature-batch-loader.ts';
import { fitFinal, prepareDataset, serializeModel } from '../ml/index.ts';
import { DriftService } from './drift/drift-service.ts';
import { PredictionService } from './predict/prediction-service.ts';
import { publishBatch, syntheticBars, TEST_FEATURE_SET } from './testing/feature-batches.ts';

/**
 * The champion's two jobs on new batches, on real Postgres, Redis and an object directory: scoring
 * the latest row of each symbol, and comparing the batch with the training window (a retrain is
 * queued, with its reason, only when the batch drifted).
 */
const DAY = 86_400_000;
const set = TEST_FEATURE_SET;
let t: TestDatabase;
let redis: Redis;
let producer: JobProducer;
let dir: string;
let store: LocalObjectStore;
let artifacts: ArtifactStore;
const CHAMPION_RUN = 'run-0123456789abcdef';
const prefix = `ap-champ-${randomBytes(4).toString('hex')}`;
const env = loadEnv({ QUEUE_PREFIX: prefix, CHAMPION_MAX_AGE_DAYS: '7' });
const logger = createLogger('test', 'silent');

const bars = (seed: number, sigma: number, n: number, startMs: number) => syntheticBars({ seed, sigma, n, startMs });
const publish = (parts: Record<string, Bar[]>) => publishBatch(t.db, store, parts);

let trainingBatch: string;
let lastBarTime: number;
let loader: FeatureBatchLoader;
const start = Date.UTC(2010, 0, 4);

beforeAll(async () => {
  t = await createTestDatabase();
  redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  producer = new JobProducer(redis, prefix);
  dir = mkdtempSync(path.join(tmpdir(), 'ap-champ-'));
  store = new LocalObjectStore(dir);
  artifacts = new ArtifactStore(store);
  loader = new FeatureBatchLoader(t.db, store);
  const training = { AAA: bars(1, 0.01, 900, start), BBB: bars(2, 0.01, 900, start) };
  lastBarTime = training.AAA[899].ts.getTime();
  trainingBatch = await publish(training);

  // A champion trained on that batch, stored as the trainer stores it.
  const { batch } = await loader.load(trainingBatch);
  const ds = prepareDataset(batch);
  const model = await fitFinal(ds, { model: 'logistic', l2: 1e-4 }, { seed: 1 });
  const reference = referenceHistograms(Object.fromEntries(ds.featureNames.map((n) => [n, Float64Array.from(ds.train.sourceRow, (r) => batch.features[n][r])])));
  await artifacts.putModel(CHAMPION_RUN, await serializeModel(model));
  await artifacts.putReference(CHAMPION_RUN, { ...reference, trainEnd: ds.boundaries.train.end });
  const registry = new ModelRegistry(t.db);
  const version = await registry.register(versionInput(CHAMPION_RUN, { modelKind: 'logistic', featureSetHash: set.hash, batchId: trainingBatch, skill: 'none' }));
  await registry.promote(version.id, { actor: 'test', reason: 'fixture champion' });
}, 120_000);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await producer.close();
  redis.disconnect();
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PredictionService', () => {
  it("stores the champion's probability for the latest row of each symbol", async () => {
    const outcome = await new PredictionService(t.db, artifacts, loader, env, logger).predictBatch(trainingBatch);
    expect(outcome).toMatchObject({ predictions: 2, stale: false, skill: 'none' });
    const rows = await t.db.select().from(predictions);
    expect(rows.map((r) => r.symbol).sort()).toEqual(['AAA', 'BBB']);
    expect(rows.every((r) => r.skill === 'none')).toBe(true);
    for (const r of rows) {
      expect(r.probabilityUp).toBeGreaterThan(0);
      expect(r.probabilityUp).toBeLessThan(1);
      expect(r.featureTs.getTime()).toBe(lastBarTime); // the latest row: its target is not known yet
    }
  });
});

describe('PredictionService, asked for a version', () => {
  it('skips a version that is no longer the champion (its successor scores the batch)', async () => {
    const champion = await new ModelRegistry(t.db).champion();
    const outcome = await new PredictionService(t.db, artifacts, loader, env, logger).predictBatch(trainingBatch, (champion?.id ?? 0) + 100);
    expect(outcome).toMatchObject({ predictions: 0, skipped: expect.stringContaining('no longer the champion') });
  });
});

describe('DriftService', () => {
  it("never queues a retrain on the champion's own training batch", async () => {
    const outcome = await new DriftService(t.db, artifacts, loader, producer, env, logger).check(trainingBatch);
    expect(outcome.retrainJobId).toBeUndefined();
  });

  it('finds no drift on new data from the same process, and queues nothing', async () => {
    const later = start + 1300 * DAY;
    const batchId = await publish({ AAA: bars(11, 0.01, 400, later), BBB: bars(12, 0.01, 400, later) });
    const outcome = await new DriftService(t.db, artifacts, loader, producer, env, logger).check(batchId);
    expect(outcome.drifted).toBe(false);
    expect(outcome.retrainJobId).toBeUndefined();
  });

  it('flags a batch whose volatility tripled, stores the report and queues a retrain with the reason', async () => {
    const later = start + 1300 * DAY;
    const batchId = await publish({ AAA: bars(21, 0.03, 400, later), BBB: bars(22, 0.03, 400, later) });
    const outcome = await new DriftService(t.db, artifacts, loader, producer, env, logger).check(batchId);
    expect(outcome.drifted).toBe(true);
    expect(outcome.shareDrifted).toBeGreaterThan(env.DRIFT_SHARE_THRESHOLD);
    const job = await producer.queue(QUEUES.training).getJob(outcome.retrainJobId as string);
    expect(job?.data).toMatchObject({ batchId, reason: expect.stringMatching(/^drift: \d+% of features drifted vs version \d+ \(/) });
    const [report] = await new DriftRepository(t.db).latest({ limit: 1 });
    expect(report).toMatchObject({ batchId, drifted: true, retrainJobId: outcome.retrainJobId });
  });
});
