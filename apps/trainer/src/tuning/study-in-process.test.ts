import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../ml/dataset.ts';
import { syntheticBatch } from '../ml/testing/synthetic-series.ts';
import { fitFinal, predictSplit } from '../ml/train.ts';
import { runStudyInProcess, trialSeed } from './study-in-process.ts';

describe('runStudyInProcess', () => {
  const ds = prepareDataset(syntheticBatch({ symbols: 1, bars: 500, seed: 21, phi: 0.2 }));

  it('is deterministic for a seed and keeps the best model, identical to fitFinal with the trial seed', async () => {
    const a = await runStudyInProcess(ds, { mode: 'ultra_fast', model: 'mlp', seed: 9, trials: 4, keepBestModel: true });
    const b = await runStudyInProcess(ds, { mode: 'ultra_fast', model: 'mlp', seed: 9, trials: 4 });
    expect(b.trials.map((t) => [t.params, t.curve, t.status])).toEqual(a.trials.map((t) => [t.params, t.curve, t.status]));
    expect(b.bestModel).toBeUndefined();
    expect(a.best.status).toBe('complete');
    expect(a.best.value).toBe(Math.min(...a.trials.filter((t) => t.status === 'complete').map((t) => t.value as number)));
    const refit = await fitFinal(ds, a.best.trialParams, { seed: trialSeed(9, a.best.number) });
    const kept = a.bestModel;
    if (!kept) throw new Error('keepBestModel returned no model');
    expect(Array.from(predictSplit(kept, ds, ds.test))).toEqual(Array.from(predictSplit(refit, ds, ds.test)));
    refit.dispose();
    kept.dispose();
  }, 120_000);
});
