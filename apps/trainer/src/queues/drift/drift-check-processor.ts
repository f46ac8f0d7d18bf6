import type { JobHandler } from '@alphapulse/queue';
import type { DriftOutcome, DriftService } from './drift-service.ts';

/** The `drift.check` handler: compares a batch with the champion's training window and may queue a retrain. */
export function createDriftCheckHandler(service: DriftService): JobHandler<'drift.check'> {
  return (payload): Promise<DriftOutcome> => service.check(payload.batchId, payload.modelVersion);
}
