import type { Server } from 'node:http';
import { type AuthSettings, createApiDocsRouter, createBaseApp, createMetricsRegistry, finishApp, listen, requireBearer, requireBearerOrBasic, securityOf } from '@alphapulse/http';
import { closeWorkers, createCatalogWorker, isInfrastructureError, QUEUES } from '@alphapulse/queue';
import { type RuntimeContext, startReconciler } from '@alphapulse/runtime';
import { reconcilerRepairs } from '@alphapulse/telemetry';
import { RunRepository } from '@alphapulse/tracking';
import { createTrackingRouter } from './api/tracking-router.ts';
import type { Worker } from 'bullmq';
import type { Express } from 'express';
import { Gauge } from 'prom-client';
import { BULL_BOARD_PATH, createBullBoardRouter } from './api/bull-board.ts';
import { createIngestRouter } from './api/ingest-router.ts';
import { INGEST_BODY_LIMITS, INGEST_REDIS_ROUTES } from './api/http-limits.ts';
import { buildIngestApiDocument } from './api/openapi/ingest-api-document.ts';
import { CONSOLE_PATH, createConsoleRouter } from './console/console-router.ts';
import { barsWorkerOptions, createBarsHandler } from './queues/bars/index.ts';
import { createFeaturesHandler } from './queues/features/features-processor.ts';
import { FeaturesService } from './queues/features/features-service.ts';
import { createIngestRunHandler } from './queues/ingest-run/ingest-run-processor.ts';
import { IngestRunService } from './queues/ingest-run/ingest-run-service.ts';
import { createNewsHandler } from './queues/news/index.ts';
import { ScheduleReconciler } from './reconciler/schedule-reconciler.ts';
import { ScheduleService } from './schedules/schedule-service.ts';
import { financeSentimentModel } from './sentiment/finance-sentiment-model.ts';

export interface IngestTierOptions {
  auth: AuthSettings;
  /** Serve HTTP on INGEST_PORT (default true); the demo runs workers only. */
  http?: boolean;
  /** Register the repeatable schedules (default true). */
  schedules?: boolean;
}

export interface IngestTier {
  /** The express app behind `server` (for tests that inspect its routes). */
  app?: Express;
  server?: Server;
  workers: Worker[];
  /** Stops taking jobs, lets the current ones finish (or releases them), closes the server. */
  close(): Promise<void>;
}

/**
 * Starts the orchestration tier on an opened runtime: workers for `ingest-bars`, `ingest-news` and
 * `features`, the REST API with Bull Board and metrics, and the schedules.
 */
