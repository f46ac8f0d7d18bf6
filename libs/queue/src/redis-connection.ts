import { redactUrl } from '@alphapulse/logger';
import type { Logger } from '@alphapulse/logger';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { watchErrors } from './connection-error-log.ts';
import { RedisUnavailableError } from './errors.ts';

export type { Cluster, Redis } from 'ioredis';

/** A standalone Redis or a Redis Cluster: BullMQ and every call in this code base take either. */
export type RedisClient = Redis | Cluster;

export interface ClusterNode {
  host: string;
  port: number;
}

/**
 * Where Redis is. With `clusterNodes`, they are the seeds of a Redis Cluster and `url` gives only
 * the credentials and TLS (`rediss:`); without, `url` is the one Redis.
 */
export interface RedisSettings {
  url: string;
  clusterNodes?: readonly ClusterNode[];
}

export interface ConnectOptions {
  timeoutMs?: number;
  /** Logs this connection's errors (rate-limited) and recovery; see watchErrors. */
  logger?: Logger;
}

/** The Redis settings of a loaded environment. */
export function redisSettingsOf(env: { REDIS_URL: string; REDIS_CLUSTER_NODES?: readonly ClusterNode[] }): RedisSettings {
  return { url: env.REDIS_URL, clusterNodes: env.REDIS_CLUSTER_NODES?.length ? env.REDIS_CLUSTER_NODES : undefined };
}

const retry = (times: number) => Math.min(times * 200, 2_000);

/** Credentials, TLS and database of a redis:// or rediss:// URL, as ioredis options. */
function urlOptions(url: string): RedisOptions {
  const u = new URL(url);
  const db = Number(u.pathname.slice(1) || 0);
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: { servername: u.hostname } } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
  };
}

/**
 * A new, not yet connected client for BullMQ: no per-request retry limit (workers need that),
 * reconnecting with a capped backoff. A cluster client gets the URL's credentials on every node.
 */
export function createRedisClient(settings: RedisSettings, timeoutMs = 5_000): RedisClient {
  if (settings.clusterNodes?.length) {
    const { db: _db, ...nodeAuth } = urlOptions(settings.url); // a cluster has only database 0
    const options: ClusterOptions = {
      lazyConnect: true,
      enableReadyCheck: true,
      clusterRetryStrategy: retry,
      slotsRefreshTimeout: Math.min(timeoutMs, 2_000),
      redisOptions: { ...nodeAuth, maxRetriesPerRequest: null, connectTimeout: timeoutMs },
    };
    return new Cluster([...settings.clusterNodes], options);
  }
  return new Redis(settings.url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: retry,
  });
}

/** Whether a client is a Redis Cluster. */
export function isCluster(redis: RedisClient): redis is Cluster {
  return (redis as { isCluster?: boolean }).isCluster === true;
}

/** A new client with the same settings, not yet connected (BullMQ connects it). */
export function duplicateClient(redis: RedisClient): RedisClient {
  return isCluster(redis) ? redis.duplicate() : redis.duplicate();
}

/** Options of a connection that never holds a command for later (see failFastClient). */
const FAIL_FAST: RedisOptions = { enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 };

/**
 * A new client with the same settings for request-serving producers: while Redis is unreachable a
 * command fails at once (no offline queue), one cut off mid-flight is not resent on reconnect, and
 * none waits more than `commandTimeoutMs`. So an HTTP request answers 503 quickly and work the
 * client gave up on never runs later as a ghost. Not for workers (they need blocking commands).
 */
export function failFastClient(redis: RedisClient, commandTimeoutMs = 2_000): RedisClient {
  const options: RedisOptions = { ...FAIL_FAST, commandTimeout: commandTimeoutMs };
  if (isCluster(redis)) return redis.duplicate(undefined, { enableOfflineQueue: false, redisOptions: { ...redis.options.redisOptions, ...options } });
  return redis.duplicate(options);
}

/** Where a client points, for messages: the URL without its password, or the cluster seeds. */
export function describeRedis(settings: RedisSettings): string {
  return settings.clusterNodes?.length ? `cluster ${settings.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}` : redactUrl(settings.url);
}

/**
 * Opens a Redis (or Redis Cluster) connection suitable for BullMQ workers and resolves once it
 * answers PING; rejects with one line (RedisUnavailableError) when nothing answers in time.
 * With a logger, its errors and recovery are logged through watchErrors; without, the caller
 * must listen (a start-up failure is reported by the rejection either way).
 */
export async function connectRedis(url: string, options?: ConnectOptions): Promise<Redis>;
export async function connectRedis(settings: RedisSettings, options?: ConnectOptions): Promise<RedisClient>;
export async function connectRedis(target: string | RedisSettings, { timeoutMs = 5_000, logger }: ConnectOptions = {}): Promise<RedisClient> {
  const settings = typeof target === 'string' ? { url: target } : target;
  const redis = createRedisClient(settings, timeoutMs);
  // Until it answers, failures are the rejection below; after, the logger's (or the caller's).
  redis.on('error', () => {});
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    if (logger) watchErrors(redis, 'redis', logger, 'connection');
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new RedisUnavailableError(describeRedis(settings), err);
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
