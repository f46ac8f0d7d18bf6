import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { connectRedis, type Redis } from '@alphapulse/queue';
import { freePort } from '@alphapulse/runtime';
import { startTestS3, type TestS3 } from '@alphapulse/storage/testing';
import { requireServices } from './services.ts';
import { startTier, type TierProcess } from './tier-process.ts';

/** The whole production topology on loopback: Postgres, Redis, s3rver, one ingest and N trainer processes. */
export interface TestStack {
  db: TestDatabase;
  s3: TestS3;
  redis: Redis;
  prefix: string;
  token: string;
  /** Headers of an authorised JSON request. */
  auth: Record<string, string>;
  env: Record<string, string>;
  ingest: TierProcess;
  trainers: TierProcess[];
  /** Kills the tiers, deletes the queue keys, stops s3rver and drops the database. */
  stop(): Promise<void>;
}

export interface TestStackOptions {
  trainers: number;
  env?: Record<string, string>;
  /** A Postgres server of the test's own (fault tests); default the shared one. */
  postgresAdminUrl?: string;
  /** A Redis of the test's own (fault tests); default REDIS_URL. */
  redisUrl?: string;
}

export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  await requireServices();
  const prefix = `ap-test-${randomBytes(4).toString('hex')}`;
  const token = `test-token-${randomBytes(8).toString('hex')}`;
  const db = await createTestDatabase(options.postgresAdminUrl);
  const s3 = await startTestS3();
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = await connectRedis(redisUrl);
  const env = { DATABASE_URL: db.url, REDIS_URL: redisUrl, ...s3.env, MINIO_BUCKET: 'alphapulse-test', QUEUE_PREFIX: prefix, API_TOKEN: token, ...options.env };
  const tiers: TierProcess[] = [];
  const stop = async () => {
    for (const t of tiers) await t.stop('SIGKILL');
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length) await redis.del(...keys);
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
    stop,
  };
}
