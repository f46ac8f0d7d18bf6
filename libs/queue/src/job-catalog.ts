import { createHash } from 'node:crypto';
import { z } from 'zod';
import { barSource, batchIdSchema, isoDay, modelKind, rerunTokenSchema, symbolSchema, TRAINING_STEPS, trainingMode, volatilityShockSchema } from './vocabulary.ts';

/** Every queue of the system. Jobs carry ids and parameters, never the data itself. */
export const QUEUES = {
  ingestBars: 'ingest-bars',
  ingestNews: 'ingest-news',
  features: 'features',
  training: 'training',
  trials: 'trials',
  predict: 'predict',
  drift: 'drift',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const symbol = symbolSchema;
const isoDate = isoDay;

export const schemas = {
  /** Fetch daily bars of one symbol and upsert them. */
  'bars.fetch': z.object({
    source: barSource,
    symbol,
    interval: z.literal('1d').default('1d'),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** For `csv`: the object key of an uploaded CSV. */
    objectKey: z.string().optional(),
    /** The sample simulator's seed. */
    seed: z.number().int().optional(),
    /** The sample simulator's volatility regime change. */
    shock: volatilityShockSchema.optional(),
    /** Set by `force: true`: part of the job's identity, so the same work runs again. */
    rerun: rerunTokenSchema.optional(),
  }),
  /** Fetch one news feed, score and store its items. */
  'news.fetch': z.object({
    url: z.url({ protocol: /^https?$/ }),
    symbols: z.array(symbol).default([]),
    name: z.string().max(100).optional(),
  }),
  /** Start an ingestion run: expands into a flow of `bars.fetch` children under one `features.build` (schedules, REST). */
  'ingest.run': z.object({
    source: z.enum(['sample', 'yahoo']),
    symbols: z.array(symbol).min(1).max(500),
    from: isoDate.optional(),
    to: isoDate.optional(),
    mode: trainingMode.default('ultra_fast'),
    /** The model family of the training run the batch starts (`auto` tunes the family too). */
    model: modelKind.default('auto'),
    train: z.boolean().default(true),
    /** For `sample`: a volatility regime change of the synthetic market. */
    shock: volatilityShockSchema.optional(),
    /** Set by `force: true`: part of the job's identity, so the same work runs again. */
    rerun: rerunTokenSchema.optional(),
  }),
  /** Build features for symbols from stored data and publish the batch (flow parent of the fetches). */
  'features.build': z.object({
    symbols: z.array(symbol).min(1).max(500),
    featureSet: z.string().default('core'),
    from: isoDate.optional(),
    asOf: isoDate.optional(),
    mode: trainingMode.default('ultra_fast'),
    model: modelKind.default('auto'),
    synthetic: z.boolean().default(false),
    train: z.boolean().default(true),
    /** The sample market's regime change its children simulated (part of the job's identity). */
    shock: volatilityShockSchema.optional(),
    /** Set by `force: true`: part of the job's identity, so the same work runs again. */
    rerun: rerunTokenSchema.optional(),
  }),
  /** Run a study on a feature batch, refit the best, evaluate once on test, register. */
  'training.run': z.object({
    batchId: batchIdSchema,
    mode: trainingMode.default('ultra_fast'),
    model: modelKind.default('auto'),
    seed: z.number().int().min(0).default(42),
    reason: z.string().max(200).default('manual'),
    /** Set by `force: true`: part of the job's identity, so the same work runs again. */
    rerun: rerunTokenSchema.optional(),
    /** Steps of the study's state machine; set by the processor, not by producers. */
    step: z.enum(TRAINING_STEPS).default('start'),
  }),
  /** One trial of a study (a flow child of its `training.run`). */
  'trials.run': z.object({
    studyId: z.string().min(1),
    number: z.number().int().min(0),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    /** The study's search space and random start-up count, so a finishing trial can sample its successor. */
    model: modelKind.default('auto'),
    startup: z.number().int().min(0).default(0),
  }),
  /**
   * Score the latest row of each symbol of a batch with the champion. With `modelVersion` (queued on a
   * promotion), only while that version still is the champion.
   */
  'predict.batch': z.object({ batchId: batchIdSchema, modelVersion: z.number().int().positive().optional() }),
  /** Compare a batch against the champion's reference histograms (`modelVersion`: as for predict.batch). */
  'drift.check': z.object({ batchId: batchIdSchema, modelVersion: z.number().int().positive().optional() }),
} as const;

export type JobName = keyof typeof schemas;
export type JobPayload<N extends JobName> = z.output<(typeof schemas)[N]>;
export type JobInput<N extends JobName> = z.input<(typeof schemas)[N]>;

interface JobPolicy<N extends JobName> {
  queue: QueueName;
  /** Enough for a retry to outlast OUTAGE_BUDGET_MS of a dependency being down. */
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number; jitter?: number };
  /** Same payload, same id: re-enqueueing the same work is a no-op. */
  jobId: (p: JobPayload<N>) => string;
}

