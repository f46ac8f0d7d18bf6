import { queueDepthsSchema } from '@alphapulse/queue';
import { runSummarySchema } from '@alphapulse/tracking';
import { z } from 'zod';

/** The JSON of the trainer's `GET /status`. */
export const trainerStatusSchema = z
  .object({
    tier: z.literal('trainer'),
    worker: z.string().meta({ description: 'host:pid of this process' }),
    backend: z.string().meta({ description: 'The TensorFlow.js backend in use (checked, not assumed)' }),
    currentJobs: z.array(z.object({ queue: z.string(), id: z.string(), name: z.string(), since: z.iso.datetime() })),
    queues: queueDepthsSchema,
    lastRun: runSummarySchema.nullable(),
  })
  .meta({ id: 'TrainerStatus' });
