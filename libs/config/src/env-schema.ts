import { z } from 'zod';

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on');

const port = z.coerce.number().int().min(1).max(65535);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** `host:port`, the form of a Redis Cluster seed. */
const clusterNode = z
  .string()
  .trim()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'host:port')
  .transform((s) => {
    const at = s.lastIndexOf(':');
    return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
  })
  .refine((n) => n.port >= 1 && n.port <= 65535, 'a port 1-65535');

/** A key prefix; `{...}` is a Redis Cluster hash tag, which puts every queue key in one slot. */
const QUEUE_PREFIX_PATTERN = /^[A-Za-z0-9_-]*(\{[A-Za-z0-9_-]+\})?[A-Za-z0-9_-]*$/;
export const HASH_TAG = /\{[A-Za-z0-9_-]+\}/;

/**
 * The whole environment of both tiers, in one schema. Every variable has a default or is
 * optional; `.env.example` documents each one.
 */
/** Every variable, unrefined: a part of it can be picked (`loadEnvKeys`). */
export const envFields = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .min(1)
    .regex(QUEUE_PREFIX_PATTERN, 'letters, digits, _ and -, with at most one {hash tag}')
    .default('alphapulse'),
  REDIS_CLUSTER_NODES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(clusterNode)),

  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().min(1).default('./.alphapulse'),

  MINIO_ENDPOINT: optionalString,
  MINIO_PORT: port.default(9000),
  MINIO_USE_SSL: bool.default(false),
  MINIO_ACCESS_KEY: optionalString,
  MINIO_SECRET_KEY: optionalString,
  MINIO_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 lowercase letters, digits, . and -)')
    .default('alphapulse'),
  MINIO_REGION: z.string().default('us-east-1'),

  API_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  AUTH: z.enum(['on', 'off']).default('on'),
  PUBLIC_READS: z.enum(['on', 'off']).default('off'),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURE_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(300),
  INGEST_PORT: port.default(3000),
  TRAINER_PORT: port.default(8181),
  HOST: z.string().default('0.0.0.0'),

  YAHOO_BASE_URL: z.url().default('https://query2.finance.yahoo.com'),
  YAHOO_RATE_MAX: z.coerce.number().int().min(1).default(2),
  YAHOO_RATE_DURATION_MS: z.coerce.number().int().min(1).default(1000),

  SYMBOLS: z
    .string()
    .default('AAPL,MSFT,NVDA,SPY')
    .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean)),
  BARS_CRON: z.string().default('30 17 * * 1-5'),
  BARS_CRON_TZ: z.string().default('America/New_York'),
  NEWS_EVERY_MINUTES: z.coerce.number().int().min(1).default(30),
  NEWS_FEEDS: z.string().default(''),
  /** Per-market bar schedules, `TZ@CRON=SYM,SYM;...`; empty = one from BARS_CRON, BARS_CRON_TZ, SYMBOLS. */
  BAR_SCHEDULES: z.string().default(''),

  TRAINER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Trials a study keeps in flight; set it to the number of trainer replicas. */
  TRIAL_WAVE: z.coerce.number().int().min(1).max(64).default(2),
  /** Stops trials whose validation curve is worse than the median of finished ones (`none`: every trial runs to early stopping). */
  PRUNER: z.enum(['median', 'none']).default('median'),
  /** Random trials before TPE takes over; unset = 30% of the budget, at least TRIAL_WAVE. */
  STARTUP_TRIALS: z.coerce.number().int().min(1).optional(),
  /** BullMQ lock of a trainer job; a crashed trainer's job is retried elsewhere after about this long. */
  JOB_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  TRIALS_ULTRA_FAST: z.coerce.number().int().min(1).default(5),
  TRIALS_FAST: z.coerce.number().int().min(1).default(15),
  TRIALS_FULL: z.coerce.number().int().min(1).default(30),
  TF_BACKEND: z.enum(['auto', 'tensorflow', 'tensorflow-gpu', 'wasm', 'cpu']).default('auto'),
  CHAMPION_MAX_AGE_DAYS: z.coerce.number().min(0).default(7),
  DRIFT_PSI_THRESHOLD: z.coerce.number().min(0).default(0.2),
  DRIFT_SHARE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.3),
  /** How often the leader of each tier repairs what outages left behind (lost jobs, schedulers). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),

  // The standard OpenTelemetry variables: validated here, read by @opentelemetry/sdk-node itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OTEL_EXPORTER_OTLP_PROTOCOL: optionalString.pipe(z.enum(['http/protobuf', 'http/json', 'grpc']).optional()),
  OTEL_SERVICE_NAME: optionalString,
});

/** The environment of both tiers: every variable, with the checks that span several of them. */
export const envSchema = envFields.superRefine((env, ctx) => {
  // A flow's parent and children live in different queues: on a cluster their keys must share a slot.
  if (env.REDIS_CLUSTER_NODES.length > 0 && !HASH_TAG.test(env.QUEUE_PREFIX)) {
    ctx.addIssue({ code: 'custom', path: ['QUEUE_PREFIX'], message: `needs a hash tag such as {${env.QUEUE_PREFIX}} when REDIS_CLUSTER_NODES is set` });
  }
});

export type Env = z.infer<typeof envSchema>;
