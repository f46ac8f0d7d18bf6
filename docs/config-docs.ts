/**
 * What each environment variable means, for the configuration table in README.md and for
 * .env.example. Types, accepted values and defaults are NOT written here: docs/gen-config-table.ts
 * reads them from the zod schema (libs/config/src/env-schema.ts), so they cannot drift. A JSDoc
 * comment on a key in the schema replaces the text given here.
 *
 * Every schema key must have an entry (the generator refuses otherwise), and every entry must
 * name a schema key.
 */
export interface VariableDoc {
  /** Which process reads it. */
  usedBy: 'both' | 'ingest' | 'trainer' | 'cli';
  /** One or two sentences: what it changes. Markdown allowed. */
  text: string;
  /** Overrides the accepted-values column when the schema cannot say it well (e.g. a URL scheme). */
  accepts?: string;
  /** A secret: never commit a value; .env.example leaves it empty. */
  secret?: boolean;
}

export const groups: Array<{ title: string; keys: string[] }> = [
  { title: 'Process', keys: ['NODE_ENV', 'LOG_LEVEL', 'HOST', 'INGEST_PORT', 'TRAINER_PORT'] },
  { title: 'Security', keys: ['API_TOKEN', 'AUTH', 'PUBLIC_READS', 'AUTH_FAILURE_LIMIT', 'AUTH_FAILURE_WINDOW_S'] },
  { title: 'Redis (BullMQ)', keys: ['REDIS_URL', 'REDIS_CLUSTER_NODES', 'QUEUE_PREFIX'] },
  { title: 'Database', keys: ['DATABASE_URL', 'DATA_DIR'] },
  {
    title: 'Object store',
    keys: [
      'MINIO_ENDPOINT',
      'MINIO_PORT',
      'MINIO_USE_SSL',
      'MINIO_ACCESS_KEY',
      'MINIO_SECRET_KEY',
      'MINIO_BUCKET',
      'MINIO_REGION',
    ],
  },
  {
    title: 'Ingestion',
    keys: [
      'YAHOO_BASE_URL',
      'YAHOO_RATE_MAX',
      'YAHOO_RATE_DURATION_MS',
      'SYMBOLS',
      'BARS_CRON',
      'BARS_CRON_TZ',
      'BAR_SCHEDULES',
      'NEWS_EVERY_MINUTES',
      'NEWS_FEEDS',
    ],
  },
  {
    title: 'Training',
    keys: [
      'TRAINER_CONCURRENCY',
      'TRIAL_WAVE',
      'JOB_LOCK_MS',
      'TRIALS_ULTRA_FAST',
      'TRIALS_FAST',
      'TRIALS_FULL',
      'STARTUP_TRIALS',
      'PRUNER',
      'TF_BACKEND',
      'CHAMPION_MAX_AGE_DAYS',
      'DRIFT_PSI_THRESHOLD',
      'DRIFT_SHARE_THRESHOLD',
    ],
  },
  {
    title: 'Operation',
    keys: ['RECONCILE_INTERVAL_MS'],
  },
  {
    title: 'Telemetry (OpenTelemetry)',
    keys: ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME'],
  },
];

