import { UnrecoverableError } from 'bullmq';
import { JOBS, type JobName } from '@alphapulse/queue';

/**
 * Running job code without Redis (the CLI): the same retry policy BullMQ applies to the job
 * (attempts, exponential backoff with jitter) and the same pacing as the queue's rate limiter.
 */
export interface RetryPolicy {
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number; jitter?: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay before retry number `attempt` (1-based), as BullMQ computes it: jitter shortens it randomly. */
export function backoffDelay(policy: RetryPolicy['backoff'], attempt: number, random = Math.random): number {
  const raw = policy.type === 'exponential' ? policy.delay * 2 ** (attempt - 1) : policy.delay;
  const jitter = policy.jitter ?? 0;
  return Math.round(raw * (1 - jitter) + random() * raw * jitter);
}

/**
 * Calls `fn` until it succeeds, it throws an unrecoverable (permanent) error, or the job's
 * attempts are used up; rethrows the last error.
 */
export async function withJobRetries<T>(
  name: JobName,
  fn: () => Promise<T>,
  onRetry?: (attempt: number, delayMs: number, error: Error) => void,
  policy: RetryPolicy = JOBS[name],
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof UnrecoverableError || attempt >= policy.attempts) throw err;
      const delay = backoffDelay(policy.backoff, attempt);
      onRetry?.(attempt, delay, err as Error);
      await sleep(delay);
    }
  }
}

/** At most `max` starts per `durationMs`, like BullMQ's worker limiter, for one process. */
export class RateGate {
  private readonly starts: number[] = [];

  constructor(
    private readonly max: number,
    private readonly durationMs: number,
  ) {}

  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.starts.length && now - this.starts[0] >= this.durationMs) this.starts.shift();
      if (this.starts.length < this.max) {
        this.starts.push(now);
        return;
      }
      await sleep(this.durationMs - (now - this.starts[0]));
    }
  }
}
