import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tz('created_at').notNull().defaultNow();

/** What we know about a tradable symbol: where it trades, in which currency and time zone. */
export const instruments = pgTable('instruments', {
  symbol: text('symbol').primaryKey(),
  name: text('name'),
  exchange: text('exchange'),
  instrumentType: text('instrument_type'),
  currency: text('currency'),
  timezone: text('timezone'),
  aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
  source: text('source').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/** Raw OHLCV bars as the source reported them; one row per symbol, interval and bar open time. */
export const bars = pgTable(
  'bars',
  {
    symbol: text('symbol').notNull(),
    interval: text('interval').notNull(),
    ts: tz('ts').notNull(),
    open: doublePrecision('open').notNull(),
    high: doublePrecision('high').notNull(),
    low: doublePrecision('low').notNull(),
    close: doublePrecision('close').notNull(),
    /** Close adjusted for splits and dividends as the source computed it, when it did. */
    adjClose: doublePrecision('adj_close'),
    volume: doublePrecision('volume').notNull(),
    source: text('source').notNull(),
    ingestedAt: tz('ingested_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.interval, t.ts] })],
);

/** Splits and dividends, needed to adjust raw bars. */
export const corporateActions = pgTable(
  'corporate_actions',
  {
    symbol: text('symbol').notNull(),
    ts: tz('ts').notNull(),
    kind: text('kind', { enum: ['split', 'dividend'] }).notNull(),
    /** For a split: shares after per share before (4 for a 4:1 split). For a dividend: amount per share. */
    value: doublePrecision('value').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.ts, t.kind] })],
);

/** A news item (headline) from a feed, scored for sentiment, matched to symbols. */
export const newsItems = pgTable(
  'news_items',
  {
    id: text('id').primaryKey(),
    feed: text('feed').notNull(),
    guid: text('guid'),
    link: text('link'),
    title: text('title').notNull(),
    summary: text('summary'),
    publishedAt: tz('published_at').notNull(),
    fetchedAt: tz('fetched_at').notNull().defaultNow(),
    symbols: text('symbols').array().notNull().default(sql`'{}'::text[]`),
    sentimentScore: doublePrecision('sentiment_score').notNull(),
    sentimentWords: jsonb('sentiment_words').$type<string[]>().notNull().default([]),
    synthetic: boolean('synthetic').notNull().default(false),
  },
  (t) => [index('news_items_published_idx').on(t.publishedAt)],
);

/** Daily sentiment per symbol and trading session (headlines after the close count for the next session). */
export const sentimentDaily = pgTable(
  'sentiment_daily',
  {
    symbol: text('symbol').notNull(),
    session: date('session').notNull(),
    count: integer('count').notNull(),
    mean: doublePrecision('mean').notNull(),
    sharePositive: doublePrecision('share_positive').notNull(),
    shareNegative: doublePrecision('share_negative').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.session] })],
);

/** A named, versioned list of feature definitions, identified by the hash of its definition. */
export const featureSets = pgTable('feature_sets', {
  hash: text('hash').primaryKey(),
  name: text('name').notNull(),
  version: integer('version').notNull(),
  definition: jsonb('definition').notNull(),
  createdAt: createdAt(),
});

/** A feature batch written once to the object store; id and content hash are derived from its inputs and bytes. */
export const featureBatches = pgTable('feature_batches', {
  id: text('id').primaryKey(),
  featureSetHash: text('feature_set_hash').notNull(),
  featureSetName: text('feature_set_name').notNull(),
  symbols: text('symbols').array().notNull(),
  startTs: tz('start_ts').notNull(),
  endTs: tz('end_ts').notNull(),
  rows: integer('rows').notNull(),
  contentHash: text('content_hash').notNull(),
  objectKey: text('object_key').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  createdAt: createdAt(),
});

/** A training run: one study, its final refit and its single evaluation on the test window. */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    batchId: text('batch_id').notNull(),
    featureSetHash: text('feature_set_hash').notNull(),
    mode: text('mode').notNull(),
    modelKind: text('model_kind'),
    backend: text('backend'),
    codeVersion: text('code_version'),
    seed: integer('seed').notNull(),
    status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull(),
    reason: text('reason'),
    error: text('error'),
    jobId: text('job_id'),
    worker: text('worker'),
    suspectedLeak: boolean('suspected_leak').notNull().default(false),
    artifactPrefix: text('artifact_prefix'),
    summary: jsonb('summary'),
    startedAt: tz('started_at').notNull().defaultNow(),
    finishedAt: tz('finished_at'),
  },
  (t) => [index('runs_started_idx').on(t.startedAt)],
);

