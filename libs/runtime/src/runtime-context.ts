import type { Env } from '@alphapulse/config';
import { type Database, openDatabase, pingDatabase, redactUrl } from '@alphapulse/db';
import { createLogger, type Logger, secretsOf } from '@alphapulse/logger';
import { connectRedis, duplicateClient, failFastClient, JobProducer, type RedisClient, redisSettingsOf, watchErrors } from '@alphapulse/queue';
import { type ObjectStore, openObjectStore } from '@alphapulse/storage';

/**
 * Everything a tier needs from the outside world, opened once per process. `serve all` and the
 * demo hand the same context to both tiers (an embedded PGlite can have only one owner).
 */
export interface RuntimeContext {
  env: Env;
  logger: Logger;
  database: Database;
  store: ObjectStore;
  /** Redis or a Redis Cluster (REDIS_CLUSTER_NODES); its errors are logged, rate-limited. */
  redis: RedisClient;
  producer: JobProducer;
  /**
   * The producer for HTTP handlers, on a fail-fast connection (failFastClient): while Redis is down
   * its calls reject at once, so a route answers 503 instead of hanging or queueing a ghost run.
   */
  requestProducer: JobProducer;
  /** Whether the request producer's connection is up now (no I/O): the HTTP gate of Redis-backed routes. */
  redisReady(): boolean;
  /** The /readyz probes: Redis (PING on the fail-fast connection), Postgres (`select 1`), the object store. */
  readiness: Record<'redis' | 'postgres' | 'objects', () => Promise<unknown>>;
  /** A new Redis connection for a BullMQ worker or event listener (blocking commands need their own), its errors logged; closed by `close()`. */
  workerConnection(): RedisClient;
  /** Closes the producer, every Redis connection, the database; idempotent. */
  close(): Promise<void>;
}

/**
 * Opens Redis, the database (migrating it) and the object store, failing fast with one clear
 * error (RedisUnavailableError, DatabaseUnavailableError, ObjectStoreUnavailableError).
 */
export async function openRuntimeContext(env: Env, name: string): Promise<RuntimeContext> {
  const logger = createLogger(name, env.LOG_LEVEL, { secrets: secretsOf(env) });
  const redis = await connectRedis(redisSettingsOf(env), { logger });
  let database: Database | undefined;
  try {
    database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
    const store = await openObjectStore(env);
    logger.info(
      {
        database: database.kind === 'postgres' ? redactUrl(env.DATABASE_URL ?? '') : `pglite in ${env.DATA_DIR}`,
        store: store.location,
        redis: env.REDIS_CLUSTER_NODES.length ? `cluster of ${env.REDIS_CLUSTER_NODES.length} seed(s)` : 'standalone',
        queuePrefix: env.QUEUE_PREFIX,
      },
      'runtime ready',
    );
    const producer = new JobProducer(redis, env.QUEUE_PREFIX, logger);
    const requestRedis = watchErrors(failFastClient(redis), 'redis', logger, 'requests');
    await requestRedis.connect();
    const requestProducer = new JobProducer(requestRedis, env.QUEUE_PREFIX, logger);
    let closed = false;
    const db = database;
    const extra: RedisClient[] = [];
    return {
      env,
      logger,
      database: db,
      store,
      redis,
      producer,
      requestProducer,
      redisReady: () => requestRedis.status === 'ready',
      readiness: {
        redis: () => requestRedis.ping(),
        postgres: () => pingDatabase(db.db),
        objects: () => store.ensureReady(),
      },
      workerConnection() {
        const connection = watchErrors(duplicateClient(redis), 'redis', logger, 'connection');
        extra.push(connection);
        return connection;
      },
      async close() {
        if (closed) return;
        closed = true;
        await producer.close().catch(() => {});
        await requestProducer.close().catch(() => {});
        requestRedis.disconnect();
        for (const c of extra) c.disconnect();
        redis.disconnect();
        await db.close().catch(() => {});
      },
    };
  } catch (err) {
    redis.disconnect();
    await database?.close().catch(() => {});
    throw err;
  }
}
