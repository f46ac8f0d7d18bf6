import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../support/redis-servers.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually, type TierProcess } from '../support/tier-process.ts';

/**
 * The Redis password is rotated under running tiers (CONFIG SET requirepass + CLIENT KILL), on a
 * private redis-server: every connection then fails AUTH on reconnect until the old password is
 * restored. Neither password may appear in anything the processes write; every stderr line must
 * be one JSON object; the outage is logged at most once per 10 s per process, then "recovered".
 */
const secret = `old-${randomBytes(12).toString('hex')}`;
const rotated = `new-${randomBytes(12).toString('hex')}`;
const OUTAGE_MS = 22_000;
let redis: PrivateRedis;
let stack: TestStack;
let tiers: TierProcess[];

interface LogLine {
  level: number;
  time: number;
  msg: string;
  dependency?: string;
}

const lines = (t: TierProcess): LogLine[] =>
  t
    .stderr()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LogLine);

function expectNoSecretAndOnlyJson(tier: TierProcess): void {
  const output = tier.logs(); // stdout and stderr
  for (const value of [secret, rotated]) expect(output.includes(value), `a password in the output of ${tier.url}`).toBe(false);
  expect(() => lines(tier), 'every stderr line is JSON').not.toThrow();
}

beforeAll(async () => {
  redis = await startPrivateRedis({ password: secret });
  stack = await startTestStack({ trainers: 1, redis: { url: redis.url }, env: { LOG_LEVEL: 'info' } });
  tiers = [stack.ingest, ...stack.trainers];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
});

describe('a Redis password rotation under running tiers', () => {
  it('leaks neither password, keeps stderr JSON, logs the outage rate-limited and its recovery', async () => {
    const rotatedAt = Date.now();
    await redis.cli('config', 'set', 'requirepass', rotated);
    await redis.cli('client', 'kill', 'type', 'normal');
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await redis.cli('config', 'set', 'requirepass', secret);
    const restoredAt = Date.now();

    for (const tier of tiers) {
      expectNoSecretAndOnlyJson(tier);
      const outage = lines(tier).filter((l) => l.dependency === 'redis' && l.level >= 50 && l.time >= rotatedAt && l.time <= restoredAt);
      expect(outage.length, tier.stderr()).toBeGreaterThanOrEqual(1);
      expect(outage.length, JSON.stringify(outage)).toBeLessThanOrEqual(Math.ceil((restoredAt - rotatedAt) / 10_000) + 1);
      expect(outage[0].msg).toBe('redis connection error');
    }
    for (const tier of tiers) {
      await eventually(async () => (lines(tier).some((l) => l.msg === 'redis connection recovered' && l.time >= restoredAt) ? true : undefined), 30_000, 'a recovered line');
    }
    // Working again: the status route reads every queue's depth through the producer.
    expect((await fetch(`${stack.ingest.url}/status`, { headers: stack.auth })).status).toBe(200);
    for (const tier of tiers) expectNoSecretAndOnlyJson(tier);
  }, 120_000);

  it('stops at once on SIGTERM while Redis refuses the password, its output still clean (an operator restarting the tiers with the new one)', async () => {
    await redis.cli('config', 'set', 'requirepass', rotated);
    await redis.cli('client', 'kill', 'type', 'normal');
    await new Promise((r) => setTimeout(r, 3_000));
    const started = Date.now();
    const codes = await Promise.all(tiers.map((t) => t.stop('SIGTERM')));
    expect(codes).toEqual(tiers.map(() => 0));
    // A graceful close would wait for Redis for ever (the 60 s stop timeout); nothing can be released anyway.
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const tier of tiers) expectNoSecretAndOnlyJson(tier);
  }, 60_000);
});