/**
 * How long a dependency (Postgres, Redis, the object store) may be down before work that needs it gives
 * up: a failover or a restart. Every job that touches one retries for longer than this.
 */
export const OUTAGE_BUDGET_MS = 5 * 60_000;

/**
 * Attempts of an exponential backoff starting at `firstDelayMs` whose retries together wait longer than
 * OUTAGE_BUDGET_MS: delays d, 2d, 4d, ... until their sum passes the budget.
 */
export function attemptsToOutlast(firstDelayMs: number, budgetMs = OUTAGE_BUDGET_MS): number {
  let attempts = 1;
  for (let waited = 0, delay = firstDelayMs; waited <= budgetMs; delay *= 2, attempts++) waited += delay;
  return attempts;
}

const outlasting = (firstDelayMs: number) => ({
  attempts: attemptsToOutlast(firstDelayMs),
  backoff: { type: 'exponential' as const, delay: firstDelayMs, jitter: 0.3 },
});

const h = (...parts: unknown[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
// BullMQ job ids may not contain ':' (it is Redis' key separator in BullMQ) in custom ids.
const id = (...parts: (string | number | undefined)[]) => parts.map((p) => String(p ?? '-').replace(/[^A-Za-z0-9._=^-]/g, '_')).join('.');

// A forced re-run is the same work under another id; without a token the id is the plain one.
const rerunOf = (jobId: string, p: { rerun?: string }) => (p.rerun ? `${jobId}.rerun_${p.rerun}` : jobId);

/** Queue, retry policy and deterministic id of every job. The single source of queue contracts. */
export const JOBS: { [N in JobName]: JobPolicy<N> } = {
  'bars.fetch': {
    queue: QUEUES.ingestBars,
    ...outlasting(2_000),
    jobId: (p) => rerunOf(id('bars', p.source, p.symbol, p.interval, p.from, p.to, p.objectKey ? h(p.objectKey) : undefined, p.seed, p.shock ? h(p.shock) : undefined), p),
  },
  'news.fetch': {
    queue: QUEUES.ingestNews,
    ...outlasting(5_000),
    jobId: (p) => id('news', h(p.url, p.symbols), new Date().toISOString().slice(0, 16)),
  },
  'ingest.run': {
    queue: QUEUES.features,
    ...outlasting(5_000),
    jobId: (p) => rerunOf(id('ingest', p.source, h([...p.symbols].sort(), p.from, p.to, p.mode, p.train, p.shock, p.model === 'auto' ? undefined : p.model)), p),
  },
  'features.build': {
    queue: QUEUES.features,
    ...outlasting(5_000),
    jobId: (p) => rerunOf(id('features', p.featureSet, h([...p.symbols].sort(), p.from, p.asOf, p.mode, p.synthetic, p.train, p.shock, p.model === 'auto' ? undefined : p.model)), p),
  },
  'training.run': {
    queue: QUEUES.training,
    ...outlasting(10_000),
    jobId: (p) => rerunOf(id('train', p.batchId, p.mode, p.model, p.seed), p),
  },
  'trials.run': {
    queue: QUEUES.trials,
    ...outlasting(2_000),
    jobId: (p) => id('trial', p.studyId, p.number),
  },
  'predict.batch': {
    queue: QUEUES.predict,
    ...outlasting(5_000),
    jobId: (p) => id('predict', p.batchId, p.modelVersion === undefined ? 'champion' : `v${p.modelVersion}`),
  },
  'drift.check': {
    queue: QUEUES.drift,
    ...outlasting(5_000),
    jobId: (p) => id('drift', p.batchId, p.modelVersion === undefined ? 'champion' : `v${p.modelVersion}`),
  },
};

/** The job names worked on a queue. */
export function jobNamesOf(queue: QueueName): JobName[] {
  return (Object.keys(JOBS) as JobName[]).filter((n) => JOBS[n].queue === queue);
}
