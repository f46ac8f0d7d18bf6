import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, deleteKeysMatching, keyspaces, type Redis } from './index.ts';

let redis: Redis;
beforeAll(async () => {
  redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(() => redis?.disconnect());

describe('deleteKeysMatching on a standalone Redis', () => {
  it('deletes every key of a prefix by SCAN, in batches, and nothing else', async () => {
    const prefix = `ap-test-keys-${randomBytes(4).toString('hex')}`;
    const other = `${prefix}x`;
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2_500; i++) pipeline.set(`${prefix}:k${i}`, '1');
    pipeline.set(`${other}:keep`, '1');
    await pipeline.exec();
    expect(keyspaces(redis)).toEqual([redis]);
    expect(await deleteKeysMatching(redis, `${prefix}:*`)).toBe(2_500);
    expect(await redis.exists(`${prefix}:k0`, `${prefix}:k2499`)).toBe(0);
    expect(await redis.get(`${other}:keep`)).toBe('1');
    expect(await deleteKeysMatching(redis, `${other}:*`)).toBe(1);
  });
});
