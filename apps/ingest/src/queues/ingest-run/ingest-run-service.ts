import type { JobInput, JobPayload, JobProducer, Submission } from '@alphapulse/queue';
import { SAMPLE_DEFAULT_FROM, SAMPLE_DEFAULT_TO } from '../../sources/sample/index.ts';

export interface StartedIngestRun extends Submission {
  /** The `features.build` parent job: it completes when the batch is published. */
  jobId: string;
  symbols: string[];
  from?: string;
  to?: string;
}

/**
 * Starts an ingestion run as one BullMQ flow: a `bars.fetch` child per symbol under one
 * `features.build` parent. A failing symbol does not hold the others back: the parent runs with
 * whatever succeeded. The same request on the same day maps to the same job ids: it is not queued
 * again, and the answer says so (`deduplicated`, the existing job's state). A `rerun` token (from
 * `force: true`) gives the whole flow new ids, and the training job it queues too.
 */
export class IngestRunService {
  constructor(private readonly producer: JobProducer) {}

  async start(input: JobInput<'ingest.run'> | JobPayload<'ingest.run'>, today = new Date()): Promise<StartedIngestRun> {
    const symbols = [...new Set(input.symbols.map((s) => s.trim().toUpperCase()))].sort();
    const synthetic = input.source === 'sample';
    // An open-ended request means "up to today": pin it so the ids stay deterministic per day.
    const from = input.from ?? (synthetic ? SAMPLE_DEFAULT_FROM : undefined);
    const to = input.to ?? (synthetic ? SAMPLE_DEFAULT_TO : today.toISOString().slice(0, 10));
    const rerun = input.rerun ? { rerun: input.rerun } : {};
    const submission = await this.producer.submitFlow({
      name: 'features.build',
      // The shock is in the parent's data too: the same symbols and dates under another regime are another batch.
      data: { symbols, from, asOf: to, mode: input.mode ?? 'ultra_fast', model: input.model ?? 'auto', synthetic, train: input.train ?? true, ...(synthetic && input.shock ? { shock: input.shock } : {}), ...rerun },
      children: symbols.map((symbol) => ({
        name: 'bars.fetch' as const,
        data: { source: input.source, symbol, interval: '1d' as const, from, to, ...(synthetic && input.shock ? { shock: input.shock } : {}), ...rerun },
        opts: { ignoreDependencyOnFailure: true },
      })),
    });
    return { ...submission, symbols, from, to };
  }
}
