import { runs, studies, trials } from '@alphapulse/db';
import { connectRedis, QUEUES } from '@alphapulse/queue';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import type { PrivatePostgres } from '../../test/support/postgres-cluster.ts';
import { type PrivateRedis, startPrivateRedis } from '../../test/support/redis-servers.ts';
import { startTestStack, type TestStack } from '../../test/support/test-stack.ts';
import type { TierProcess } from '../../test/support/tier-process.ts';
import { onInterrupt } from './cleanups.ts';
import { RunFailedError, ScenarioTimeoutError } from './errors.ts';
import { countLedger, type Ledger } from './ledger.ts';
import { secondsUntilOk } from './probes.ts';

/** The request every scenario starts: a sample market, a short study of a fast model family. */
export const SAMPLE_INGEST = { source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2016-01-01', to: '2022-12-30', mode: 'ultra_fast', model: 'gbdt' } as const;

/**
 * Tier settings that make faults show within a minute: 48 gbdt trials one at a time (a study of
 * about 10 s on a quiet machine, long enough for a fault to land in it), a 10 s job lock (a
 * killed trainer's job is taken over after about that long), a reconciler pass every 2 s, and a bar
 * schedule that never fires during a run (no Yahoo here).
 */
export const FAULT_ENV = {
  TRIALS_ULTRA_FAST: '48',
  TRIAL_WAVE: '1',
  JOB_LOCK_MS: '10000',
  RECONCILE_INTERVAL_MS: '2000',
  BARS_CRON: '0 0 1 1 *',
};

/** How long after a fault ends a run may take to complete before the scenario counts it as not recovered. */
export const RECOVERY_LIMIT_MS = 360_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ScenarioStackOptions {
  postgres: PrivatePostgres;
  /** Start the scenario's Redis with this password required. */
  redisPassword?: string;
  env?: Record<string, string>;
  trainers?: number;
}

/**
 * One scenario's world: a redis-server of its own, a fresh database on the suite's Postgres cluster,
 * s3rver and the two tiers as child processes (test/support/test-stack.ts), with the waits and
 * counts every scenario needs.
 */
export class ScenarioStack {
  private readonly forget: () => void;

  private constructor(
    readonly redis: PrivateRedis,
    readonly stack: TestStack,
    /** The Redis URL the tiers were last started with (a rotation changes it). */
    public redisUrl: string,
  ) {
    this.forget = onInterrupt(() => this.stop());
  }

  static async start(options: ScenarioStackOptions): Promise<ScenarioStack> {
    const redis = await startPrivateRedis(options.redisPassword ? { password: options.redisPassword } : {});
    try {
      const stack = await startTestStack({ trainers: options.trainers ?? 1, postgresAdminUrl: options.postgres.url, redis: { url: redis.url }, env: { ...FAULT_ENV, ...options.env } });
      return new ScenarioStack(redis, stack, redis.url);
    } catch (err) {
      await redis.stop();
      throw err;
    }
  }

  get ingest(): TierProcess {
    return this.stack.ingest;
  }

  get auth(): Record<string, string> {
    return this.stack.auth;
  }

  /** POST /ingest; throws unless it is accepted (202). */
  async startRun(body: Record<string, unknown> = SAMPLE_INGEST, ingest: TierProcess = this.ingest): Promise<void> {
    const res = await fetch(`${ingest.url}/ingest`, { method: 'POST', headers: this.auth, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
    if (res.status !== 202) throw new Error(`POST /ingest answered ${res.status}: ${await res.text()}`);
  }

  /** Polls `probe` every `everyMs` until it returns a value; ScenarioTimeoutError after `timeoutMs`. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new ScenarioTimeoutError(`no ${what} within ${timeoutMs / 1000} s`);
      await sleep(everyMs);
    }
  }

  /** The run id once its study has handed out `claimed` trial numbers (2: the first trial is done). */
  async studyUnderWay(claimed = 2, timeoutMs = 300_000): Promise<string> {
    return this.until('study under way', timeoutMs, async () => {
      const [study] = await this.stack.db.db.select().from(studies);
      return study && study.trialsClaimed >= claimed ? study.runId : undefined;
    });
  }

  /** Seconds until the run is `completed`, or null if it is not within `timeoutMs`; a failed run ends the wait. */
  async secondsToCompletion(runId: string, timeoutMs: number): Promise<number | null> {
    const started = performance.now();
    try {
      await this.until(`run ${runId} completed`, timeoutMs, async () => {
        const [run] = await this.stack.db.db.select().from(runs).where(eq(runs.id, runId));
        if (run?.status === 'failed') throw new RunFailedError(run.error ?? 'no reason');
        return run?.status === 'completed' ? true : undefined;
      }, 500);
      return (performance.now() - started) / 1000;
    } catch (err) {
      if (err instanceof ScenarioTimeoutError) return null;
      throw err;
    }
  }

  /** The run id of the only run, once it exists. */
  async runId(timeoutMs = 300_000): Promise<string> {
    return this.until('run row', timeoutMs, async () => (await this.stack.db.db.select().from(runs))[0]?.id);
  }

  /** Seconds until a tier's `/status` (Redis and Postgres) answers 200 again, or null. */
  async secondsToService(tier: TierProcess = this.ingest, timeoutMs = 120_000): Promise<number | null> {
    return secondsUntilOk(`${tier.url}/status`, this.auth, timeoutMs);
  }

  /**
   * Called when a fault ends: measures the seconds from `since` (default now, a performance.now()
   * reading) until `service` (default the ingest tier) answers `GET /status` 200 again and until the
   * run completes (null when not within `timeoutMs`). `runId` may be a wait for the run, when the
   * fault struck before it existed.
   */
  async recovery(
    runId: string | (() => Promise<string>),
    service: TierProcess = this.ingest,
    since = performance.now(),
    timeoutMs = RECOVERY_LIMIT_MS,
  ): Promise<{ serviceBackSeconds: number | null; recoverySeconds: number | null }> {
    const at = async (wait: Promise<number | null>) => ((await wait) === null ? null : (performance.now() - since) / 1000);
    const completion = async () => this.secondsToCompletion(typeof runId === 'string' ? runId : await runId(), timeoutMs);
    const [serviceBackSeconds, recoverySeconds] = await Promise.all([at(this.secondsToService(service, timeoutMs)), at(completion())]);
    return { serviceBackSeconds, recoverySeconds };
  }

  /** `3/24 trials finished, study running`: where in the study a fault landed. */
  async studyProgress(runId: string): Promise<{ finished: number; budget: number; running: boolean; text: string }> {
    const [study] = await this.stack.db.db.select().from(studies).where(eq(studies.runId, runId));
    const rows = study ? await this.stack.db.db.select().from(trials).where(eq(trials.studyId, study.id)) : [];
    const finished = rows.filter((t) => t.status === 'complete' || t.status === 'pruned').length;
    const budget = study?.budget ?? 0;
    return { finished, budget, running: study?.status === 'running', text: `${finished}/${budget} trials finished, study ${study?.status ?? 'missing'}` };
  }

  /** A queue of this stack (its prefix, the current Redis URL); close it after use. */
  async withQueues<T>(use: (queue: (name: string) => Queue) => Promise<T>): Promise<T> {
    const redis = await connectRedis({ url: this.redisUrl });
    const opened: Queue[] = [];
    try {
      return await use((name) => {
        const q = new Queue(name, { connection: redis, prefix: this.stack.prefix });
        opened.push(q);
        return q;
      });
    } finally {
      await Promise.all(opened.map((q) => q.close().catch(() => undefined)));
      redis.disconnect();
    }
  }

  /**
   * Waits (at most `timeoutMs`) until no job is waiting, active, retrying or waiting for children, so
   * work queued by the end of the run (predictions, drift checks) is counted once it has settled.
   * Jobs a scheduler placed for a later date do not count.
   */
  async settle(timeoutMs = 60_000): Promise<boolean> {
    try {
      await this.until('queues settled', timeoutMs, async () =>
        this.withQueues(async (queue) => {
          for (const name of Object.values(QUEUES)) {
            const q = queue(name);
            const counts = await q.getJobCounts('waiting', 'active', 'waiting-children', 'prioritized');
            if (Object.values(counts).some((n) => n > 0)) return undefined;
            const delayed = await q.getDelayed(0, -1);
            if (delayed.some((j) => !String(j.id).startsWith('repeat:'))) return undefined;
          }
          return true;
        }), 1_000);
      return true;
    } catch (err) {
      if (err instanceof ScenarioTimeoutError) return false;
      throw err;
    }
  }

  async ledger(expectedRuns = 1): Promise<Ledger> {
    return countLedger(this.stack.db, this.redisUrl, this.stack.prefix, expectedRuns);
  }

  async stop(): Promise<void> {
    this.forget();
    await this.stack.stop().catch(() => undefined);
    await this.redis.stop().catch(() => undefined);
  }
}
