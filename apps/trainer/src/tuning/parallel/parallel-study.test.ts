import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataset } from '../../ml/dataset.ts';
import { syntheticBatch } from '../../ml/testing/synthetic-series.ts';
import { fitFinal, predictSplit } from '../../ml/train.ts';
import { evaluateOfflineBatch, type OfflineReport } from '../../offline/evaluate-offline.ts';
import { shouldPrune } from '../median-pruner.ts';
import { runStudyInProcess, type TrialRecord, trialSeed } from '../study-in-process.ts';
import { TrialPool } from './trial-pool.ts';

const ds = prepareDataset(syntheticBatch({ symbols: 1, bars: 900, seed: 31, phi: 0.15 }));
const STUDY = { mode: 'full', model: 'gbdt', seed: 5, trials: 12, keepBestModel: true } as const;
const trialView = (trials: TrialRecord[]) => trials.map((t) => ({ number: t.number, params: t.params, status: t.status, value: t.value, curve: t.curve }));

describe('a study on worker threads', () => {
  const pools: TrialPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });
  const pool = (n: number) => {
    const p = new TrialPool(n);
    pools.push(p);
    return p;
  };

  it('with one worker is the sequential study, and hands back the winner as fitFinal would fit it', async () => {
    const sequential = await runStudyInProcess(ds, STUDY);
    const oneWorker = await runStudyInProcess(ds, { ...STUDY, pool: pool(1) });
    expect(trialView(oneWorker.trials)).toEqual(trialView(sequential.trials));
    expect(oneWorker.best.number).toBe(sequential.best.number);
    const moved = oneWorker.bestModel;
    const here = sequential.bestModel;
    if (!moved || !here) throw new Error('keepBestModel returned no model');
    const refit = await fitFinal(ds, oneWorker.best.trialParams, { seed: trialSeed(STUDY.seed, oneWorker.best.number) });
    expect(Array.from(predictSplit(moved, ds, ds.test))).toEqual(Array.from(predictSplit(refit, ds, ds.test)));
    expect(Array.from(predictSplit(moved, ds, ds.test))).toEqual(Array.from(predictSplit(here, ds, ds.test)));
    for (const m of [moved, here, refit]) m.dispose();
  }, 120_000);

  it('with two workers gives the same study twice, each trial pruned only against trials 0..k-2', async () => {
    const a = await runStudyInProcess(ds, { ...STUDY, pool: pool(2) });
    const b = await runStudyInProcess(ds, { ...STUDY, pool: pool(2) });
    expect(trialView(b.trials)).toEqual(trialView(a.trials));
    expect(b.best.number).toBe(a.best.number);
    const pruned = a.trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      const visible = a.trials.filter((o) => o.number <= t.number - 2 && o.status === 'complete').map((o) => o.curve);
      // Pruned at the last step it ran, and not one step before: the median pruner over the visible trials.
      expect(shouldPrune(t.curve, visible)).toBe(true);
      expect(shouldPrune(t.curve.slice(0, -1), visible)).toBe(false);
    }
    a.bestModel?.dispose();
    b.bestModel?.dispose();
  }, 120_000);

  it('evaluateOfflineBatch with workers 2 reports the same trials and test metrics on every run', async () => {
    const batch = syntheticBatch({ symbols: 1, bars: 1200, seed: 4, phi: 0.2 });
    const run = () => evaluateOfflineBatch(batch, { mode: 'ultra_fast', model: 'gbdt', trials: 6, seed: 8, workers: 2 });
    const stable = (r: OfflineReport) => ({ trials: r.trials.list.map(({ seconds: _s, ...t }) => t), best: r.best, test: r.test, strategy: r.strategy, importances: r.importances });
    const [a, b] = [await run(), await run()];
    expect(a.workers).toBe(2);
    expect(stable(b)).toEqual(stable(a));
    expect(a.timings.firstTrial).toBeGreaterThan(0);
  }, 120_000);
});
