import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './index.ts';
import { describeError, redactUrl, scrubSecrets, secretsOf } from './redaction.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('redaction', () => {
  it('masks the password of any URL, and only that', () => {
    expect(redactUrl('redis://:s3cret-pw@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrl('connect to postgres://app:hunter2@db/x failed')).toBe('connect to postgres://app:***@db/x failed');
    expect(redactUrl('https://example.com/a?b=c')).toBe('https://example.com/a?b=c');
  });

  it('finds the secrets of an environment, raw and percent-decoded', () => {
    const env = { API_TOKEN: 'token-0123456789abcdef', REDIS_URL: 'redis://:p%40ss-word@h:1', DATABASE_URL: 'postgres://u:dbsecret1@h/db', MINIO_SECRET_KEY: 'minio-secret' };
    expect(secretsOf(env).sort()).toEqual(['dbsecret1', 'minio-secret', 'p%40ss-word', 'p@ss-word', 'token-0123456789abcdef'].sort());
    expect(secretsOf({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([]);
  });

  it('scrubs secret values as written and JSON-escaped', () => {
    expect(scrubSecrets('auth "pa\\"ss-word" failed', ['pa"ss-word'])).toBe('auth "***" failed');
    expect(scrubSecrets('x pa"ss-word y', ['pa"ss-word'])).toBe('x *** y');
  });

  it('describes an error without its command arguments', () => {
    const err = Object.assign(new Error('WRONGPASS invalid username-password pair'), { command: { name: 'auth', args: ['hunter22'] }, code: 'WRONGPASS' });
    const d = describeError(err, [], { stack: false });
    expect(d).toEqual({ type: 'Error', message: 'WRONGPASS invalid username-password pair', code: 'WRONGPASS' });
    expect(describeError({ name: 'ReplyError', message: 'NOAUTH' })).toMatchObject({ type: 'ReplyError', message: 'NOAUTH' });
  });
});

describe('createLogger', () => {
  it('never writes a secret: by key, inside an error, inside a message', () => {
    const { lines, destination } = capture();
    const logger = createLogger('test', 'info', { secrets: ['the-redis-password'], destination });
    const err = Object.assign(new Error('AUTH failed for redis://:the-redis-password@h:1'), { command: { name: 'auth', args: ['the-redis-password'] } });
    logger.error({ err }, 'redis error');
    logger.info({ env: { REDIS_URL: 'redis://:x@h', API_TOKEN: 'abc' }, password: 'pw' }, 'config');
    logger.warn('retrying with the-redis-password in a message');
    logger.info({ headers: { authorization: 'Bearer 123' } }, 'request');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain('the-redis-password');
      expect(line).not.toContain('Bearer 123');
    }
    expect(JSON.parse(lines[0]).err.command).toBeUndefined();
    expect(JSON.parse(lines[1]).env.REDIS_URL).toBe('[redacted]');
  });
});
