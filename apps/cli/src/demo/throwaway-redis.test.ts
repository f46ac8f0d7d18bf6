import { spawnSync } from 'node:child_process';
import { redisAnswers } from '@alphapulse/queue';
import { describe, expect, it } from 'vitest';
import { redisForDemo } from './throwaway-redis.ts';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe('redisForDemo', () => {
  it('uses the Redis at REDIS_URL when it answers', async () => {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const r = await redisForDemo(url);
    expect(r).toMatchObject({ url, throwaway: false });
    await r.stop();
  });

  // The machines this project runs on have redis-server (CI needs it); say so loudly if not.
  it.skipIf(!hasRedisServer)('starts a throwaway redis-server when nothing answers, and stops it', async () => {
    const r = await redisForDemo('redis://127.0.0.1:1');
    expect(r.throwaway).toBe(true);
    expect(r.url).not.toBe('redis://127.0.0.1:1');
    expect(await redisAnswers(r.url)).toBe(true);
    await r.stop();
    expect(await redisAnswers(r.url, 300)).toBe(false);
  });
  if (!hasRedisServer) console.warn('skipped the throwaway redis-server test: no redis-server binary on PATH');
});
