import { describe, expect, it } from 'vitest';
import { prepareDataset } from '../dataset.ts';
import { evaluateModel } from '../evaluate-test.ts';
import { loadModel, serializeModel } from '../model-files.ts';
import { predictLatest } from '../predict-latest.ts';
import { syntheticBatch } from '../testing/synthetic-series.ts';
import { fitFinal, predictSplit, trainTrial } from '../train.ts';
import type { TrialParams } from '../types.ts';

const params: TrialParams = { model: 'gbdt', learningRate: 0.1, maxDepth: 3, minChildWeight: 2, subsample: 0.9, colsampleByTree: 0.9, lambda: 1, gamma: 0 };

describe('gbdt behind the common model interface', () => {
  const batch = syntheticBatch({ symbols: 2, bars: 900, seed: 5, phi: 0.3 });
  const ds = prepareDataset(batch);

  it('fits, reports a validation curve per round, and early-stops', async () => {
    const r = await trainTrial(ds, params, { seed: 1 });
    expect(r.steps).toBeGreaterThan(20);
    expect(r.steps).toBeLessThanOrEqual(1000);
    expect(r.value).toBe(Math.min(...r.curve));
    expect(r.pruned).toBe(false);
  });

  it('lets the pruner stop the boosting after a round', async () => {
    const seen: number[] = [];
    const r = await trainTrial(ds, params, { seed: 1, onStep: (step) => (seen.push(step), step >= 4 ? 'stop' : 'continue') });
    expect(r).toMatchObject({ pruned: true, steps: 5 });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('serializes to its own file, loads back without TensorFlow and predicts the same', async () => {
    const model = await fitFinal(ds, params, { seed: 3 });
    const files = await serializeModel(model);
    expect(Object.keys(files).sort()).toEqual(['features.json', 'meta.json', 'model.gbdt', 'scaler.json']);
    expect(JSON.parse(files['meta.json'].toString())).toMatchObject({ kind: 'gbdt', engine: 'typescript', window: 1 });
    const loaded = await loadModel(files);
    expect(Array.from(predictSplit(loaded, ds, ds.test))).toEqual(Array.from(predictSplit(model, ds, ds.test)));
    expect(predictLatest(loaded, batch).map((p) => p.symbol)).toEqual(['SYN0', 'SYN1']);
  });

  it('reports gain and split importances, the lagged return first on a planted lag-1 effect', async () => {
    const model = await fitFinal(ds, params, { seed: 3 });
    const { report } = await evaluateModel(model, ds);
    expect(report.importances?.length).toBe(ds.featureNames.length);
    const [top] = report.importances ?? [];
    expect(top.feature).toBe('ret1');
    expect(top.gain).toBeGreaterThan(0);
    expect(top.splits).toBeGreaterThan(0);
  });

  it('is deterministic: the same seed gives byte-identical artifacts', async () => {
    const a = await serializeModel(await fitFinal(ds, params, { seed: 9 }));
    const b = await serializeModel(await fitFinal(ds, params, { seed: 9 }));
    expect(a['model.gbdt'].equals(b['model.gbdt'])).toBe(true);
  });
});
