import type { JobHandler } from '@alphapulse/queue';
import type { PredictionService, PredictOutcome } from './prediction-service.ts';

/** The `predict.batch` handler: the only path by which predictions are made and stored. */
export function createPredictBatchHandler(service: PredictionService): JobHandler<'predict.batch'> {
  return (payload): Promise<PredictOutcome> => service.predictBatch(payload.batchId, payload.modelVersion);
}
