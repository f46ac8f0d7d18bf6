import { queueDepthsSchema } from '@alphapulse/queue';
import { runSummarySchema } from '@alphapulse/tracking';
import { z } from 'zod';

// The JSON the ingest tier's own routes answer with.

/** What `answerSubmission` adds to a route's details: 202 for new work, 200 for work that already exists. */
function submission(id: string, details: z.ZodRawShape) {
  return {
    accepted: z
      .object({ ...details, jobId: z.string(), state: z.literal('queued'), deduplicated: z.literal(false) })
      .meta({ id: `${id}Accepted`, description: 'New work queued' }),
    deduplicated: z
      .object({
        ...details,
        jobId: z.string().meta({ description: 'The existing job' }),
        state: z.string().meta({ description: "The existing job's BullMQ state (waiting, active, completed, failed, ...)" }),
        deduplicated: z.literal(true),
        runId: z.string().optional().meta({ description: 'The training run, once it exists' }),
        runStatus: z.string().optional(),
        hint: z.string(),
      })
      .meta({
        id: `${id}Deduplicated`,
        description: 'The same work was already queued, running or done: nothing new was queued',
      }),
  };
}

export const ingestSubmission = submission('Ingest', {
  symbols: z.array(z.string()),
  from: z.string().optional(),
  to: z.string().optional(),
  queue: z.string().meta({ description: 'The queue of the `features.build` job named by jobId' }),
});

export const trainSubmission = submission('Train', { batchId: z.string(), mode: z.string(), model: z.string() });

export const scheduleSchema = z
  .object({
    queue: z.string(),
    id: z.string(),
    name: z.string(),
    pattern: z.string().nullable(),
    every: z.number().nullable(),
    tz: z.string().nullable(),
    next: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Schedule', description: 'A BullMQ job scheduler' });

export const schedulesSchema = z.object({ schedules: z.array(scheduleSchema) }).meta({ id: 'Schedules' });

export const ingestStatusSchema = z
  .object({
    tier: z.literal('ingest'),
    database: z.string(),
    objectStore: z.string(),
    queuePrefix: z.string(),
    queues: queueDepthsSchema,
    workers: z.array(z.object({ queue: z.string(), running: z.boolean() })),
    schedules: z.array(scheduleSchema),
    lastRun: runSummarySchema.nullable(),
    auth: z.enum(['on', 'off']),
  })
  .meta({ id: 'IngestStatus' });
