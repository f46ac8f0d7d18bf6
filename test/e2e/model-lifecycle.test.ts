import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually } from '../support/tier-process.ts';

/**
 * The loop the system exists for, unattended, on real services (Postgres, Redis, s3rver) with the two
 * tiers as separate processes: ingest → a completed run → a champion → predictions for every symbol →
 * a second batch whose volatility tripled → a drift report → a retrain queued for that reason → a
 * promotion decision recorded → predictions from whichever version is champion then.
 */
let stack: TestStack;
const SYMBOLS = ['SYN-IDX', 'SYN-MOM', 'SYN-RW'];

interface Run {
  id: string;
  status: string;
  reason: string | null;
  batchId: string;
}
interface Version {
  id: number;
  runId: string;
  skill: string;
  aliases: string[];
  batchId: string;
}
interface Models {
  versions: Version[];
  aliases: { alias: string; versionId: number }[];
  history: { alias: string; versionId: number; reason: string; metrics: { decision?: { outcome: string; evidence: { window: { n: number }; baseline: { pBetter: number } } } } }[];
}
interface Prediction {
  symbol: string;
  modelVersionId: number;
  featureTs: string;
  probabilityUp: number;
  skill: string;
}

const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${stack.ingest.url}${path}`, { headers: stack.auth });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const post = (path: string, body: unknown) => fetch(`${stack.ingest.url}${path}`, { method: 'POST', headers: stack.auth, body: JSON.stringify(body) });

async function completedRun(where: (r: Run) => boolean, what: string): Promise<Run> {
  return eventually(
    async () => {
      const { runs } = await get<{ runs: Run[] }>('/runs?limit=50');
      const failed = runs.find((r) => where(r) && r.status === 'failed');
      if (failed) throw new Error(`run failed: ${JSON.stringify(failed)}`);
      return runs.find((r) => where(r) && r.status === 'completed');
    },
    600_000,
    what,
  );
}

beforeAll(async () => {
  stack = await startTestStack({ trainers: 1, env: { TRIALS_ULTRA_FAST: '3', JOB_LOCK_MS: '20000' } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the model lifecycle, end to end', () => {
  it('promotes, serves, watches for drift, retrains and serves again', async () => {
    // 1-2. Ingest a batch; its training run completes.
    const first = await post('/ingest', { source: 'sample', symbols: SYMBOLS, from: '2015-01-01', to: '2022-12-30', mode: 'ultra_fast' });
    expect(first.status).toBe(202);
    const run1 = await completedRun(() => true, 'the first completed run');

    // 3. It is the champion (rule 1: the first model of a feature set), with a skill verdict.
    const models1 = await get<Models>('/models');
    const v1 = models1.versions.find((v) => v.runId === run1.id) as Version;
    expect(v1).toBeDefined();
    expect(v1.aliases).toContain('champion');
    expect(['significant', 'none']).toContain(v1.skill);
    const decided1 = models1.history.find((e) => e.versionId === v1.id && e.alias === 'champion');
    expect(decided1?.reason).toMatch(/^auto: first model/);
    expect(decided1?.metrics.decision?.evidence.window.n).toBeGreaterThan(100);

    // 4. predict.batch (queued on promotion) scored every symbol with the champion, carrying its skill.
    const predictions1 = await eventually(
      async () => {
        const { predictions } = await get<{ predictions: Prediction[] }>('/predictions');
        return predictions.length === SYMBOLS.length && predictions.every((p) => p.modelVersionId === v1.id) ? predictions : undefined;
      },
      120_000,
      'predictions of the first champion',
    );
    expect(predictions1.map((p) => p.symbol)).toEqual(SYMBOLS);
    for (const p of predictions1) {
      expect(p.skill).toBe(v1.skill);
      expect(p.probabilityUp).toBeGreaterThan(0);
      expect(p.probabilityUp).toBeLessThan(1);
      expect(p.featureTs.slice(0, 10)).toBe('2022-12-30');
    }

    // 5. A second batch whose volatility tripled from 2023 on, not trained on by request.
    const second = await post('/ingest', {
      source: 'sample',
      symbols: SYMBOLS,
      from: '2015-01-01',
      to: '2024-12-31',
      train: false,
      shock: { from: '2023-01-02', factor: 3 },
    });
    expect(second.status).toBe(202);

    // 6. drift.check (queued for every new batch) reports it against the champion and queues a retrain.
    const drift = await eventually(
      async () => {
        const { reports } = await get<{ reports: { batchId: string; drifted: boolean; shareDrifted: number; retrainJobId: string | null; modelVersionId: number }[] }>('/drift');
        return reports.find((r) => r.modelVersionId === v1.id && r.drifted);
      },
      180_000,
      'a drift report on the shocked batch',
    );
    expect(drift.shareDrifted).toBeGreaterThan(0.3);
    expect(drift.retrainJobId).toBeTruthy();

    // 7. The retrain ran with that reason.
    const run2 = await completedRun((r) => (r.reason ?? '').startsWith('drift:'), 'the drift retrain');
    expect(run2.batchId).toBe(drift.batchId);

    // 8. Its promotion decision is in the append-only history, with its numbers.
    const models2 = await get<Models>('/models');
    const v2 = models2.versions.find((v) => v.runId === run2.id) as Version;
    expect(v2).toBeDefined();
    const decided2 = models2.history.find((e) => e.versionId === v2.id && e.reason.startsWith('auto: '));
    expect(decided2).toBeDefined();
    expect(decided2?.metrics.decision?.outcome).toMatch(/^(champion|challenger)$/);
    expect(decided2?.metrics.decision?.evidence.baseline.pBetter).toBeTypeOf('number');

    // 9. Predictions for every symbol come from whichever version is champion now, on the new batch.
    const champion = models2.aliases.find((a) => a.alias === 'champion')?.versionId;
    expect([v1.id, v2.id]).toContain(champion);
    const predictions2 = await eventually(
      async () => {
        const { predictions } = await get<{ predictions: Prediction[] }>('/predictions');
        return predictions.length === SYMBOLS.length && predictions.every((p) => p.modelVersionId === champion && p.featureTs.startsWith('2024-12-31')) ? predictions : undefined;
      },
      120_000,
      'predictions of the champion on the new batch',
    );
    expect(predictions2.map((p) => p.symbol)).toEqual(SYMBOLS);
  }, 1_500_000);
});
