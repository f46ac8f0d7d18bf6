import { afterAll, describe, expect, it } from 'vitest';
import { prepareDataset } from '../../ml/dataset.ts';
import { syntheticBatch } from '../../ml/testing/synthetic-series.ts';
import type { FittedModel } from '../../ml/model.ts';
import { fitFinal, predictSplit } from '../../ml/train.ts';
import { evaluateOfflineBatch, type OfflineReport } from '../../offline/evaluate-offline.ts';
import { shouldPrune } from '../median-pruner.ts';
import { runStudyInProcess, type TrialRecord, trialSeed } from '../study-in-process.ts';
import { toTrialParams } from '../search-space.ts';
import { TrialPool } from './trial-pool.ts';
import { WorkerTrialRunner } from './worker-trial-runner.ts';

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

  it('with one runner is the sequential study', async () => {
    const sequential = await runStudyInProcess(ds, STUDY);
    const oneRunner = await runStudyInProcess(ds, { ...STUDY, pool: pool(1) });
    expect(trialView(oneRunner.trials)).toEqual(trialView(sequential.trials));
    expect(oneRunner.best.number).toBe(sequential.best.number);
    for (const r of [sequential, oneRunner]) r.bestModel?.dispose();
  }, 120_000);

  it('a worker thread hands back the model it kept, as fitFinal would fit it', async () => {
    const worker = new WorkerTrialRunner({ backend: 'auto' });
    try {
      worker.setDataset(ds);
      const trialParams = toTrialParams({ model: 'gbdt', learningRate: 0.1, maxDepth: 3, minChildWeight: 2, subsample: 0.8, colsampleByTree: 0.9, lambda: 1, gamma: 0 });
      const outcome = await worker.run({ id: 7, trialParams, seed: trialSeed(5, 7), completedCurves: [], keep: true });
      expect(outcome.status).toBe('complete');
      expect(await worker.takeModel(6)).toBeNull();
      const moved = await worker.takeModel(7);
      if (!moved) throw new Error('the worker kept no model');
      const refit = await fitFinal(ds, trialParams, { seed: trialSeed(5, 7) });
      expect(Array.from(predictSplit(moved, ds, ds.test))).toEqual(Array.from(predictSplit(refit, ds, ds.test)));
      expect(moved.meta.valCurve).toEqual(outcome.curve);
      for (const m of [moved, refit]) m.dispose();
    } finally {
      await worker.close();
    }
  }, 120_000);

  it('with two workers gives the same study twice, each trial pruned only against trials 0..k-2', async () => {
    // Run a starts with its worker loaded, so trials are spread over both threads; run b starts at once,
    // while its worker loads, so the first trials run here: the study must not care where trials ran.
    const warm = pool(2);
    await warm.whenReady();
    const a = await runStudyInProcess(ds, { ...STUDY, pool: warm });
    const b = await runStudyInProcess(ds, { ...STUDY, pool: pool(2) });
    expect(trialView(b.trials)).toEqual(trialView(a.trials));
    expect(b.best.number).toBe(a.best.number);
    // The winner (from whichever runner fitted it) is the trial refitted with its seed.
    const refit = await fitFinal(ds, a.best.trialParams, { seed: trialSeed(STUDY.seed, a.best.number) });
    expect(Array.from(predictSplit(a.bestModel as FittedModel, ds, ds.test))).toEqual(Array.from(predictSplit(refit, ds, ds.test)));
    refit.dispose();
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
