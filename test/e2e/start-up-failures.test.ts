import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/tier-process.ts';

/** Start-up failures end the process with one clear line on stderr and a non-zero exit, never a loop of stack traces. */
describe('serve refuses to start on bad configuration or unreachable services', () => {
  const base = { API_TOKEN: 'a-long-enough-test-token', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/alphapulse-startup-test' };

  it('names the bad variable', async () => {
    const r = await runCli(['serve', 'ingest'], { ...base, INGEST_PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/INGEST_PORT/);
  });

  it('refuses to serve without API_TOKEN unless AUTH=off', async () => {
    const r = await runCli(['serve', 'trainer'], { ...base, API_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to serve without API_TOKEN/);
  });

  it('says in one line that Redis is unreachable', async () => {
    const r = await runCli(['serve', 'ingest'], { ...base, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/redis unavailable at redis:\/\/127\.0\.0\.1:1/);
  }, 30_000);

  it('says in one line that Postgres is unreachable, without its password', async () => {
    const r = await runCli(['serve', 'trainer'], { ...base, DATABASE_URL: 'postgres://app:hunter2-secret@127.0.0.1:1/db' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/database unavailable/);
    expect(r.stderr).not.toContain('hunter2');
  }, 30_000);

  it('demo: explains how to get Redis when none answers and none can be started', async () => {
    // An empty PATH: no redis-server binary can be found (node itself is started by absolute path).
    const r = await runCli(['demo'], { ...base, REDIS_URL: 'redis://127.0.0.1:1', PATH: mkdtempSync(path.join(tmpdir(), 'ap-empty-path-')) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Nothing answers at REDIS_URL \(redis:\/\/127\.0\.0\.1:1\)/);
    expect(r.stderr).toMatch(/apt-get install redis-server/);
    expect(r.stderr).not.toMatch(/    at /); // no stack trace
  }, 30_000);

  it('rejects an unknown tier with usage', async () => {
    const r = await runCli(['serve', 'everything'], base);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage: alphapulse serve ingest\|trainer\|all/);
  });
});
