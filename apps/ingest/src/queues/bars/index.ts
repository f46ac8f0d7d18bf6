export { barsWorkerOptions, type BarsHandlerDeps, createBarsHandler } from './bars-processor.ts';
export { type BarsFetchPayload, type BarsFetchResult, BarsService, type BarsServiceDeps, DEFAULT_HISTORY_YEARS } from './bars-service.ts';
export { backoffDelay, RateGate, type RetryPolicy, withJobRetries } from './direct-runner.ts';
