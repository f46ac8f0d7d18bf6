import type { Db } from '@alphapulse/db';
import { parseRequest } from '@alphapulse/http';
import { batchIdSchema, type JobProducer, modelKind, newRerunToken, trainingMode } from '@alphapulse/queue';
import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { FeatureBatchRepository, RunRepository } from '@alphapulse/tracking';
import { answerSubmission } from './submission-response.ts';

const trainBody = z.object({
  mode: trainingMode.default('ultra_fast'),
  batchId: batchIdSchema.optional(),
  model: modelKind.default('auto'),
  seed: z.number().int().min(0).optional(),
  force: z.boolean().default(false),
});

/**
 * `POST /train` `{mode, batchId?, model?, seed?}`: queues a training study on a feature batch (the
 * latest when none is named) and answers 202 with the job id; 200 `deduplicated` when the same study
 * was already queued, running or done (`force: true` runs it again); 404 when there is no such batch. Served
 * by the ingest tier, where operators start work; the trainer queues retrains itself on drift.
 */
export function createTrainRouter(options: { db: Db; producer: JobProducer; auth: RequestHandler }): Router {
  const router = Router();
  const batches = new FeatureBatchRepository(options.db);
  const runs = new RunRepository(options.db);
  router.post('/train', options.auth, async (req, res) => {
    const body = parseRequest(trainBody, req, res);
    if (!body) return;
    const batch = body.batchId ? await batches.get(body.batchId) : await batches.latest();
    if (!batch) {
      res
        .status(404)
        .json({ error: body.batchId ? `no feature batch ${body.batchId}` : 'no feature batch yet: POST /ingest first' });
      return;
    }
    const submission = await options.producer.submit('training.run', {
      batchId: batch.id,
      mode: body.mode,
      model: body.model,
      seed: body.seed,
      reason: 'api',
      ...(body.force ? { rerun: newRerunToken() } : {}),
    });
    await answerSubmission(res, submission, runs, submission.jobId, { batchId: batch.id, mode: body.mode, model: body.model });
  });
  return router;
}
