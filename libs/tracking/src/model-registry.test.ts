import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollbackError, TrackingConflictError, TrackingInputError, UnknownModelVersionError } from './errors.ts';
import { ModelRegistry, type RegisterModelInput } from './model-registry.ts';
import type { WindowScore } from './promotion.ts';

let t: TestDatabase;
let registry: ModelRegistry;
beforeAll(async () => {
  t = await createTestDatabase();
  registry = new ModelRegistry(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const W1 = 'b1:val';
const W2 = 'b2:val';
const model = (runId: string, windowId: string, logLoss: number): RegisterModelInput => ({
  runId,
  modelKind: 'mlp',
  featureSetHash: 'fs-1',
  artifactPrefix: `models/${runId}/`,
  validationMetrics: { windowId, logLoss, accuracy: 0.53, n: 300 },
  testMetrics: { accuracy: 0.52, auc: Number.NaN, logLoss: 0.69 },
});
const baselines = (windowId: string): Record<string, WindowScore> => ({
  majority: { windowId, logLoss: 0.6931 },
  logistic: { windowId, logLoss: 0.69 },
  persistence: { windowId, logLoss: Number.POSITIVE_INFINITY },
});

describe('ModelRegistry', () => {
  it('registers exactly one version per run', async () => {
    const v1 = await registry.register(model('r1', W1, 0.68));
    expect(v1.created).toBe(true);
    const again = await registry.register(model('r1', W1, 0.68));
    expect(again).toMatchObject({ id: v1.id, created: false });
    const concurrent = await Promise.all([registry.register(model('r2', W1, 0.685)), registry.register(model('r2', W1, 0.685))]);
    expect(concurrent[0].id).toBe(concurrent[1].id);
    expect(concurrent.filter((v) => v.created)).toHaveLength(1);
    expect((await registry.list()).versions).toHaveLength(2);
    expect(v1.testMetrics.auc).toBeNaN();
    await expect(registry.register({ ...model('r1', W1, 0.68), artifactPrefix: 'elsewhere/' })).rejects.toBeInstanceOf(
      TrackingConflictError,
    );
    await expect(
      registry.register({ ...model('r9', W1, 0.68), validationMetrics: { logLoss: 0.5 } as never }),
    ).rejects.toBeInstanceOf(TrackingInputError);
  });

  it('promotes the first model that beats the baselines, and records why with the metrics', async () => {
    const v1 = (await registry.byRun('r1'))!;
    const result = await registry.autoPromote(v1.id, { actor: 'trainer-a', baselines: baselines(W1) });
    expect(result.decision.outcome).toBe('champion');
    expect(result.change).toMatchObject({ changed: true, alias: 'champion', versionId: v1.id, previousVersionId: null });
    const champion = await registry.champion();
    expect(champion?.id).toBe(v1.id);
    const [event] = await registry.history();
    expect(event).toMatchObject({ alias: 'champion', versionId: v1.id, actor: 'trainer-a' });
    expect(event.reason).toMatch(/^auto: validation log loss 0\.6800 on b1:val beats/);
    const metrics = event.metrics as { baselines: Record<string, WindowScore>; candidate: { logLoss: number } };
    expect(metrics.candidate.logLoss).toBe(0.68);
    expect(metrics.baselines.persistence.logLoss).toBe(Number.POSITIVE_INFINITY);
    // Deciding again changes nothing and records nothing.
    expect((await registry.autoPromote(v1.id, { actor: 'trainer-b', baselines: baselines(W1) })).decision.outcome).toBe(
      'unchanged',
    );
    expect(await registry.history()).toHaveLength(1);
  });

  it('keeps a model that does not beat the champion as challenger', async () => {
    const v2 = (await registry.byRun('r2'))!;
    const result = await registry.autoPromote(v2.id, { actor: 'trainer-a', baselines: baselines(W1) });
    expect(result.decision.outcome).toBe('challenger');
    expect(result.change).toMatchObject({ alias: 'challenger', versionId: v2.id, changed: true });
    expect((await registry.champion())?.runId).toBe('r1');
    const again = await registry.autoPromote(v2.id, { actor: 'trainer-a', baselines: baselines(W1) });
    expect(again.change?.changed).toBe(false);
  });

  it('compares with a champion from another window only after it is re-scored on the candidate window', async () => {
    const v3 = await registry.register(model('r3', W2, 0.66));
    const blind = await registry.autoPromote(v3.id, { actor: 'trainer-a', baselines: baselines(W2) });
    expect(blind.decision.outcome).toBe('challenger');
    expect(blind.decision.reason).toContain('not re-scored');
    const rescored = await registry.autoPromote(v3.id, {
      actor: 'trainer-a',
      baselines: baselines(W2),
      championOnSameWindow: { versionId: (await registry.byRun('r1'))!.id, windowId: W2, logLoss: 0.672 },
    });
    expect(rescored.decision.outcome).toBe('champion');
    expect(rescored.change).toMatchObject({ versionId: v3.id, previousVersionId: (await registry.byRun('r1'))!.id });
    const list = await registry.list();
    // v3 was challenger; as champion it no longer is.
    expect(list.aliases.map((a) => [a.alias, a.versionId])).toEqual([['champion', v3.id]]);
    expect(list.versions.find((v) => v.id === v3.id)?.aliases).toEqual(['champion']);
    const [cleared] = await registry.history({ limit: 1 });
    expect(cleared).toMatchObject({ alias: 'challenger', versionId: v3.id, previousVersionId: v3.id });
  });

  it('promotes by hand and rolls back to an earlier version, appending to the history', async () => {
    const v1 = (await registry.byRun('r1'))!;
    const v2 = (await registry.byRun('r2'))!;
    const v3 = (await registry.byRun('r3'))!;
    const before = (await registry.history({ limit: 1000 })).length;

    await expect(registry.rollback(v3.id, { actor: 'ops', reason: 'x' })).rejects.toBeInstanceOf(RollbackError);
    const rolled = await registry.rollback(v1.id, { actor: 'ops', reason: 'v3 misbehaves live' });
    expect(rolled).toMatchObject({ changed: true, versionId: v1.id, previousVersionId: v3.id });
    expect(rolled.event?.reason).toBe(`rollback from v${v3.id}: v3 misbehaves live`);
    expect((await registry.champion())?.id).toBe(v1.id);

    const manual = await registry.promote(v2.id, { actor: 'alice', reason: 'reviewed' });
    expect(manual).toMatchObject({ changed: true, versionId: v2.id, previousVersionId: v1.id });
    expect((await registry.promote(v2.id, { actor: 'alice', reason: 'again' })).changed).toBe(false);
    await expect(registry.promote(9999, { actor: 'alice', reason: 'x' })).rejects.toBeInstanceOf(UnknownModelVersionError);

    const history = await registry.history({ limit: 1000 });
    // The rollback and the manual promotion (v2 had lost the challenger alias to v3 already).
    expect(history.length - before).toBe(2);
    expect(history[0].id).toBeGreaterThan(history[1].id);
    expect(history.map((e) => e.reason).slice(0, 2)).toEqual(['manual: reviewed', `rollback from v${v3.id}: v3 misbehaves live`]);
  });

  it('reports the champion age against the maximum', async () => {
    const champion = (await registry.champion())!;
    const fresh = await registry.championStatus(7, new Date(champion.createdAt.getTime() + 86_400_000));
    expect(fresh).toMatchObject({ versionId: champion.id, stale: false, maxAgeDays: 7 });
    expect(fresh?.ageDays).toBeCloseTo(1, 9);
    expect((await registry.championStatus(7, new Date(champion.createdAt.getTime() + 8 * 86_400_000)))?.stale).toBe(true);
  });

  it('serialises concurrent auto-promotions so one champion and one event per change result', async () => {
    const a = await registry.register(model('r4', 'b4:val', 0.6));
    const b = await registry.register(model('r5', 'b4:val', 0.61));
    const current = (await registry.champion())!;
    const rescore = { versionId: current.id, windowId: 'b4:val', logLoss: 0.65 };
    await Promise.all([
      registry.autoPromote(a.id, { actor: 'w1', baselines: baselines('b4:val'), championOnSameWindow: rescore }),
      registry.autoPromote(b.id, { actor: 'w2', baselines: baselines('b4:val'), championOnSameWindow: rescore }),
    ]);
    // Whatever the order, the better model (a) ends up champion: b never beats it on the same window.
    expect((await registry.champion())?.id).toBe(a.id);
    const championEvents = (await registry.history({ limit: 1000 })).filter((e) => e.alias === 'champion');
    // Every champion event starts from where the previous one ended.
    for (let i = 0; i + 1 < championEvents.length; i++)
      expect(championEvents[i].previousVersionId).toBe(championEvents[i + 1].versionId);
    expect(championEvents.some((e) => e.previousVersionId === current.id)).toBe(true);

    // A re-score of a champion that has been replaced since does not count.
    const c = await registry.register(model('r6', 'b4:val', 0.605));
    const stale = await registry.autoPromote(c.id, {
      actor: 'w1',
      baselines: baselines('b4:val'),
      championOnSameWindow: rescore,
    });
    expect(stale.decision.outcome).toBe('challenger');
    expect(stale.decision.reason).toContain(`champion v${a.id}`);
  });
});
