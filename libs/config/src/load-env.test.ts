import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv, loadEnvKeys } from './index.ts';

describe('loadEnv', () => {
  it('fills the documented defaults from an empty environment', () => {
    const env = loadEnv({});
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(env.DATA_DIR).toBe('./.alphapulse');
    expect(env.QUEUE_PREFIX).toBe('alphapulse');
    expect(env.INGEST_PORT).toBe(3000);
    expect(env.TRAINER_PORT).toBe(8181);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MINIO_ENDPOINT).toBeUndefined();
  });

  it('coerces numbers and booleans', () => {
    const env = loadEnv({ INGEST_PORT: '4000', MINIO_USE_SSL: 'true', MINIO_PORT: '9100' });
    expect(env.INGEST_PORT).toBe(4000);
    expect(env.MINIO_USE_SSL).toBe(true);
    expect(env.MINIO_PORT).toBe(9100);
  });

  it('names the offending variable', () => {
    expect(() => loadEnv({ INGEST_PORT: 'eighty' })).toThrow(/INGEST_PORT/);
    expect(() => loadEnv({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    try {
      loadEnv({ DATABASE_URL: 'mysql://x', API_TOKEN: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const vars = (err as ConfigError).problems.map((p) => p.variable).sort();
      expect(vars).toEqual(['API_TOKEN', 'DATABASE_URL']);
    }
  });

  it('treats an empty string as unset', () => {
    expect(loadEnv({ DATABASE_URL: '', MINIO_ENDPOINT: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('accepts a hash-tagged queue prefix and Redis Cluster seeds, and requires the tag on a cluster', () => {
    expect(loadEnv({ QUEUE_PREFIX: '{alphapulse}' }).QUEUE_PREFIX).toBe('{alphapulse}');
    expect(loadEnv({ QUEUE_PREFIX: 'prod-{ap}' }).QUEUE_PREFIX).toBe('prod-{ap}');
    for (const bad of ['{}', '{a}{b}', 'a b', 'x{y', 'a:b', '']) expect(() => loadEnv({ QUEUE_PREFIX: bad }), bad).toThrow(/QUEUE_PREFIX/);
    const env = loadEnv({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b:7001,[::1]:7002', QUEUE_PREFIX: '{ap}' });
    expect(env.REDIS_CLUSTER_NODES).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(loadEnv({}).REDIS_CLUSTER_NODES).toEqual([]);
    expect(() => loadEnv({ REDIS_CLUSTER_NODES: 'host-without-port' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadEnv({ REDIS_CLUSTER_NODES: 'h:70000', QUEUE_PREFIX: '{ap}' })).toThrow(/REDIS_CLUSTER_NODES/);
    expect(() => loadEnv({ REDIS_CLUSTER_NODES: 'h:7000', QUEUE_PREFIX: 'alphapulse' })).toThrow(/QUEUE_PREFIX: needs a hash tag such as \{alphapulse\}/);
  });
});

describe('loadEnvKeys', () => {
  it('parses only the named variables and ignores bad values elsewhere', () => {
    const env = loadEnvKeys(['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME'], { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', REDIS_URL: 'http://not-redis' });
    expect(env).toEqual({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: undefined });
  });

  it('names an invalid OpenTelemetry setting', () => {
    expect(() => loadEnvKeys(['OTEL_EXPORTER_OTLP_PROTOCOL'], { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL/);
    expect(() => loadEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