export const variableDocs: Record<string, VariableDoc> = {
  NODE_ENV: { usedBy: 'both', text: 'Runtime mode; the images set `production`.' },
  LOG_LEVEL: { usedBy: 'both', text: 'pino log level. Logs are JSON on stderr; stdout is kept for `--json` output.' },
  HOST: { usedBy: 'both', text: 'Address the HTTP servers bind to. `127.0.0.1` keeps them off the network.' },
  INGEST_PORT: {
    usedBy: 'ingest',
    text: 'Port of the ingest REST API, Bull Board (`/admin/queues`), `/healthz` and `/metrics`.',
  },
  TRAINER_PORT: { usedBy: 'trainer', text: "Port of the trainer tier's operations API (`/status`, `/healthz`, `/metrics`)." },

  API_TOKEN: {
    usedBy: 'both',
    secret: true,
    accepts: 'text, 16+ characters',
    text: 'Bearer token for every route but `/healthz` and `/readyz` (reads too, unless `PUBLIC_READS=on`) and for Bull Board (also accepted as the HTTP basic-auth password). `serve` refuses to start without it unless `AUTH=off`.',
  },
  AUTH: {
    usedBy: 'both',
    text: '`off` lets `serve` start without `API_TOKEN`, with every route open (trusted networks only; it warns at start). When `API_TOKEN` is set, authentication is on regardless.',
  },
  PUBLIC_READS: {
    usedBy: 'both',
    text: '`on` opens the `GET` routes (runs, models, predictions, drift, schedules, `/status`, `/metrics`) without the token. Off by default: every route but `/healthz` and `/readyz` needs the token (bearer, or basic auth with the token as password). Bull Board always needs it.',
  },
  AUTH_FAILURE_LIMIT: {
    usedBy: 'both',
    text: 'Failed authentications one client address may make per `AUTH_FAILURE_WINDOW_S` before further failing requests get 429 with `Retry-After`. Requests with the right token are never limited.',
  },
  AUTH_FAILURE_WINDOW_S: {
    usedBy: 'both',
    text: 'The window, in seconds, of `AUTH_FAILURE_LIMIT` (a fixed window per client address, counted in the process).',
  },

  REDIS_URL: {
    usedBy: 'both',
    text: 'Redis for the BullMQ queues. The demo starts a throwaway `redis-server` when nothing answers here.',
  },
  REDIS_CLUSTER_NODES: {
    usedBy: 'both',
    accepts: 'comma-separated `host:port` list',
    text: 'Seed nodes of a Redis Cluster (ioredis `Cluster`); set, it replaces the host of `REDIS_URL`, whose user, password and `rediss:` TLS then apply to every node. Needs a hash-tagged `QUEUE_PREFIX`.',
  },
  QUEUE_PREFIX: {
    usedBy: 'both',
    accepts: 'letters, digits, `_` and `-`, with at most one `{hash tag}`',
    text: "Key prefix of every queue: separate stacks (or tests) can share one Redis. On a Redis Cluster it must carry a hash tag, e.g. `{alphapulse}`, so that a flow's keys share a slot.",
  },

  DATABASE_URL: {
    usedBy: 'both',
    accepts: '`postgres://` or `postgresql://` URL',
    text: 'Postgres (postgres.js). Unset: embedded PGlite in `DATA_DIR`. Migrations are applied at start either way.',
  },
  DATA_DIR: { usedBy: 'both', text: 'Home of the embedded fallbacks: the PGlite database and the local object directory.' },

  MINIO_ENDPOINT: { usedBy: 'both', text: 'S3/MinIO host name. Unset: objects go to a directory under `DATA_DIR`.' },
  MINIO_PORT: { usedBy: 'both', text: 'S3/MinIO port.' },
  MINIO_USE_SSL: { usedBy: 'both', text: 'Use HTTPS to reach the object store.' },
  MINIO_ACCESS_KEY: { usedBy: 'both', text: 'S3 access key.' },
  MINIO_SECRET_KEY: { usedBy: 'both', secret: true, text: 'S3 secret key.' },
  MINIO_BUCKET: { usedBy: 'both', text: 'Bucket for feature batches, models and reports; created when missing.' },
  MINIO_REGION: { usedBy: 'both', text: 'Region sent to the S3 API (MinIO ignores it).' },

  YAHOO_BASE_URL: { usedBy: 'ingest', text: 'Yahoo Finance endpoint; point it at a proxy or a recording server.' },
  YAHOO_RATE_MAX: {
    usedBy: 'ingest',
    text: 'Yahoo requests allowed per `YAHOO_RATE_DURATION_MS`, across all ingest workers (BullMQ rate limiter).',
  },
  YAHOO_RATE_DURATION_MS: { usedBy: 'ingest', text: 'Window of the Yahoo rate limit, in milliseconds.' },
  SYMBOLS: { usedBy: 'ingest', accepts: 'comma-separated tickers', text: 'Symbols of the default daily bar schedule.' },
  BARS_CRON: { usedBy: 'ingest', text: 'Cron pattern of the default daily bar schedule (after the close).' },
  BARS_CRON_TZ: { usedBy: 'ingest', text: 'IANA time zone of `BARS_CRON`.' },
  BAR_SCHEDULES: {
    usedBy: 'ingest',
    accepts: '`TZ@CRON=SYM,SYM;...`',
    text: 'One bar schedule per market, e.g. `America/New_York@30 16 * * 1-5=AAPL,MSFT;Europe/Berlin@0 18 * * 1-5=SAP.DE`. Empty: one schedule from `BARS_CRON`, `BARS_CRON_TZ`, `SYMBOLS`.',
  },
  NEWS_EVERY_MINUTES: { usedBy: 'ingest', text: 'How often each news feed is polled.' },
  NEWS_FEEDS: {
    usedBy: 'ingest',
    accepts: '`URL|SYM SYM|NAME;...`',
    text: 'RSS/Atom feeds to poll, separated by `;`; each `URL[|SYMBOLS[|NAME]]`, SYMBOLS empty for a market-wide feed. Empty: no news schedule.',
  },

  TRAINER_CONCURRENCY: {
    usedBy: 'trainer',
    text: 'Jobs one trainer process works at once. Scale with replicas first: TensorFlow.js uses one core per process.',
  },
  TRIAL_WAVE: {
    usedBy: 'trainer',
    text: 'Trials a study keeps in flight (queued or running); a finishing trial queues its successor. Set it to the number of trainer replicas.',
  },
  RECONCILE_INTERVAL_MS: {
    usedBy: 'both',
    text: 'How often the reconciler runs (one leader per tier, by a Redis lease): it re-queues training jobs Redis lost, retries runs an outage failed, and re-upserts missing job schedulers. Every repair is logged and counted in `/metrics`.',
  },
  JOB_LOCK_MS: {
    usedBy: 'trainer',
    text: "BullMQ lock of a trainer job: a crashed trainer's job is retried elsewhere after about this long.",
  },
  STARTUP_TRIALS: {
    usedBy: 'trainer',
    text: 'Random trials before the TPE sampler takes over; unset: 30% of the budget, at least `TRIAL_WAVE`.',
  },
  PRUNER: {
    usedBy: 'trainer',
    text: '`median` stops a trial whose validation curve is worse than the median of the finished ones; `none` lets every trial run to early stopping.',
  },
  TRIALS_ULTRA_FAST: { usedBy: 'trainer', text: 'Tuning trials in mode `ultra_fast`.' },
  TRIALS_FAST: { usedBy: 'trainer', text: 'Tuning trials in mode `fast`.' },
  TRIALS_FULL: { usedBy: 'trainer', text: 'Tuning trials in mode `full`.' },
  TF_BACKEND: {
    usedBy: 'trainer',
    text: 'TensorFlow.js backend to start from: `auto` tries tfjs-node, then wasm, then cpu; `tensorflow-gpu` loads tfjs-node-gpu (the trainer-gpu image). The backend actually running is logged, shown by `/status` and stored with every run.',
  },
  CHAMPION_MAX_AGE_DAYS: { usedBy: 'trainer', text: 'A champion model older than this is reported stale with its predictions.' },
  DRIFT_PSI_THRESHOLD: { usedBy: 'trainer', text: 'Population stability index above which a feature counts as drifted.' },
  DRIFT_SHARE_THRESHOLD: { usedBy: 'trainer', text: 'Share of drifted features above which a retrain is enqueued.' },

  OTEL_EXPORTER_OTLP_ENDPOINT: {
    usedBy: 'both',
    accepts: '`http://` or `https://` URL',
    text: 'OTLP collector base URL (traces go to `/v1/traces`). Set: `serve` and `evaluate` export traces through `@opentelemetry/sdk-node`; unset: the SDK is never loaded. The SDK reads every other standard `OTEL_*` variable itself (see [Traces](#traces-opentelemetry)).',
  },
  OTEL_EXPORTER_OTLP_PROTOCOL: {
    usedBy: 'both',
    accepts: '`http/protobuf`, `http/json`, `grpc`',
    text: 'OTLP transport; unset, the SDK uses `http/protobuf`.',
  },
  OTEL_SERVICE_NAME: {
    usedBy: 'both',
    text: '`service.name` of the spans. Unset: `alphapulse-ingest`, `alphapulse-trainer`, `alphapulse` for `serve all`, `alphapulse-cli` for `evaluate`.',
  },
};