export async function startIngestTier(ctx: RuntimeContext, options: IngestTierOptions): Promise<IngestTier> {
  const { env, logger, database, store, redis, producer } = ctx;
  // Load the sentiment model before any job is taken: a broken artifact stops start-up, not a job.
  const loadStarted = performance.now();
  const sentiment = financeSentimentModel();
  logger.info({ version: sentiment.meta.version, ms: Math.round(performance.now() - loadStarted) }, 'finance sentiment model loaded');
  const deps = { db: database.db, store, env, logger };
  const ingestRuns = new IngestRunService(producer);
  const features = new FeaturesService(database.db, store, logger);
  const schedules = new ScheduleService(producer, env);
  const connection = () => ctx.workerConnection();
  const prefix = env.QUEUE_PREFIX;

  const workers = [
    createCatalogWorker(QUEUES.ingestBars, { 'bars.fetch': createBarsHandler(deps) }, { connection: connection(), prefix, logger, ...barsWorkerOptions(env) }),
    createCatalogWorker(QUEUES.ingestNews, { 'news.fetch': createNewsHandler(deps) }, { connection: connection(), prefix, logger, concurrency: 4 }),
    createCatalogWorker(
      QUEUES.features,
      { 'ingest.run': createIngestRunHandler(ingestRuns), 'features.build': createFeaturesHandler(features, producer) },
      { connection: connection(), prefix, logger, concurrency: 2 },
    ),
  ];
  for (const w of workers) {
    w.on('failed', (job, err) => logger.warn({ queue: w.name, job: job?.id, name: job?.name, reason: err.message }, 'job failed'));
    w.on('completed', (job) => logger.info({ queue: w.name, job: job.id, name: job.name }, 'job completed'));
  }

  let reconciler: { stop(): Promise<void> } | undefined;
  if (options.schedules !== false) {
    const ids = await schedules.upsertAll();
    logger.info({ schedulers: ids }, 'schedules upserted');
    const repairs = new ScheduleReconciler(schedules, producer);
    reconciler = startReconciler({
      name: 'ingest',
      redis,
      queuePrefix: prefix,
      intervalMs: env.RECONCILE_INTERVAL_MS,
      logger,
      reconcile: () => repairs.reconcile(),
      onRepair: (r) => reconcilerRepairs.inc({ tier: 'ingest', kind: r.kind }),
    });
  }

  let server: (Server & { closeGracefully(): Promise<void> }) | undefined;
  let httpApp: Express | undefined;
  if (options.http !== false) {
    const metrics = createMetricsRegistry('ingest');
    const requests = ctx.requestProducer;
    const depthGauge = new Gauge({
      name: 'alphapulse_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [metrics],
      async collect() {
        for (const [queue, counts] of Object.entries(await requests.depths())) {
          for (const [state, n] of Object.entries(counts)) this.set({ queue, state }, n);
        }
      },
    });
    void depthGauge;
    const app = createBaseApp({
      metrics,
      info: { tier: 'ingest' },
      ready: ctx.readiness,
      ...securityOf(env, options.auth),
      bodyLimits: INGEST_BODY_LIMITS,
      dashboards: [BULL_BOARD_PATH],
      needsRedis: { paths: INGEST_REDIS_ROUTES, ready: ctx.redisReady },
    });
    // HTTP handlers enqueue and read through the fail-fast producer: 503 at once while Redis is down.
    const apiSchedules = new ScheduleService(requests, env);
    const runs = new RunRepository(database.db);
    app.get('/status', async (_req, res) => {
      res.json({
        tier: 'ingest',
        database: database.kind,
        objectStore: store.location,
        queuePrefix: prefix,
        queues: await requests.depths(),
        workers: workers.map((w) => ({ queue: w.name, running: w.isRunning() })),
        schedules: await apiSchedules.list(),
        lastRun: (await runs.lastRun()) ?? null,
        auth: options.auth.token ? 'on' : 'off',
      });
    });
    app.use(BULL_BOARD_PATH, requireBearerOrBasic(options.auth), createBullBoardRouter(requests));
    app.use(CONSOLE_PATH, requireBearerOrBasic(options.auth), createConsoleRouter({ db: database.db, store, bullBoardPath: BULL_BOARD_PATH, championMaxAgeDays: env.CHAMPION_MAX_AGE_DAYS }));
    app.use(
      createIngestRouter({
        env,
        db: database.db,
        store,
        producer: requests,
        ingestRuns: new IngestRunService(requests),
        auth: options.auth,
        listSchedules: () => apiSchedules.list(),
      }),
    );
    app.use(createTrackingRouter({ db: database.db, auth: requireBearer(options.auth), championMaxAgeDays: env.CHAMPION_MAX_AGE_DAYS }));
    app.use(createApiDocsRouter({ document: buildIngestApiDocument(), auth: requireBearerOrBasic(options.auth) }));
    finishApp(app, logger, { unavailable: isInfrastructureError });
    server = await listen(app, env.INGEST_PORT, env.HOST);
    httpApp = app;
    logger.info({ port: env.INGEST_PORT, dashboard: BULL_BOARD_PATH }, 'ingest tier listening');
  }

  return {
    app: httpApp,
    server,
    workers,
    async close() {
      await reconciler?.stop();
      await server?.closeGracefully();
      await closeWorkers(workers, ctx.redis);
    },
  };
}