export const runParams = pgTable(
  'run_params',
  {
    runId: text('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] })],
);

/** Final metrics have step -1; per-epoch history uses the epoch number as step. */
export const runMetrics = pgTable(
  'run_metrics',
  {
    runId: text('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    step: integer('step').notNull().default(-1),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key, t.step] })],
);

/** A hyperparameter study; its state lives here so that it survives a trainer crash. */
export const studies = pgTable('studies', {
  id: text('id').primaryKey(),
  runId: text('run_id').notNull(),
  batchId: text('batch_id').notNull(),
  mode: text('mode').notNull(),
  budget: integer('budget').notNull(),
  /** Trial numbers handed out so far (0..trialsClaimed-1): replicas claim the next one atomically. */
  trialsClaimed: integer('trials_claimed').notNull().default(0),
  seed: integer('seed').notNull(),
  status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull(),
  createdAt: createdAt(),
  finishedAt: tz('finished_at'),
});

export const trials = pgTable(
  'trials',
  {
    studyId: text('study_id').notNull().references(() => studies.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    params: jsonb('params').notNull(),
    status: text('status', { enum: ['running', 'complete', 'pruned', 'failed'] }).notNull(),
    /** Validation objective (log loss, lower is better). */
    value: doublePrecision('value'),
    curve: jsonb('curve').$type<number[]>().notNull().default([]),
    durationMs: integer('duration_ms'),
    worker: text('worker'),
    attempts: integer('attempts').notNull().default(1),
    error: text('error'),
    startedAt: tz('started_at').notNull().defaultNow(),
    finishedAt: tz('finished_at'),
  },
  (t) => [primaryKey({ columns: [t.studyId, t.number] })],
);

/** A registered model version: one per completed run. */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: serial('id').primaryKey(),
    runId: text('run_id').notNull(),
    modelKind: text('model_kind').notNull(),
    featureSetHash: text('feature_set_hash').notNull(),
    artifactPrefix: text('artifact_prefix').notNull(),
    validationMetrics: jsonb('validation_metrics').notNull(),
    testMetrics: jsonb('test_metrics').notNull(),
    /** `significant` when its test-window log loss beats the best baseline's (paired test, p < 0.05). */
    skill: text('skill', { enum: ['significant', 'none'] }).notNull().default('none'),
    /** The feature batch it was trained on, and its train/validation/test windows ({start, end, n}). */
    batchId: text('batch_id'),
    windows: jsonb('windows'),
    /** The automatic promotion decision taken when it was registered (taken once, with its numbers). */
    promotion: jsonb('promotion'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('model_versions_run_idx').on(t.runId)],
);

/** Where each alias (champion, challenger) points now. */
export const modelAliases = pgTable('model_aliases', {
  alias: text('alias').primaryKey(),
  versionId: integer('version_id').notNull(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/** Append-only history of every alias change. */
export const modelAliasEvents = pgTable('model_alias_events', {
  id: serial('id').primaryKey(),
  alias: text('alias').notNull(),
  versionId: integer('version_id').notNull(),
  previousVersionId: integer('previous_version_id'),
  actor: text('actor').notNull(),
  reason: text('reason').notNull(),
  metrics: jsonb('metrics'),
  at: tz('at').notNull().defaultNow(),
});

export const predictions = pgTable(
  'predictions',
  {
    id: serial('id').primaryKey(),
    modelVersionId: integer('model_version_id').notNull(),
    symbol: text('symbol').notNull(),
    featureTs: tz('feature_ts').notNull(),
    batchId: text('batch_id').notNull(),
    probabilityUp: doublePrecision('probability_up').notNull(),
    stale: boolean('stale').notNull().default(false),
    /** The model version's skill verdict, carried by every prediction it makes. */
    skill: text('skill', { enum: ['significant', 'none'] }).notNull().default('none'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('predictions_unique_idx').on(t.modelVersionId, t.symbol, t.featureTs)],
);

export const driftReports = pgTable('drift_reports', {
  id: serial('id').primaryKey(),
  batchId: text('batch_id').notNull(),
  modelVersionId: integer('model_version_id').notNull(),
  shareDrifted: doublePrecision('share_drifted').notNull(),
  drifted: boolean('drifted').notNull(),
  features: jsonb('features').notNull(),
  retrainJobId: text('retrain_job_id'),
  createdAt: createdAt(),
});
