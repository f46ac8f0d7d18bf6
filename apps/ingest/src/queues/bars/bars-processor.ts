import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobHandler } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import type { WorkerOptions } from 'bullmq';
import { YahooChartClient } from '../../sources/yahoo/yahoo-chart-client.ts';
import { type BarsFetchResult, BarsService } from './bars-service.ts';

export interface BarsHandlerDeps {
  db: Db;
  store: ObjectStore;
  env: Pick<Env, 'YAHOO_BASE_URL'>;
  logger: Logger;
}

/**
 * The `bars.fetch` handler: fetches one symbol from its source (yahoo, csv, sample) and upserts
 * the bars. Yahoo 429/5xx/network failures throw a retryable error (the catalog's backoff
 * applies); unknown symbols, malformed files and more bars than MAX_BARS_PER_JOB throw
 * PermanentJobError (no retry). A long range is written window by window (BACKFILL_CHUNK_DAYS),
 * reported as job progress; the worker renews the lock between windows.
 */
export function createBarsHandler(deps: BarsHandlerDeps): JobHandler<'bars.fetch'> {
  const service = new BarsService({
    db: deps.db,
    store: deps.store,
    yahoo: new YahooChartClient({ baseUrl: deps.env.YAHOO_BASE_URL, logger: deps.logger }),
    logger: deps.logger,
  });
  return async (payload, job): Promise<BarsFetchResult> => {
    const result = await service.fetch(payload, { onProgress: (p) => job.updateProgress(p) });
    deps.logger.info({ jobId: job.id, ...result }, 'bars fetched');
    return result;
  };
}

/**
 * Worker options for the `ingest-bars` queue: BullMQ's rate limiter holds every Yahoo call to
 * YAHOO_RATE_MAX per YAHOO_RATE_DURATION_MS across all workers sharing the queue (csv and sample
 * jobs on the queue count against it too).
 */
export function barsWorkerOptions(env: Pick<Env, 'YAHOO_RATE_MAX' | 'YAHOO_RATE_DURATION_MS'>): Pick<WorkerOptions, 'limiter' | 'concurrency'> {
  return {
    limiter: { max: env.YAHOO_RATE_MAX, duration: env.YAHOO_RATE_DURATION_MS },
    concurrency: Math.max(1, Math.min(env.YAHOO_RATE_MAX, 8)),
  };
}
