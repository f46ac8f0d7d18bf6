import { randomUUID } from 'node:crypto';
import type { RedisClient } from '@alphapulse/queue';

// Renew only if we still hold it: compare-and-expire in one step.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/**
 * Leadership of one task among the processes of a tier, by a lease in Redis: `SET key id NX PX ttl`,
 * renewed by its holder. A holder that dies stops renewing and the lease expires; a Redis restarted
 * empty forgets it and the next claimant takes over. At most one holder at a time while Redis answers.
 */
export class LeaderLease {
  readonly id = randomUUID();

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  /** True when this process holds the lease after the call (claimed now or renewed). */
  async hold(): Promise<boolean> {
    if ((await this.redis.eval(RENEW, 1, this.key, this.id, String(this.ttlMs))) === 1) return true;
    return (await this.redis.set(this.key, this.id, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** Gives the lease up if held (on shutdown), so another process need not wait for it to expire. */
  async release(): Promise<void> {
    await this.redis.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`, 1, this.key, this.id);
  }
}
