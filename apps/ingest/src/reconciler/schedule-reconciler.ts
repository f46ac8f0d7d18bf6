import { QUEUES, type JobProducer } from '@alphapulse/queue';
import type { Repair } from '@alphapulse/runtime';
import type { ScheduleService } from '../schedules/schedule-service.ts';

/**
 * The ingest tier's repairs: job schedulers live only in Redis, so a Redis restarted empty (or a
 * failover to an empty replica) loses the nightly bar runs and the news polls until someone restarts
 * the tier. Each pass compares the schedulers the configuration names with those Redis has and
 * upserts them all again when one is missing (upserts are idempotent by id).
 */
export class ScheduleReconciler {
  constructor(
    private readonly schedules: ScheduleService,
    private readonly producer: JobProducer,
  ) {}

  async reconcile(): Promise<Repair[]> {
    const expected = this.schedules.expectedIds();
    const present = new Set<string>();
    for (const q of [QUEUES.features, QUEUES.ingestNews]) {
      for (const s of await this.producer.queue(q).getJobSchedulers(0, -1)) present.add(s.key);
    }
    const missing = expected.filter((id) => !present.has(id));
    if (missing.length === 0) return [];
    await this.schedules.upsertAll();
    return missing.map((id) => ({ kind: 'scheduler-restored', subject: id }));
  }
}
