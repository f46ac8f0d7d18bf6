export { barsWorkerOptions, type BarsHandlerDeps, createBarsHandler } from './bars-processor.ts';
export { BACKFILL_CHUNK_DAYS, BarsCapError, MAX_BARS_PER_JOB } from './bars-limits.ts';
export {
  type BarsFetchOptions,
  type BarsFetchPayload,
  type BarsFetchProgress,
  type BarsFetchResult,
  BarsService,
  type BarsServiceDeps,
  DEFAULT_HISTORY_YEARS,
} from './bars-service.ts';
export { backoffDelay, RateGate, type RetryPolicy, withJobRetries } from './direct-runner.ts';
