import type { JobHandler } from '@alphapulse/queue';
import type { TrialOutcome, TrialService } from './trial-service.ts';

/**
 * The `trials.run` handler: one trial of a study, on whichever replica took it (see TrialService:
 * epochs or rounds reported to Postgres, the median pruner, the lock kept alive, the successor queued).
 */
export function createTrialsRunHandler(service: TrialService): JobHandler<'trials.run'> {
  return (payload, job, token): Promise<TrialOutcome> => service.run(payload, job, token);
}
