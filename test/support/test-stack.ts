import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { type ClusterNode, connectRedis, deleteKeysMatching, type RedisClient } from '@alphapulse/queue';
import { freePort } from '@alphapulse/runtime';
import { startTestS3, type TestS3 } from '@alphapulse/storage/testing';
import { requireServices } from './services.ts';
import { startTier, type TierProcess } from './tier-process.ts';

/** The whole production topology on loopback: Postgres, Redis, s3rver, one ingest and N trainer processes. */
export interface TestStack {
  db: TestDatabase;
  s3: TestS3;
  /** A connection to the stack's Redis (or cluster), for assertions and cleanup. */
  redis: RedisClient;
  prefix: string;
  token: string;
  /** Headers of an authorised JSON request. */
  auth: Record<string, string>;
  env: Record<string, string>;
  ingest: TierProcess;
  trainers: TierProcess[];
  /**
   * Starts one more tier process with the stack's environment (plus `env`), e.g. to replace one a
   * fault test killed; `stop()` kills it with the others.
   */
  startTier(tier: 'ingest' | 'trainer', env?: Record<string, string>): Promise<TierProcess>;
  /** Kills the tiers, deletes the queue keys, stops s3rver and drops the database. */
  stop(): Promise<void>;
}

export interface TestStackOptions {
  trainers: number;
  env?: Record<string, string>;
  /** A Postgres server of the test's own (fault tests); default the shared one. */
  postgresAdminUrl?: string;
  /**
   * Another Redis than the shared one (a private server: its URL, with password if any), or the
   * seeds of a Redis Cluster; a cluster gets a hash-tagged prefix `{ap-test-...}`.
   */
  redis?: { url: string; clusterNodes?: ClusterNode[] };
}

export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  // A stack on a Postgres and a Redis of its own needs nothing from the shared services.
  if (!(options.postgresAdminUrl && options.redis)) await requireServices();
  const clusterNodes = options.redis?.clusterNodes ?? [];
  const tag = `ap-test-${randomBytes(4).toString('hex')}`;
  const prefix = clusterNodes.length ? `{${tag}}` : tag;
  const token = `test-token-${randomBytes(8).toString('hex')}`;
  const db = await createTestDatabase(options.postgresAdminUrl);
  const s3 = await startTestS3();
  const redisUrl = options.redis?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = await connectRedis({ url: redisUrl, clusterNodes });
  const env = {
    DATABASE_URL: db.url,
    ...s3.env,
    MINIO_BUCKET: 'alphapulse-test',
    QUEUE_PREFIX: prefix,
    API_TOKEN: token,
    REDIS_URL: redisUrl,
    REDIS_CLUSTER_NODES: clusterNodes.map((n) => `${n.host}:${n.port}`).join(','),
    ...options.env,
  };
  const tiers: TierProcess[] = [];
  const stop = async () => {
    for (const t of tiers) await t.stop('SIGKILL');
    await deleteKeysMatching(redis, `${prefix}:*`).catch(() => 0);
    redis.disconnect();
    await s3.close();
    await db.drop().catch(() => undefined);
  };
  try {
    const started = await Promise.all([
      startTier('ingest', env, await freePort()),
      ...Array.from({ length: options.trainers }, async () => startTier('trainer', env, await freePort())),
    ]);
    tiers.push(...started);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    db,
    s3,
    redis,
    prefix,
    token,
    auth: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    env,
    ingest: tiers[0],
    trainers: tiers.slice(1),
    async startTier(tier, extra = {}) {
      const started = await startTier(tier, { ...env, ...extra }, await freePort());
      tiers.push(started);
      return started;
    },
    stop,
  };
}
