import type { Logger } from '@alphapulse/logger';
import type { RedisClient } from '@alphapulse/queue';
import { LeaderLease } from './leader-lease.ts';

/** One repair a reconciler made: what kind, and what it was about (logged and counted). */
export interface Repair {
  kind: string;
  subject: string;
  detail?: string;
}

export interface ReconcilerOptions {
  /** Names the lease: one leader per tier. */
  name: string;
  redis: RedisClient;
  queuePrefix: string;
  intervalMs: number;
  logger: Logger;
  /** Finds what is out of step (Postgres against the queues) and fixes it; returns what it did. */
  reconcile(): Promise<Repair[]>;
  /** Called for every repair (metrics). */
  onRepair?(repair: Repair): void;
}

export interface Reconciler {
  /** Runs one pass now if this process leads (tests, start-up); resolves with its repairs. */
  runOnce(): Promise<Repair[]>;
  stop(): Promise<void>;
}

/**
 * A leader-elected loop that repairs what outages leave behind: every `intervalMs`, the process holding
 * the tier's lease runs `reconcile`. A pass that fails (a dependency is down) is logged and retried
 * on the next tick; passes never overlap.
 */
export function startReconciler(options: ReconcilerOptions): Reconciler {
  const lease = new LeaderLease(options.redis, `${options.queuePrefix}:reconciler:${options.name}`, Math.max(3 * options.intervalMs, 10_000));
  let running: Promise<Repair[]> | undefined;
  let stopped = false;
  let lastError = 0;
  const pass = async (): Promise<Repair[]> => {
    if (!(await lease.hold())) return [];
    const repairs = await options.reconcile();
    for (const repair of repairs) {
      options.logger.warn({ reconciler: options.name, ...repair }, 'reconciler repaired');
      options.onRepair?.(repair);
    }
    return repairs;
  };
  const runOnce = (): Promise<Repair[]> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    if (stopped) return;
    runOnce().catch((err: Error) => {
      // One line per outage rather than one per tick.
      if (Date.now() - lastError > 60_000) options.logger.warn({ reconciler: options.name, reason: err.message }, 'reconciler pass failed; retrying next tick');
      lastError = Date.now();
    });
  }, options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // With Redis unreachable, the pass and the release would wait for it: the lease lapses by itself.
      if (options.redis.status !== 'ready') return;
      await running?.catch(() => undefined);
      await lease.release().catch(() => undefined);
    },
  };
}
