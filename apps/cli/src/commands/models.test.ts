import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
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
    const register = (runId: string, logLoss: number) =>
      registry.register({
        runId,
        modelKind: 'mlp',
        featureSetHash: 'fs',
        artifactPrefix: `models/${runId}/`,
        validationMetrics: { windowId: 'b1:val', logLoss },
        testMetrics: { accuracy: 0.51, logLoss: 0.692 },
      });
    const baselines = { majority: { windowId: 'b1:val', logLoss: 0.6931 } };
    const v1 = await register('run-1', 0.68);
    const v2 = await register('run-2', 0.69);
    await registry.autoPromote(v1.id, { actor: 'trainer-a', baselines });
    await registry.autoPromote(v2.id, { actor: 'trainer-a', baselines });

    const text = cli();
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Champion: v${v1.id} (mlp)`);
    expect(text.stdout).toMatch(new RegExp(`v${v2.id}\\s+challenger\\s+mlp\\s+run-2`));
    expect(text.stdout).toMatch(new RegExp(`v${v1.id}\\s+champion\\s+mlp\\s+run-1\\s+b1:val\\s+0\\.6800\\s+0\\.5100`));
    expect(text.stdout).toContain('Recent alias changes');
    expect(text.stdout).toContain('auto: validation log loss 0.6800 on b1:val beats majority (no champion yet)');

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
