import type { Redis } from 'ioredis';
import { isCluster, type RedisClient } from './redis-connection.ts';

/** The connections whose keyspaces together hold every key: each master of a cluster, or the one Redis. */
export function keyspaces(redis: RedisClient): Redis[] {
  return isCluster(redis) ? redis.nodes('master') : [redis];
}

/**
 * Deletes every key matching a glob pattern, on a standalone Redis or on every master of a
 * cluster. SCAN, never KEYS (which blocks the server and, on a cluster, sees one node), and
 * one UNLINK per key in a pipeline, since a multi-key command across slots fails on a cluster.
 * Resolves to the number of keys deleted.
 */
export async function deleteKeysMatching(redis: RedisClient, pattern: string): Promise<number> {
  let deleted = 0;
  for (const node of keyspaces(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
      cursor = next;
      if (keys.length === 0) continue;
      const results = (await node.pipeline(keys.map((k) => ['unlink', k])).exec()) ?? [];
      for (const [err, n] of results) if (!err) deleted += Number(n);
    } while (cursor !== '0');
  }
  return deleted;
}
