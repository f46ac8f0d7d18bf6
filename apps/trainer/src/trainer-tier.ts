import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { type AuthSettings, createApiDocsRouter, createBaseApp, createMetricsRegistry, finishApp, listen, requireBearerOrBasic, securityOf } from '@alphapulse/http';
import { closeWorkers, createCatalogWorker, isInfrastructureError, QUEUES } from '@alphapulse/queue';
import { type RuntimeContext, startReconciler } from '@alphapulse/runtime';
import { reconcilerRepairs } from '@alphapulse/telemetry';
import { ArtifactStore, RunRepository } from '@alphapulse/tracking';
import type { Worker } from 'bullmq';
import type { Express } from 'express';
import { buildTrainerApiDocument } from './api/openapi/trainer-api-document.ts';
import { FeatureBatchLoader } from './batches/feature-batch-loader.ts';
import { selectBackend } from './ml/index.ts';
import { createDriftCheckHandler } from './queues/drift/drift-check-processor.ts';
import { DriftService } from './queues/drift/drift-service.ts';
import { createPredictBatchHandler } from './queues/predict/predict-batch-processor.ts';
import { PredictionService } from './queues/predict/prediction-service.ts';
import { DatasetCache } from './queues/training/dataset-cache.ts';
import { FinalFitService } from './queues/training/final-fit-service.ts';
import { PublishService } from './queues/training/publish-service.ts';
import { RunRecorder } from './queues/training/run-recorder.ts';
import { StudyService } from './queues/training/study-service.ts';
import { createTrainingRunHandler } from './queues/training/training-run-processor.ts';
import { createTrialsRunHandler } from './queues/trials/trials-run-processor.ts';
import { TrialService } from './queues/trials/trial-service.ts';
import { TrainingReconciler } from './reconciler/training-reconciler.ts';

export interface TrainerTierOptions {
  auth: AuthSettings;
  /** Serve HTTP on TRAINER_PORT (default true). */
  http?: boolean;
}

export interface TrainerTier {
  /** The express app behind `server` (for tests that inspect its routes). */
  app?: Express;
  /** The TensorFlow.js backend actually running (checked, not assumed). */
  backend: string;
  server?: Server;
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Starts the compute tier on an opened runtime: workers for `training` (studies), `trials`,
 * `predict` and `drift`, and the trainer's small HTTP API. Scale it by starting more processes.
 */
export async function startTrainerTier(ctx: RuntimeContext, options: TrainerTierOptions): Promise<TrainerTier> {
  const { env, logger, database, store, redis, producer } = ctx;
  const selected = await selectBackend(env.TF_BACKEND);
  logger.info({ backend: selected.name, preference: env.TF_BACKEND }, 'tensorflow.js backend selected');
  const db = database.db;
  const loader = new FeatureBatchLoader(db, store);
  const datasets = new DatasetCache();
  const artifacts = new ArtifactStore(store);
  const backend = () => selected.name;
  const training = createTrainingRunHandler({
    db,
    study: new StudyService(db, producer, loader, datasets, env, backend, logger),
    fit: new FinalFitService(db, artifacts, loader, datasets, logger),
    publish: new PublishService(db, artifacts, producer, loader, datasets, logger),
    record: new RunRecorder(db, artifacts, backend, logger),
    logger,
  });
  const trials = new TrialService(db, producer, loader, datasets, logger, env.PRUNER === 'median');
  const predictions = new PredictionService(db, artifacts, loader, env, logger);
  const drift = new DriftService(db, artifacts, loader, producer, env, logger);

  const common = () => {
    return {
      connection: ctx.workerConnection(),
      prefix: env.QUEUE_PREFIX,
      logger,
      lockDuration: env.JOB_LOCK_MS,
      stalledInterval: env.JOB_LOCK_MS,
      maxStalledCount: 2,
    };
  };
  const workers = [
    createCatalogWorker(QUEUES.training, { 'training.run': training }, { ...common(), concurrency: env.TRAINER_CONCURRENCY }),
    createCatalogWorker(QUEUES.trials, { 'trials.run': createTrialsRunHandler(trials) }, { ...common(), concurrency: 1 }),
    createCatalogWorker(
      QUEUES.predict,
      { 'predict.batch': createPredictBatchHandler(predictions) },
      { ...common(), concurrency: 1 },
    ),
    createCatalogWorker(QUEUES.drift, { 'drift.check': createDriftCheckHandler(drift) }, { ...common(), concurrency: 1 }),
  ];
  const active = new Map<string, { queue: string; id: string; name: string; since: string }>();
  for (const w of workers) {
    w.on('active', (job) =>
      active.set(`${w.name}:${job.id}`, { queue: w.name, id: job.id as string, name: job.name, since: new Date().toISOString() }),
    );
    w.on('completed', (job) => {
      active.delete(`${w.name}:${job.id}`);
      logger.info({ queue: w.name, job: job.id }, 'job completed');
    });
    w.on('failed', (job, err) => {
      active.delete(`${w.name}:${job?.id}`);
      if (err.name === 'WaitingChildrenError') return;
      logger.warn({ queue: w.name, job: job?.id, reason: err.message }, 'job failed');
    });
  }

  const reconciler = startReconciler({
    name: 'trainer',
    redis,
    queuePrefix: env.QUEUE_PREFIX,
    intervalMs: env.RECONCILE_INTERVAL_MS,
    logger,
    reconcile: () => new TrainingReconciler(db, producer).reconcile(),
    onRepair: (r) => reconcilerRepairs.inc({ tier: 'trainer', kind: r.kind }),
  });

  let server: (Server & { closeGracefully(): Promise<void> }) | undefined;
  let httpApp: Express | undefined;
  if (options.http !== false) {
    const metrics = createMetricsRegistry('trainer');
    const app = createBaseApp({
      metrics,
      info: { tier: 'trainer', backend: selected.name },
      ready: ctx.readiness,
      ...securityOf(env, options.auth),
      needsRedis: { paths: [/^\/status\/?$/i], ready: ctx.redisReady },
    });
    const runs = new RunRepository(db);
    app.get('/status', async (_req, res) => {
      res.json({
        tier: 'trainer',
        worker: `${hostname()}:${process.pid}`,
        backend: selected.name,
        currentJobs: [...active.values()],
        queues: await ctx.requestProducer.depths(),
        lastRun: (await runs.lastRun()) ?? null,
      });
    });
    app.use(createApiDocsRouter({ document: buildTrainerApiDocument(), auth: requireBearerOrBasic(options.auth) }));
    finishApp(app, logger, { unavailable: isInfrastructureError });
    server = await listen(app, env.TRAINER_PORT, env.HOST);
    httpApp = app;
    logger.info({ port: env.TRAINER_PORT, backend: selected.name }, 'trainer tier listening');
  }

  return {
    backend: selected.name,
    app: httpApp,
    server,
    workers,
    async close() {
      await reconciler.stop();
      await server?.closeGracefully();
      // Active jobs finish (unless Redis is unreachable); a study waiting for children holds no lock.
      await closeWorkers(workers, ctx.redis);
    },
  };
}
