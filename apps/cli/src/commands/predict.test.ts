import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { versionInput } from '@alphapulse/tracking/testing';
import { ModelRegistry, PredictionRepository } from '@alphapulse/tracking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/alphapulse.mjs', import.meta.url));
let t: TestDatabase;
let v1: number;
let v2: number;

beforeAll(async () => {
  t = await createTestDatabase();
  const registry = new ModelRegistry(t.db);
  const register = (runId: string) => registry.register(versionInput(runId, { modelKind: 'logistic' }));
  v1 = (await register('run-1')).id;
  v2 = (await register('run-2')).id;
  await registry.promote(v1, { actor: 'test', reason: 'first' });
  await new PredictionRepository(t.db).record([
    {
      modelVersionId: v1,
      symbol: 'AAPL',
      featureTs: new Date('2024-01-02T21:00:00Z'),
      batchId: 'b1',
      probabilityUp: 0.41,
      stale: false,
      skill: 'none',
    },
    {
      modelVersionId: v1,
      symbol: 'AAPL',
      featureTs: new Date('2024-01-03T21:00:00Z'),
      batchId: 'b2',
      probabilityUp: 0.573,
      stale: true,
      skill: 'none',
    },
    {
      modelVersionId: v1,
      symbol: 'MSFT',
      featureTs: new Date('2024-01-03T21:00:00Z'),
      batchId: 'b2',
      probabilityUp: 0.5,
      stale: false,
      skill: 'none',
    },
  ]);
});
afterAll(async () => {
  await t?.drop();
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'predict', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent', CHAMPION_MAX_AGE_DAYS: '7' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('alphapulse predict', () => {
  it('shows the latest stored prediction with its model, feature timestamp and staleness', () => {
    const r = cli('aapl');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AAPL: P(up) = 0.573 → up, for the session after the feature row of 2024-01-03T21:00:00.000Z');
    expect(r.stdout).toContain(`model v${v1} (logistic), skill none (no edge over the best baseline was shown: treat as a coin with a bias), batch b2`);
    expect(r.stdout).toContain('STALE: the model was older than 7 days when it scored');
  });

  it('prints one JSON object with --json', () => {
    const r = cli('MSFT', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body).toMatchObject({ symbol: 'MSFT', byCurrentChampion: true, champion: { versionId: v1 } });
    expect(body.prediction).toMatchObject({
      symbol: 'MSFT',
      probabilityUp: 0.5,
      modelVersionId: v1,
      featureTs: '2024-01-03T21:00:00.000Z',
      stale: false,
      skill: 'none',
    });
  });

  it('notes when the model that predicted is no longer the champion', async () => {
    await new ModelRegistry(t.db).promote(v2, { actor: 'test', reason: 'second' });
    const r = cli('AAPL');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`note: v${v1} is no longer the champion (now v${v2})`);
  });

  it('says clearly when there is no prediction for the symbol (exit 1)', () => {
    const r = cli('NVDA');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no prediction stored for NVDA');
    const json = cli('NVDA', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ symbol: 'NVDA', prediction: null });
  });

  it('requires exactly one symbol (exit 2)', () => {
    expect(cli().code).toBe(2);
    const r = cli('AAPL', 'MSFT');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exactly one SYMBOL');
  });
});
