import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { createLogger } from '@alphapulse/logger';
import { connectRedis, JobProducer, QUEUES, type Redis, runIdForJob } from '@alphapulse/queue';
import { LocalObjectStore } from '@alphapulse/storage';
import { ArtifactStore, ModelRegistry, RunRepository, StudyRepository } from '@alphapulse/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import type { TrialParams } from '../../ml/index.ts';
import { publishBatch, syntheticBars, TEST_FEATURE_SET } from '../testing/feature-batches.ts';
import { DatasetCache } from './dataset-cache.ts';
import { FinalFitService } from './final-fit-service.ts';
import { PublishService } from './publish-service.ts';

/**
 * The fit and publish steps of a training job on real Postgres, Redis and an object directory,
 * with the baselines built exactly as the trainer builds them (majority, persistence with its hard
 * labels, logistic regression), so the decision is the one a user's run would get.
 */
const logger = createLogger('test', 'silent');
const prefix = `ap-publish-${randomBytes(4).toString('hex')}`;
const DAY = 86_400_000;
const START = Date.UTC(2008, 0, 7);
const params: TrialParams = { model: 'logistic', l2: 1e-4 };

let t: TestDatabase;
let redis: Redis;
let producer: JobProducer;
let dir: string;
let artifacts: ArtifactStore;
let fit: FinalFitService;
let publisher: PublishService;
let registry: ModelRegistry;

/** Records a run with one complete trial of `params`, as the tuning steps would have. */
async function runWithTrial(batchId: string, jobId: string): Promise<string> {
  const runId = runIdForJob(jobId);
  await new RunRepository(t.db).start({
    id: runId,
    batchId,
    featureSetHash: TEST_FEATURE_SET.hash,
    mode: 'ultra_fast',
    backend: 'test',
    codeVersion: 'test',
    seed: 42,
    jobId,
    worker: 'test',
    reason: 'test',
  });
  const studies = new StudyRepository(t.db);
  await studies.create({ id: runId, runId, batchId, mode: 'ultra_fast', budget: 1, seed: 42 });
  await studies.startTrial(runId, 0, params as unknown as Record<string, unknown>, 'test');
  await studies.finishTrial(runId, 0, { status: 'complete', value: 0.69, curve: [0.69], durationMs: 1 });
  return runId;
}

async function fitAndPublish(batchId: string, jobId: string) {
  const runId = await runWithTrial(batchId, jobId);
  const payload = { batchId, mode: 'ultra_fast' as const, model: 'auto' as const, seed: 42, reason: 'test', step: 'fit' as const };
  const fitted = await fit.fit(runId, payload, async () => {});
  return { runId, fitted, published: await publisher.publish(runId, payload, fitted.params.model) };
}

const planted = (seed: number, n: number, startMs = START) => ({
  AAA: syntheticBars({ seed, n, startMs, phi: 0.15 }),
  BBB: syntheticBars({ seed: seed + 1, n, startMs, phi: 0.15 }),
});

beforeAll(async () => {
  t = await createTestDatabase();
  redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  producer = new JobProducer(redis, prefix);
  dir = mkdtempSync(path.join(tmpdir(), 'ap-publish-'));
  const store = new LocalObjectStore(dir);
  artifacts = new ArtifactStore(store);
  const loader = new FeatureBatchLoader(t.db, store);
  const datasets = new DatasetCache();
  fit = new FinalFitService(t.db, artifacts, loader, datasets, logger);
  publisher = new PublishService(t.db, artifacts, producer, loader, datasets, logger);
  registry = new ModelRegistry(t.db);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await producer.close();
  redis.disconnect();
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('fit and publish', () => {
  let first: Awaited<ReturnType<typeof fitAndPublish>>;

  it('promotes a first model that beats the baselines, persistence included, and queues its predictions', async () => {
    const batchId = await publishBatch(t.db, new LocalObjectStore(dir), planted(1, 1500));
    first = await fitAndPublish(batchId, 'job-first');
    const { report } = first.fitted;
    // Persistence has hard labels and no log loss: it is reported by accuracy and never blocks.
    expect(report.baselines.persistence.logLoss).toBeNull();
    expect(report.baselines.persistence.accuracy).toBeGreaterThan(0.5);
    expect(report.test.logLoss).toBeLessThan(report.baselines.majority.logLoss as number);
    const { decision, version, predictJobId } = first.published;
    expect(decision).toMatchObject({ outcome: 'champion', rule: 'first-model' });
    expect(decision.evidence.baseline.name).toBe(report.skill.against);
    expect(decision.evidence.window.n).toBe(report.test.n);
    expect((await registry.champion())?.id).toBe(version.id);
    expect(version.skill).toBe(report.skill.verdict);
    expect(version.windows?.test.start).toBe(report.windows.test.start);
    // The prediction is queued as a job, for the newest batch of the feature set and this version.
    const job = await producer.queue(QUEUES.predict).getJob(predictJobId as string);
    expect(job?.data).toEqual({ batchId, modelVersion: version.id });
    // Deciding again (a retried publish) changes nothing.
    const again = await publisher.publish(first.runId, { batchId, mode: 'ultra_fast', model: 'auto', seed: 42, reason: 'test', step: 'publish' }, 'logistic');
    expect(again.version.id).toBe(version.id);
    expect(again.decision).toEqual(decision);
  }, 180_000);

  it('scores the champion on a later batch with its own artifacts and keeps it when the challenger is no better', async () => {
    // The same process, continued: the candidate's test window lies after the champion's validation window.
    const batchId = await publishBatch(t.db, new LocalObjectStore(dir), planted(1, 2100));
    const { published } = await fitAndPublish(batchId, 'job-second');
    const champion = published.decision.evidence.champion;
    expect(champion && 'scored' in champion).toBe(true);
    if (champion && 'scored' in champion) {
      expect(champion.versionId).toBe(first.published.version.id);
      expect(champion.scored.n).toBe(published.decision.evidence.window.n);
      expect(champion.scored.otherLogLoss).toBeLessThan(0.7);
    }
    expect(published.decision.rule).toBe('replace-champion');
    // Same params, same effect: not better than the champion by more than noise.
    expect(published.decision.outcome).toBe('challenger');
    expect(published.decision.reason).toMatch(/does not beat/);
  }, 180_000);

  it('refuses the comparison when the champion was trained on the candidate window', async () => {
    // A batch that ends where the champion's data does: its test window is inside the champion's training data.
    const batchId = await publishBatch(t.db, new LocalObjectStore(dir), planted(1, 1200));
    const { published } = await fitAndPublish(batchId, 'job-overlap');
    expect(published.decision.outcome).toBe('challenger');
    expect(published.decision.reason).toMatch(/refused: it was trained and early-stopped on .* which overlaps the comparison window/);
  }, 180_000);

  it('records "champion artifacts missing" when the champion cannot be loaded, and still publishes', async () => {
    rmSync(path.join(dir, 'models', first.runId), { recursive: true, force: true });
    const batchId = await publishBatch(t.db, new LocalObjectStore(dir), planted(7, 2100, START + 3 * DAY));
    const { published } = await fitAndPublish(batchId, 'job-missing');
    expect(published.decision.outcome).toBe('challenger');
    expect(published.decision.reason).toContain('champion artifacts missing');
    expect(published.version.id).toBeGreaterThan(first.published.version.id);
  }, 180_000);
});
