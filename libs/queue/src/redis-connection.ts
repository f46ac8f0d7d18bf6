import { Redis } from 'ioredis';
import { RedisUnavailableError } from './errors.ts';

export type { Redis } from 'ioredis';

function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<redis url>';
  }
}

/**
 * Opens a Redis connection suitable for BullMQ workers (no per-request retry limit) and
 * resolves once it answers PING; rejects with one line when nothing answers in time.
 */
export async function connectRedis(url: string, { timeoutMs = 5_000 } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  redis.on('error', () => {}); // reconnects are handled by ioredis; start-up failure is reported below
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new RedisUnavailableError(redactRedisUrl(url), err);
  }
}

/** Resolves true when something at the URL answers PING within the timeout. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const r = await connectRedis(url, { timeoutMs });
    r.disconnect();
    return true;
  } catch {
    return false;
  }
}
