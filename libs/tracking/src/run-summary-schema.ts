import { z } from 'zod';
import { RUN_STATUSES } from './run-repository.ts';

/** A number on the wire: JSON has no NaN or infinities, so those arrive as null. */
export const wireNumber = z.number().nullable().meta({ description: 'null where the value is not finite (NaN, ±Infinity)' });

/** The JSON form of a RunSummary (one line of `GET /runs`, a tier's `lastRun`), for API contracts. */
export const runSummarySchema = z
  .object({
    id: z.string(),
    status: z.enum(RUN_STATUSES as [string, ...string[]]),
    mode: z.string(),
    batchId: z.string(),
    featureSetHash: z.string(),
    modelKind: z.string().nullable(),
    backend: z.string().nullable(),
    seed: z.number().int(),
    reason: z.string().nullable(),
    suspectedLeak: z.boolean(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    metrics: z.record(z.string(), wireNumber).meta({ description: 'Final metrics (step -1), by key' }),
  })
  .meta({ id: 'RunSummary', description: 'A run and its final metrics' });
