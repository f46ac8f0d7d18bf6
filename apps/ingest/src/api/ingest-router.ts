import { createHash } from 'node:crypto';
import type { Env } from '@alphapulse/config';
import { type AuthSettings, parseRequest, requireBearer } from '@alphapulse/http';
import { isoDay, type JobProducer, modelKind, newRerunToken, QUEUES, RUN_ID_PATTERN, symbolSchema, trainingMode, volatilityShockSchema } from '@alphapulse/queue';
import { ArtifactStore, RunRepository } from '@alphapulse/tracking';
import { answerSubmission, trainingJobOf } from './submission-response.ts';
import { createTrainRouter } from './train-router.ts';
import type { ObjectStore } from '@alphapulse/storage';
import type { Db } from '@alphapulse/db';
import { Router } from 'express';
import { z } from 'zod';
import { SAMPLE_SYMBOLS } from '../sources/sample/index.ts';
import type { IngestRunService } from '../queues/ingest-run/ingest-run-service.ts';

const symbol = symbolSchema;
const day = isoDay;

export const ingestBody = z
  .discriminatedUnion('source', [
    z.object({
      source: z.literal('sample'),
      symbols: z.array(symbol).min(1).max(50).optional(),
      from: day.optional(),
      to: day.optional(),
      mode: trainingMode.default('ultra_fast'),
      model: modelKind.default('auto'),
      train: z.boolean().default(true),
      shock: volatilityShockSchema.optional(),
      force: z.boolean().default(false),
    }),
    z.object({
      source: z.literal('yahoo'),
      symbols: z.array(symbol).min(1).max(500).optional(),
      from: day.optional(),
      to: day.optional(),
      mode: trainingMode.default('ultra_fast'),
      model: modelKind.default('auto'),
      train: z.boolean().default(true),
      force: z.boolean().default(false),
    }),
    z.object({
      source: z.literal('csv'),
      symbol,
      csv: z.string().min(1, 'the CSV text').max(20_000_000),
      mode: trainingMode.default('ultra_fast'),
      train: z.boolean().default(true),
      force: z.boolean().default(false),
    }),
  ])
  .refine((b) => !('from' in b && 'to' in b && b.from && b.to) || b.from <= b.to, { message: 'from must not be after to', path: ['from'] });

export interface IngestRouterDeps {
  env: Env;
  db: Db;
  store: ObjectStore;
  producer: JobProducer;
  ingestRuns: IngestRunService;
  auth: AuthSettings;
  listSchedules(): Promise<unknown[]>;
}

/** The orchestration tier's own routes: start ingestion (and training), list schedules. */
export function createIngestRouter(deps: IngestRouterDeps): Router {
  const router = Router();
  const auth = requireBearer(deps.auth);
  const runs = new RunRepository(deps.db);

  router.post('/ingest', auth, async (req, res) => {
    const body = parseRequest(ingestBody, req, res);
    if (!body) return;
    const { force, ...request } = body;
    const rerun = force ? { rerun: newRerunToken() } : {};
    if (request.source === 'csv') {
      // The CSV travels through the object store; jobs carry its key, never the data.
      const key = `uploads/csv/${createHash('sha256').update(request.csv).digest('hex')}.csv`;
      await deps.store.put(key, request.csv, 'text/csv');
      const submission = await deps.producer.submitFlow({
        name: 'features.build',
        data: { symbols: [request.symbol], mode: request.mode, train: request.train, ...rerun },
        children: [{ name: 'bars.fetch', data: { source: 'csv', symbol: request.symbol, objectKey: key, ...rerun }, opts: { ignoreDependencyOnFailure: true } }],
      });
      await answerSubmission(res, submission, runs, trainingJobOf(submission), { queue: QUEUES.features, symbols: [request.symbol] });
      return;
    }
    const symbols = request.symbols ?? (request.source === 'sample' ? [...SAMPLE_SYMBOLS] : deps.env.SYMBOLS);
    const { result, ...run } = await deps.ingestRuns.start({ ...request, symbols, ...rerun });
    await answerSubmission(res, { ...run, result }, runs, trainingJobOf({ ...run, result }), { symbols: run.symbols, from: run.from, to: run.to, queue: QUEUES.features });
  });

  router.use(createTrainRouter({ db: deps.db, producer: deps.producer, auth }));

  router.get('/runs/:id/report', async (req, res) => {
    const id = req.params.id;
    // Run ids are generated (run-<hex>); anything else cannot name a report.
    if (!RUN_ID_PATTERN.test(id)) {
      res.status(404).json({ error: `no run ${id}` });
      return;
    }
    try {
      const html = await new ArtifactStore(deps.store).getReport(id);
      // The report inlines its chart script (uPlot and the drawing code), so it opens from a file too.
      res.type('html').set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:").send(html);
    } catch {
      res.status(404).json({ error: `no report for run ${id}` });
    }
  });

  router.get('/schedules', async (_req, res) => {
    res.json({ schedules: await deps.listSchedules() });
  });

  return router;
}
