import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The system's shared words and id formats, defined once. The job catalog, the REST schemas of both
 * tiers, the CLI and the trainer import them from here, so a new mode or model kind is one edit.
 */

/** Tickers as Yahoo spells them: AAPL, BRK-B, EURUSD=X, GC=F, ^GSPC, 0P000071W8.TO. */
export const SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.^=_-]{0,31}$/;
export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(SYMBOL_PATTERN, 'a ticker such as AAPL, BRK-B, EURUSD=X, GC=F or ^GSPC')
  .meta({ description: 'A ticker such as AAPL, BRK-B, EURUSD=X, GC=F or ^GSPC (upper-cased)' });

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** The earliest day any request or job may name: no market data is older. */
export const EARLIEST_DAY = '1900-01-01';

/** Tomorrow in UTC, `YYYY-MM-DD`: the latest day a request or job may name (a session may still be open somewhere). */
export function latestDay(now = new Date()): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * A calendar day, `YYYY-MM-DD`, from EARLIEST_DAY (1900-01-01) to latestDay() (tomorrow, UTC),
 * checked when parsed. Every request and job schema that takes a day uses this one, so a range
 * like 0001-01-01..9999-12-31 is refused at the door, naming the bound.
 */
export const isoDay = z.iso
  .date('a date YYYY-MM-DD')
  .refine((d) => !DAY_SHAPE.test(d) || d >= EARLIEST_DAY, { message: `no earlier than ${EARLIEST_DAY}` })
  .refine((d) => !DAY_SHAPE.test(d) || d <= latestDay(), { message: 'no later than tomorrow (UTC)' });

/** Study budgets: `ultra_fast` 5 trials, `fast` 15, `full` 30 (overridable by TRIALS_*). */
export const TRAINING_MODES = ['ultra_fast', 'fast', 'full'] as const;
export const trainingMode = z.enum(TRAINING_MODES).meta({ description: 'Study budget: ultra_fast 5 trials, fast 15, full 30 (TRIALS_*)' });
export type TrainingMode = z.infer<typeof trainingMode>;

/**
 * The steps of a `training.run` job, in order: record the run, tune (trials as child jobs), fit the
 * winner and evaluate it once on test, publish (register, promote, queue predictions), record the run.
 */
export const TRAINING_STEPS = ['start', 'trials', 'fit', 'publish', 'record'] as const;
export type TrainingStep = (typeof TRAINING_STEPS)[number];

/** Model families a study can fit. */
export const MODEL_KINDS = ['logistic', 'mlp', 'lstm', 'gbdt'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
/** What a user may ask for: one family, or `auto` to tune the family as a hyperparameter. */
export const MODEL_CHOICES = ['auto', ...MODEL_KINDS] as const;
export const modelKind = z.enum(MODEL_CHOICES).meta({ description: 'A model family, or auto to tune the family as a hyperparameter' });
export type ModelChoice = z.infer<typeof modelKind>;

/**
 * A regime change of the SYNTHETIC sample market: from `from` on, every symbol's daily volatility is
 * multiplied by `factor` (the random draws are the same, so earlier bars do not change). For showing
 * drift detection on the offline market; real sources ignore it.
 */
export const volatilityShockSchema = z
  .strictObject({ from: isoDay, factor: z.number().min(0.1).max(10) })
  .meta({ description: 'Sample market only: from `from` on, every daily volatility is multiplied by `factor` (to show drift detection)' });
export type VolatilityShock = z.infer<typeof volatilityShockSchema>;

export const BAR_SOURCES = ['sample', 'yahoo', 'csv'] as const;
export const barSource = z.enum(BAR_SOURCES);

/** A feature batch id: the first 32 hex characters of the batch's content hash. */
export const BATCH_ID_PATTERN = /^[a-f0-9]{32}$/;
export const batchIdSchema = z
  .string()
  .regex(BATCH_ID_PATTERN, 'a feature batch id (32 hex characters)')
  .meta({ description: 'A feature batch id (32 hex characters)' });

/**
 * A re-run token: `force: true` on a request puts a fresh one in the payloads of the work it starts,
 * so their deterministic job ids change and the work runs again instead of answering "already done".
 */
export const rerunTokenSchema = z.string().regex(/^[a-z0-9]{8,32}$/, 'a re-run token (8-32 lowercase letters or digits)');

/** A fresh re-run token (random, 12 base-36 characters). */
export function newRerunToken(): string {
  return randomBytes(8).readBigUInt64BE().toString(36).padStart(12, '0').slice(-12);
}

/** A run id: `run-` and 16 hex characters, derived from the training job's id. */
export const RUN_ID_PATTERN = /^run-[a-f0-9]{16}$/;
export const runIdSchema = z.string().regex(RUN_ID_PATTERN, 'a run id (run- and 16 hex characters)');

/**
 * The run (and its study) of a training job is named after the job id, so a retried or resumed
 * job continues the same run instead of starting a second one.
 */
export function runIdForJob(jobId: string): string {
  return `run-${createHash('sha256').update(jobId).digest('hex').slice(0, 16)}`;
}
