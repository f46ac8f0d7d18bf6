import type { Db } from '@alphapulse/db';
import express from 'express';
import { z } from 'zod';
import { modelKind } from '@alphapulse/queue';
import {
  DriftRepository,
  FeatureSetMismatchError,
  ModelRegistry,
  PredictionRepository,
  RUN_STATUSES,
  RunRepository,
  StudyRepository,
  TrackingInputError,
  UnknownModelVersionError,
} from '@alphapulse/tracking';

export interface TrackingRouterOptions {
  db: Db;
  /**
   * Guards the mutating routes (`POST /models/:id/promote`) and nothing else. It may set
   * `res.locals.actor` to name who acted in the alias history (default `api`).
   */
  auth: express.RequestHandler | express.RequestHandler[];
  /** CHAMPION_MAX_AGE_DAYS: a champion older than this is reported stale. Default 7. */
  championMaxAgeDays?: number;
}

export interface FieldError {
  field: string;
  message: string;
}

const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();
export const runsQuery = z.object({
  limit: limit(500),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  status: z.enum(RUN_STATUSES as [string, ...string[]]).optional(),
  modelKind: modelKind.exclude(['auto']).optional(),
});
export const compareQuery = z.object({
  ids: z
    .string({ error: 'required: a comma-separated list of run ids' })
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().max(200, 'a run id is at most 200 characters'))
        .min(2, 'at least two run ids, comma-separated')
        .max(50, 'at most 50 run ids'),
    ),
});
export const runParams = z.object({ id: z.string().min(1).max(200) });
export const versionParams = z.object({ id: z.coerce.number({ error: 'a model version id (a positive integer)' }).int().positive() });
export const promoteBody = z.strictObject({ reason: z.string().trim().min(1).max(1_000).optional() });
export const predictionsQuery = z.object({ symbol: z.string().trim().min(1).max(32).optional(), limit: limit(1_000) });
export const driftQuery = z.object({ limit: limit(200) });

/**
 * The tracking API: runs, their comparison, the model registry, predictions and drift reports.
 * Read routes are guarded by the app (the token unless PUBLIC_READS=on); `POST /models/:id/promote`
 * also goes through `auth`: 404 for an unregistered version, 409 naming both feature sets when the
 * version was trained on another feature set than the champion's. Invalid input gets 400
 * `{error: 'invalid request', fields: [{field, message}]}`; an unknown run or version gets 404.
 */
export function createTrackingRouter(options: TrackingRouterOptions): express.Router {
  const runs = new RunRepository(options.db);
  const registry = new ModelRegistry(options.db);
  const predictions = new PredictionRepository(options.db);
  const drift = new DriftRepository(options.db);
  const studies = new StudyRepository(options.db);
  const maxAgeDays = options.championMaxAgeDays ?? 7;
  const auth: express.RequestHandler[] = [options.auth].flat();
  const router = express.Router();

  router.get('/runs', async (req, res) => {
    const q = parse(runsQuery, req.query, res);
    if (!q) return;
    res.json({ runs: await runs.list({ limit: q.limit ?? 50, offset: q.offset, status: q.status as (typeof RUN_STATUSES)[number] | undefined, modelKind: q.modelKind }) });
  });

  router.get('/runs/compare', async (req, res) => {
    const q = parse(compareQuery, req.query, res);
    if (!q) return;
    const comparison = await runs.compare(q.ids);
    if (comparison.missing.length > 0) {
      res.status(404).json({ error: 'run not found', ids: comparison.missing });
      return;
    }
    res.json(comparison);
  });

  router.get('/runs/:id', async (req, res) => {
    const p = parse(runParams, req.params, res);
    if (!p) return;
    const run = await runs.get(p.id);
    if (!run) {
      res.status(404).json({ error: 'run not found', id: p.id });
      return;
    }
    // The study's id is the run's: trials done of the budget and the best so far, live while it tunes.
    res.json({ ...run, progress: (await studies.progress(p.id)) ?? null });
  });

  router.get('/models', async (_req, res) => {
    const [list, history, champion] = await Promise.all([
      registry.list(),
      registry.history({ limit: 50 }),
      registry.championStatus(maxAgeDays),
    ]);
    res.json({ ...list, history, champion });
  });

  const promote: express.RequestHandler = async (req, res) => {
    const p = parse(versionParams, req.params, res);
    if (!p) return;
    const body = parse(promoteBody, req.body ?? {}, res);
    if (!body) return;
    const actor = typeof res.locals.actor === 'string' && res.locals.actor ? res.locals.actor : 'api';
    try {
      const change = await registry.promote(p.id, { actor, reason: body.reason ?? 'promoted through the API' });
      res.json(change);
    } catch (err) {
      if (err instanceof UnknownModelVersionError) {
        res.status(404).json({ error: 'model version not found', id: p.id });
        return;
      }
      if (err instanceof FeatureSetMismatchError) {
        res.status(409).json({
          error: err.message,
          version: { id: err.versionId, featureSet: err.versionFeatureSet },
          champion: { id: err.championId, featureSet: err.championFeatureSet },
        });
        return;
      }
      throw err;
    }
  };
  router.post('/models/:id/promote', auth, express.json({ limit: '16kb' }), promote);

  router.get('/predictions', async (req, res) => {
    const q = parse(predictionsQuery, req.query, res);
    if (!q) return;
    const rows = q.symbol
      ? await predictions.latest({ symbol: q.symbol, limit: q.limit ?? 20 })
      : await predictions.latestPerSymbol();
    res.json({ predictions: rows });
  });

  router.get('/drift', async (req, res) => {
    const q = parse(driftQuery, req.query, res);
    if (!q) return;
    res.json({ reports: await drift.latest({ limit: q.limit ?? 20 }) });
  });

  // Errors of this router's own making become 400s; anything else goes on to the app's handler.
  router.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    const e = err as { type?: string; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'invalid request', fields: [{ field: 'body', message: 'not valid JSON' }] });
    } else if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body too large' });
    } else if (err instanceof TrackingInputError) {
      res.status(400).json({ error: 'invalid request', fields: [{ field: err.field, message: err.message }] });
    } else {
      next(err);
    }
  });

  return router;
}

/** Parses input with a schema, or answers 400 naming each bad field and returns undefined. */
function parse<T extends z.ZodType>(schema: T, input: unknown, res: express.Response): z.output<T> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '(input)',
    message: issue.message,
  }));
  res.status(400).json({ error: 'invalid request', fields });
  return undefined;
}
