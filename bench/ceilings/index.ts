import { measureBullmqCeilings } from './bullmq.ts';
import { measurePostgresCeilings } from './postgres.ts';
import { measureRedisCeilings } from './redis-benchmark.ts';
import type { Ceilings } from './types.ts';

export * from './types.ts';
export { BAR_COLUMNS, type BarRow, copyRowsPerSecond, syntheticBars, upsertRowsPerSecond, writeBarsCsv } from './postgres.ts';

export const CEILING_GROUPS = ['redis', 'bullmq', 'postgres'] as const;
export type CeilingGroup = (typeof CEILING_GROUPS)[number];

export interface CeilingRun {
  ceilings: Ceilings;
  /** Groups that could not be measured, and why (their names are then absent from `ceilings`). */
  errors: Array<{ group: CeilingGroup; message: string }>;
  seconds: Partial<Record<CeilingGroup, number>>;
}

/** Sizes per group: bounded so the full set takes well under a minute here (2 cores). */
export function ceilingSizes(quick: boolean) {
  return {
    redisRequests: quick ? 20_000 : 100_000,
    bullmq: { addJobs: quick ? 5_000 : 20_000, workerJobs: quick ? 2_000 : 10_000, concurrencies: [1, 16, 64] as Array<1 | 16 | 64> },
    postgres: { copyRows: quick ? 100_000 : 500_000, upsertRows: quick ? 50_000 : 200_000 },
  };
}

/**
 * Measures the machine's ceilings, one group after another (never concurrently, so they do not
 * load each other): Redis (redis-benchmark), BullMQ, Postgres. A group that fails is reported in
 * `errors` and the others still run.
 */
export async function measureCeilings(options: {
  quick: boolean;
  groups?: readonly CeilingGroup[];
  redisUrl?: string;
  log?: (line: string) => void;
}): Promise<CeilingRun> {
  const sizes = ceilingSizes(options.quick);
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const log = options.log ?? (() => {});
  const groups = options.groups ?? CEILING_GROUPS;
  const measure: Record<CeilingGroup, () => Promise<Ceilings>> = {
    redis: () => measureRedisCeilings(redisUrl, sizes.redisRequests),
    bullmq: () => measureBullmqCeilings(redisUrl, sizes.bullmq),
    postgres: () => measurePostgresCeilings(sizes.postgres),
  };
  const result: CeilingRun = { ceilings: {}, errors: [], seconds: {} };
  for (const group of groups) {
    log(`ceilings: ${group} ...`);
    const started = performance.now();
    try {
      Object.assign(result.ceilings, await measure[group]());
    } catch (err) {
      result.errors.push({ group, message: (err as Error).message });
      log(`ceilings: ${group} FAILED: ${(err as Error).message}`);
    }
    result.seconds[group] = (performance.now() - started) / 1000;
  }
  return result;
}
