export { type IngestTier, type IngestTierOptions, startIngestTier } from './ingest-tier.ts';
export { serveIngest } from './serve-ingest.ts';
export { IngestRunService } from './queues/ingest-run/ingest-run-service.ts';
export { SAMPLE_SYMBOLS, simulateBars, simulateHeadlines } from './sources/sample/index.ts';
export type { FeaturesBuildResult } from './queues/features/features-processor.ts';
