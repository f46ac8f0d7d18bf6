import type { Job } from 'bullmq';
import type { JobHandler, JobProducer } from '@alphapulse/queue';
import type { FeaturesService, PublishedBatch } from './features-service.ts';

export interface FeaturesBuildResult extends PublishedBatch {
  /** Per-symbol results of the `bars.fetch` children that completed. */
  fetched: unknown[];
  /** Children that failed, with their reasons (the batch was built without them). */
  failed: { job: string; reason: string }[];
  trainingJobId?: string;
  predictJobId?: string;
  driftJobId?: string;
}

async function childOutcomes(job: Job): Promise<{ fetched: unknown[]; failed: { job: string; reason: string }[] }> {
  const values = await job.getChildrenValues();
  const ignored = await job.getIgnoredChildrenFailures();
  return {
    fetched: Object.values(values),
    failed: Object.entries(ignored).map(([key, reason]) => ({ job: key.split(':').slice(-1)[0], reason: String(reason) })),
  };
}

/**
 * The flow parent of an ingestion run: builds and publishes the batch from what its children
 * stored, then queues training, prediction and drift checks for it (deterministic ids: publishing
 * the same batch again queues nothing new).
 */
export function createFeaturesHandler(service: FeaturesService, producer: JobProducer): JobHandler<'features.build'> {
  return async (payload, job): Promise<FeaturesBuildResult> => {
    const outcomes = await childOutcomes(job);
    const batch = await service.publish(payload);
    const result: FeaturesBuildResult = { ...batch, ...outcomes };
    if (payload.train) {
      const rerun = payload.rerun ? { rerun: payload.rerun } : {};
      result.trainingJobId = await producer.enqueue('training.run', { batchId: batch.batchId, mode: payload.mode, model: payload.model, reason: 'new feature batch', ...rerun });
    }
    result.predictJobId = await producer.enqueue('predict.batch', { batchId: batch.batchId });
    result.driftJobId = await producer.enqueue('drift.check', { batchId: batch.batchId });
    await job.updateProgress(100);
    return result;
  };
}
