import { z } from 'zod';

/** The JSON form of `JobProducer.depths()`: jobs per queue and BullMQ state, for API contracts. */
export const queueDepthsSchema = z
  .record(z.string(), z.record(z.string(), z.number().int().min(0)))
  .meta({
    id: 'QueueDepths',
    description: 'Jobs per queue, then per BullMQ state (waiting, active, delayed, failed, completed, ...)',
  });
