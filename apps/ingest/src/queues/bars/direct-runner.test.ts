import { describe, expect, it } from 'vitest';
import { PermanentJobError } from '@alphapulse/queue';
import { backoffDelay, RateGate, withJobRetries } from './direct-runner.ts';

describe('direct job running (CLI)', () => {
  it('computes exponential backoff with jitter inside [raw*(1-jitter), raw]', () => {
    const policy = { type: 'exponential' as const, delay: 2000, jitter: 0.5 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(1000);
    expect(backoffDelay(policy, 1, () => 1)).toBe(2000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(8000);
    expect(backoffDelay({ type: 'fixed', delay: 500 }, 4)).toBe(500);
  });

  it('retries transient failures and stops at once on a permanent one', async () => {
    const policy = { attempts: 3, backoff: { type: 'fixed' as const, delay: 1 } };
    let calls = 0;
    expect(await withJobRetries('bars.fetch', async () => (++calls < 3 ? Promise.reject(new Error('429')) : 'ok'), undefined, policy)).toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withJobRetries('bars.fetch', async () => { calls++; throw new PermanentJobError('unknown symbol'); }, undefined, policy)).rejects.toThrow('unknown symbol');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withJobRetries('bars.fetch', async () => { calls++; throw new Error('503'); }, undefined, policy)).rejects.toThrow('503');
    expect(calls).toBe(3);
  });

  it('lets at most max starts through per window', async () => {
    const gate = new RateGate(2, 200);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await gate.take();
      starts.push(Date.now());
    }
    // Any three consecutive starts span at least one window.
    for (let i = 2; i < starts.length; i++) expect(starts[i] - starts[i - 2]).toBeGreaterThanOrEqual(195);
  });
});
