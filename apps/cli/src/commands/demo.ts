import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from '@alphapulse/config';
import type { Job, QueueEvents } from 'bullmq';
import { redactUrl } from '@alphapulse/logger';
import { openRuntimeContext, type RuntimeContext } from '@alphapulse/runtime';
import { deleteKeysMatching, openQueueEvents, QUEUES } from '@alphapulse/queue';
import { PredictionRepository } from '@alphapulse/tracking';
import type { FeaturesBuildResult } from '@alphapulse/ingest';
import type { StudyResult } from '@alphapulse/trainer';
import { formatDemoSummary, type DemoSummary } from '../demo/demo-summary.ts';
import { StudyProgressBars } from '../progress/study-progress-bars.ts';
import { StudyWatch } from '../progress/study-watch.ts';
import { redisForDemo } from '../demo/throwaway-redis.ts';

const say = (text: string) => process.stderr.write(`${text}\n`);

async function waitFor<T>(job: Job | undefined, events: QueueEvents, what: string): Promise<T> {
  if (!job) throw new Error(`${what}: job not found`);
  return job.waitUntilFinished(events, 15 * 60_000).catch((err: Error) => {
    throw new Error(`${what} failed: ${err.message}`);
  });
}

/**
 * `alphapulse demo [--json]`: the whole path, offline, with no configuration: the synthetic sample
 * market through the real queues (ingest → features → training study with trial jobs → final fit →
 * one test evaluation → registry), on embedded PGlite and a local object directory.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const started = performance.now();
  const base = loadEnv();
  const redis = await redisForDemo(base.REDIS_URL);
  const dataDir = path.resolve(base.DATA_DIR, 'demo');
  rmSync(dataDir, { recursive: true, force: true }); // every demo starts from nothing
  const prefix = `${base.QUEUE_PREFIX}-demo-${process.pid}`;
  const env = loadEnv({
    ...process.env,
    REDIS_URL: redis.url,
    DATABASE_URL: '',
    MINIO_ENDPOINT: '',
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  say(`demo: redis ${redis.throwaway ? `throwaway redis-server at ${redis.url}` : `at ${redactUrl(redis.url)}`}; PGlite and objects in ${dataDir}`);
  let ctx: RuntimeContext | undefined;
  const closers: (() => Promise<void>)[] = [];
  try {
    ctx = await openRuntimeContext(env, 'demo');
    const [{ startIngestTier, IngestRunService, SAMPLE_SYMBOLS }, { startTrainerTier }] = await Promise.all([
      import('@alphapulse/ingest'),
      import('@alphapulse/trainer'),
    ]);
    const auth = { token: undefined }; // no HTTP is served by the demo
    const trainer = await startTrainerTier(ctx, { auth, http: false });
    closers.push(() => trainer.close());
    const ingest = await startIngestTier(ctx, { auth, http: false, schedules: false });
    closers.push(() => ingest.close());
    say(`demo: backend ${trainer.backend}`);

    const listen = { prefix, logger: ctx.logger };
    const [featuresEvents, trainingEvents, predictEvents] = await Promise.all([
      openQueueEvents(QUEUES.features, { ...listen, connection: ctx.workerConnection() }),
      openQueueEvents(QUEUES.training, { ...listen, connection: ctx.workerConnection() }),
      openQueueEvents(QUEUES.predict, { ...listen, connection: ctx.workerConnection() }),
    ]);
    closers.push(async () => {
      await Promise.all([featuresEvents.close(), trainingEvents.close(), predictEvents.close()]);
    });

    const symbols = [...SAMPLE_SYMBOLS];
    const started1 = await new IngestRunService(ctx.producer).start({ source: 'sample', symbols, mode: 'ultra_fast', train: true });
    say(`demo: [1/4] ingesting ${symbols.length} synthetic symbols ${started1.from} → ${started1.to} and building features (job ${started1.jobId})`);
    const features = await waitFor<FeaturesBuildResult>(await ctx.producer.queue(QUEUES.features).getJob(started1.jobId), featuresEvents, 'features');
    const barsIngested = (features.fetched as { inserted?: number; updated?: number; unchanged?: number }[]).reduce(
      (n, r) => n + (r.inserted ?? 0) + (r.updated ?? 0) + (r.unchanged ?? 0),
      0,
    );
    say(`demo: [2/4] batch ${features.batchId}: ${features.rows} feature rows; training job ${features.trainingJobId}`);
    const trainingJobId = features.trainingJobId as string;
    const trainingJob = await ctx.producer.queue(QUEUES.training).getJob(trainingJobId);
    const bars = new StudyProgressBars('demo: [3/4]');
    const watch = new StudyWatch(ctx.database.db, features.batchId);
    let lastMessage = '';
    const progress = setInterval(async () => {
      const p = (await trainingJob?.getState()) === 'active' ? ((await ctx?.producer.queue(QUEUES.training).getJob(trainingJobId))?.progress as { message?: string } | undefined) : undefined;
      if (p?.message && p.message !== lastMessage) {
        lastMessage = p.message;
        bars.log(`demo: [3/4] ${p.message}`);
      }
      const state = await watch.poll().catch(() => undefined);
      if (state) bars.update(state);
    }, 500);
    let trained: StudyResult;
    try {
      trained = await waitFor<StudyResult>(trainingJob, trainingEvents, 'training');
    } finally {
      clearInterval(progress);
      bars.stop();
    }
    say(`demo: [3/4] ${trained.runId}: version ${trained.modelVersion} is ${trained.alias} (${trained.promotion.rule ?? 'no rule'}): ${trained.promotion.reason}`);
    // Predictions are made only by the predict.batch job the promotion queued: wait for it.
    if (trained.predictJobId) {
      say(`demo: [4/4] scoring the latest bar of each symbol with the champion (job ${trained.predictJobId})`);
      await waitFor(await ctx.producer.queue(QUEUES.predict).getJob(trained.predictJobId), predictEvents, 'prediction');
    }
    const predictions = (await new PredictionRepository(ctx.database.db).latestPerSymbol()).map((p) => ({
      symbol: p.symbol,
      asOf: p.featureTs.toISOString().slice(0, 10),
      probabilityUp: p.probabilityUp,
      modelVersion: p.modelVersionId,
      skill: p.skill,
    }));
    const finishedJob = await ctx.producer.queue(QUEUES.training).getJob(trainingJobId);
    const trainingSeconds = finishedJob?.finishedOn && finishedJob.processedOn ? (finishedJob.finishedOn - (finishedJob.timestamp ?? finishedJob.processedOn)) / 1000 : 0;
    const summary: DemoSummary = {
      synthetic: true,
      barsIngested,
      symbols,
      batchId: features.batchId,
      batchRows: features.rows,
      runId: trained.runId,
      modelVersion: trained.modelVersion,
      alias: trained.alias,
      promotion: { outcome: trained.promotion.outcome, rule: trained.promotion.rule, reason: trained.promotion.reason },
      skill: trained.skill,
      backend: trained.backend,
      mode: 'ultra_fast',
      trials: trained.trials,
      test: trained.test,
      baselines: trained.baselines,
      perSymbol: Object.fromEntries(Object.entries(trained.perSymbol).map(([s, m]) => [s, { n: m.n, accuracy: m.accuracy, pValue: m.pValue, majorityRate: m.majorityRate, auc: m.auc }])),
      predictions,
      strategy: trained.strategy,
      suspectedLeak: trained.suspectedLeak,
      modelLocation: `${ctx.store.location}/${trained.artifactPrefix}`,
      seconds: (performance.now() - started) / 1000,
      trainingSeconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      redis: redis.throwaway ? 'throwaway redis-server' : redactUrl(redis.url),
      database: `pglite (${dataDir})`,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(formatDemoSummary(summary));
    return 0;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (ctx) {
      await deleteKeysMatching(ctx.redis, `${prefix}:*`).catch(() => 0);
      await ctx.close();
    }
    await redis.stop();
  }
}
