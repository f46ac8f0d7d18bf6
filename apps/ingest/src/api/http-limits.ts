import type { BodyLimit } from '@alphapulse/http';

/**
 * The ingest tier's JSON body limits beyond the 1 MB default: 16 kB for a promotion (a reason of at
 * most 1,000 characters), 25 MB for `POST /ingest`, whose `source: "csv"` body carries the CSV
 * inline (at most 20,000,000 characters, plus JSON escaping of its line breaks and quotes).
 */
export const INGEST_BODY_LIMITS: BodyLimit[] = [
  { path: /^\/models\/[^/]+\/promote\/?$/, limit: '16kb' },
  { path: /^\/ingest\/?$/, limit: '25mb' },
];

/** The ingest tier's routes that need Redis (queues, schedules, Bull Board): 503 at once while it is down. */
export const INGEST_REDIS_ROUTES: RegExp[] = [
  /^\/ingest\/?$/i,
  /^\/train\/?$/i,
  /^\/status\/?$/i,
  /^\/schedules\/?$/i,
  /^\/metrics\/?$/i,
  /^\/admin\/queues(\/|$)/i,
];
