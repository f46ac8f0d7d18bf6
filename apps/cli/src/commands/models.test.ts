import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { evidenceFor, paired, versionInput } from '@alphapulse/tracking/testing';
import { ModelRegistry } from '@alphapulse/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/alphapulse.mjs', import.meta.url));
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'models', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', CHAMPION_MAX_AGE_DAYS: '7' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('alphapulse models', () => {
  it('says so when nothing is registered', () => {
    const r = cli();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No model versions registered yet');
  });

  it('lists versions, aliases and the alias history, as a table and as JSON', async () => {
    const registry = new ModelRegistry(t.db);
    const register = (runId: string) => registry.register(versionInput(runId, { testMetrics: { accuracy: 0.51, logLoss: 0.692, pValue: 0.41 } }));
    const v1 = await register('run-1');
    const v2 = await register('run-2');
    await registry.autoPromote(v1.id, { actor: 'trainer-a', evidence: evidenceFor(v1.id) });
    await registry.autoPromote(v2.id, { actor: 'trainer-a', evidence: evidenceFor(v2.id, { champion: { versionId: v1.id, featureSetHash: 'fs-hash-1', scored: paired(0.69, 0.691, 0.4) } }) });

    const text = cli();
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Champion: v${v1.id} (mlp)`);
    expect(text.stdout).toMatch(new RegExp(`v${v2.id}\\s+challenger\\s+mlp\\s+none\\s+run-2`));
    expect(text.stdout).toMatch(new RegExp(`v${v1.id}\\s+champion\\s+mlp\\s+none\\s+run-1\\s+2023-07-03\\.\\.2023-12-29\\s+0\\.5100\\s+0\\.4100`));
    expect(text.stdout).toContain('Recent alias changes');
    expect(text.stdout).toContain('auto: first model (no champion yet): not significantly worse than majority');

    const json = cli('--json');
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.versions.map((v: { id: number; aliases: string[] }) => [v.id, v.aliases])).toEqual([
      [v2.id, ['challenger']],
      [v1.id, ['champion']],
    ]);
    expect(body.champion).toMatchObject({ versionId: v1.id, stale: false, maxAgeDays: 7 });
    expect(body.history.map((e: { alias: string }) => e.alias)).toEqual(['challenger', 'champion']);
    expect(JSON.parse(cli('--json', '--history', '1').stdout).history).toHaveLength(1);
  });

  it('rejects unknown flags with exit code 2', () => {
    const r = cli('--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^alphapulse: models: /);
  });
});
