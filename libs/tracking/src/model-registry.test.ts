import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureSetMismatchError, RollbackError, TrackingConflictError, TrackingInputError, UnknownModelVersionError } from './errors.ts';
import { ModelRegistry } from './model-registry.ts';
import type { PromotionDecision } from './promotion.ts';
import { evidenceFor, paired, versionInput } from './testing.ts';

let t: TestDatabase;
let registry: ModelRegistry;
beforeAll(async () => {
  t = await createTestDatabase();
  registry = new ModelRegistry(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const id = async (runId: string) => (await registry.byRun(runId))?.id as number;
const champ = (versionId: number, scored = paired(0.68, 0.69, 0.05)) => ({ versionId, featureSetHash: 'fs-hash-1', scored });

describe('ModelRegistry', () => {
  it('registers exactly one version per run, with its skill verdict and windows', async () => {
    const v1 = await registry.register(versionInput('r1', { skill: 'significant', testMetrics: { auc: Number.NaN } }));
    expect(v1).toMatchObject({ created: true, skill: 'significant', promotion: null });
    expect(v1.windows?.test.n).toBe(150);
    const again = await registry.register(versionInput('r1'));
    expect(again).toMatchObject({ id: v1.id, created: false });
    const concurrent = await Promise.all([registry.register(versionInput('r2')), registry.register(versionInput('r2'))]);
    expect(concurrent[0].id).toBe(concurrent[1].id);
    expect(concurrent.filter((v) => v.created)).toHaveLength(1);
    expect((await registry.list()).versions).toHaveLength(2);
    expect(v1.testMetrics.auc).toBeNaN();
    await expect(registry.register(versionInput('r1', { artifactPrefix: 'elsewhere/' }))).rejects.toBeInstanceOf(TrackingConflictError);
    await expect(registry.register(versionInput('r9', { skill: 'maybe' as never }))).rejects.toBeInstanceOf(TrackingInputError);
    await expect(registry.register(versionInput('r9', { windows: {} as never }))).rejects.toBeInstanceOf(TrackingInputError);
  });

  it('makes the first model champion (rule 1) and records the decision with its numbers, once', async () => {
    const v1 = await id('r1');
    const result = await registry.autoPromote(v1, { actor: 'trainer-a', evidence: evidenceFor(v1) });
    expect(result.decision).toMatchObject({ outcome: 'champion', rule: 'first-model' });
    expect(result.change).toMatchObject({ changed: true, alias: 'champion', versionId: v1, previousVersionId: null });
    expect((await registry.champion())?.id).toBe(v1);
    const [event] = await registry.history();
    expect(event).toMatchObject({ alias: 'champion', versionId: v1, actor: 'trainer-a' });
    expect(event.reason).toMatch(/^auto: first model \(no champion yet\): not significantly worse than majority/);
    const recorded = (event.metrics as { decision: PromotionDecision }).decision;
    expect(recorded.evidence.window).toMatchObject({ id: 'w-test', n: 600 });
    expect(recorded.evidence.baseline).toMatchObject({ name: 'majority', candidateLogLoss: 0.688, otherLogLoss: 0.6925, pBetter: 0.2 });
    expect((await registry.get(v1))?.promotion?.outcome).toBe('champion');
    // Deciding again (a retried job) returns the stored decision and records nothing.
    const again = await registry.autoPromote(v1, { actor: 'trainer-b', evidence: evidenceFor(v1, { baseline: paired(0.9, 0.69, 0.999) }) });
    expect(again.decision.outcome).toBe('champion');
    expect(again.change).toBeUndefined();
    expect(await registry.history()).toHaveLength(1);
  });

  it('keeps a model that does not beat the champion by more than noise as challenger', async () => {
    const [v1, v2] = [await id('r1'), await id('r2')];
    const result = await registry.autoPromote(v2, { actor: 'trainer-a', evidence: evidenceFor(v2, { champion: champ(v1, paired(0.689, 0.6895, 0.4)) }) });
    expect(result.decision).toMatchObject({ outcome: 'challenger', rule: 'replace-champion' });
    expect(result.change).toMatchObject({ alias: 'challenger', versionId: v2, changed: true });
    expect((await registry.champion())?.runId).toBe('r1');
  });

  it('replaces the champion when better than it and the baseline on the same window', async () => {
    const v1 = await id('r1');
    const v3 = (await registry.register(versionInput('r3'))).id;
    const result = await registry.autoPromote(v3, {
      actor: 'trainer-a',
      evidence: evidenceFor(v3, { baseline: paired(0.67, 0.6925, 0.01), champion: champ(v1, paired(0.67, 0.688, 0.03)) }),
    });
    expect(result.decision.outcome).toBe('champion');
    expect(result.change).toMatchObject({ versionId: v3, previousVersionId: v1 });
  });

  it('keeps a candidate challenger when the champion changed while its evidence was gathered', async () => {
    const v4 = (await registry.register(versionInput('r4'))).id;
    const stale = await registry.autoPromote(v4, {
      actor: 'w1',
      evidence: evidenceFor(v4, { baseline: paired(0.6, 0.69, 1e-6), champion: champ(await id('r1'), paired(0.6, 0.69, 1e-6)) }),
    });
    expect(stale.decision.outcome).toBe('challenger');
    expect(stale.decision.reason).toContain(`the champion changed while the evidence was gathered (v${await id('r1')} → v${await id('r3')})`);
  });

  it('serialises concurrent decisions: one champion, one event per change', async () => {
    const current = (await registry.champion())?.id as number;
    const [a, b] = [(await registry.register(versionInput('r5'))).id, (await registry.register(versionInput('r6'))).id];
    const strong = (v: number) => evidenceFor(v, { baseline: paired(0.6, 0.69, 1e-6), champion: champ(current, paired(0.6, 0.69, 1e-6)) });
    const results = await Promise.all([registry.autoPromote(a, { actor: 'w1', evidence: strong(a) }), registry.autoPromote(b, { actor: 'w2', evidence: strong(b) })]);
    // The first to take the lock replaces the champion; the other's evidence names a champion that is gone.
    expect(results.map((r) => r.decision.outcome).sort()).toEqual(['challenger', 'champion']);
    const championEvents = (await registry.history({ limit: 1000 })).filter((e) => e.alias === 'champion');
    for (let i = 0; i + 1 < championEvents.length; i++) expect(championEvents[i].previousVersionId).toBe(championEvents[i + 1].versionId);
  });

  it('promotes by hand and rolls back, refusing unknown versions and other feature sets', async () => {
    const [v1, v2] = [await id('r1'), await id('r2')];
    const champion = (await registry.champion())?.id as number;
    const before = (await registry.history({ limit: 1000 })).length;
    const rolled = await registry.rollback(v1, { actor: 'ops', reason: 'live misbehaviour' });
    expect(rolled).toMatchObject({ changed: true, versionId: v1, previousVersionId: champion });
    await expect(registry.rollback(v2, { actor: 'ops', reason: 'x' })).rejects.toBeInstanceOf(RollbackError);
    const manual = await registry.promote(v2, { actor: 'alice', reason: 'reviewed' });
    expect(manual).toMatchObject({ changed: true, versionId: v2, previousVersionId: v1 });
    expect((await registry.promote(v2, { actor: 'alice', reason: 'again' })).changed).toBe(false);
    await expect(registry.promote(9999, { actor: 'alice', reason: 'x' })).rejects.toBeInstanceOf(UnknownModelVersionError);
    const other = (await registry.register(versionInput('r7', { featureSetHash: 'fs-hash-2' }))).id;
    const refused = registry.promote(other, { actor: 'alice', reason: 'x' });
    await expect(refused).rejects.toBeInstanceOf(FeatureSetMismatchError);
    await expect(refused).rejects.toThrow(/fs-hash-2.*fs-hash-1/);
    const history = await registry.history({ limit: 1000 });
    expect(history.length - before).toBe(2); // the rollback and the manual promotion
    expect(history.find((e) => e.reason === 'manual: reviewed')).toBeDefined();
  });

  it('reports the champion age against the maximum', async () => {
    const champion = (await registry.champion()) as NonNullable<Awaited<ReturnType<ModelRegistry['champion']>>>;
    const fresh = await registry.championStatus(7, new Date(champion.createdAt.getTime() + 86_400_000));
    expect(fresh).toMatchObject({ versionId: champion.id, stale: false, maxAgeDays: 7 });
    expect(fresh?.ageDays).toBeCloseTo(1, 9);
    expect((await registry.championStatus(7, new Date(champion.createdAt.getTime() + 8 * 86_400_000)))?.stale).toBe(true);
  });
});
