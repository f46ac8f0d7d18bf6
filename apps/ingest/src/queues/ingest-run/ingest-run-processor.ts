import type { JobHandler } from '@alphapulse/queue';
import type { IngestRunService } from './ingest-run-service.ts';

/** A scheduled or queued ingestion run: expands into its flow and returns the parent's id. */
export function createIngestRunHandler(service: IngestRunService): JobHandler<'ingest.run'> {
  return async (payload) => service.start(payload);
}
