import { describe, expect, it } from 'vitest';
import { runStudyInProcess } from '../tuning/study-in-process.ts';
import { pairedLogLossTest } from '../evaluation/paired-test.ts';
import { prepareDataset } from './dataset.ts';
import { evaluateModel } from './evaluate-test.ts';
import { loadModel, serializeModel } from './model-files.ts';
import { predictLatest } from './predict-latest.ts';
import { syntheticBatch } from './testing/synthetic-series.ts';
import { fitFinal, predictSplit, trainTrial } from './train.ts';
import { selectBackend } from './tfjs/backend.ts';
import type { TrialParams } from './types.ts';

const mlp: TrialParams = {
  model: 'mlp',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 6,
  l2: 1e-4,
  layers: 2,
  units: 16,
  dropout: 0.2,
};
const lstm: TrialParams = {
  model: 'lstm',
  learningRate: 0.005,
  batchSize: 64,
  epochs: 2,
  l2: 1e-4,
  units: 8,
  window: 5,
  dropout: 0.1,
};

describe('backend', () => {
  it('reports the backend that actually runs, and is idempotent', async () => {
    const a = await selectBackend('auto');
    expect(a.name).toBe(a.tf.getBackend());
    expect(['tensorflow', 'wasm', 'cpu']).toContain(a.name);
    const b = await selectBackend('cpu');
    expect(b).toBe(a);
  }, 120_000);
});

describe('training', () => {
  const ds = prepareDataset(syntheticBatch({ symbols: 2, bars: 400, seed: 11, phi: 0.2 }));

  it('is reproducible with the same seed on the same backend (dropout included)', async () => {
    const a = await trainTrial(ds, mlp, { seed: 42 });
    const b = await trainTrial(ds, mlp, { seed: 42 });
    const c = await trainTrial(ds, mlp, { seed: 43 });
    expect(b.curve).toEqual(a.curve);
    expect(c.curve).not.toEqual(a.curve);
    expect(a.value).toBe(Math.min(...a.curve));
    expect(a.pruned).toBe(false);
  }, 120_000);

  it('lets the caller stop (prune) after an epoch, yielding to the event loop meanwhile', async () => {
    let timerFired = 0;
    const timer = setInterval(() => timerFired++, 0);
    const seen: number[] = [];
    const r = await trainTrial(
      ds,
      { ...mlp, epochs: 10 },
      {
        seed: 1,
        onStep: async (step) => {
          seen.push(step);
          return step >= 1 ? 'stop' : 'continue';
        },
      },
    );
    clearInterval(timer);
    expect(r).toMatchObject({ pruned: true, steps: 2 });
    expect(seen).toEqual([0, 1]);
    expect(timerFired).toBeGreaterThan(0);
  }, 120_000);

  it('serialize → load → predict gives the same probabilities (mlp and lstm)', async () => {
    for (const params of [mlp, lstm]) {
      const model = await fitFinal(ds, params, { seed: 5 });
      const files = await serializeModel(model);
      expect(Object.keys(files).sort()).toEqual(['features.json', 'meta.json', 'model.json', 'scaler.json', 'weights.bin']);
      const meta = JSON.parse(files['meta.json'].toString());
      expect(meta).toMatchObject({
        kind: params.model,
        seed: 5,
        featureSetHash: ds.featureSetHash,
        window: params.model === 'lstm' ? 5 : 1,
      });
      expect(meta.engine).toBe((await selectBackend()).name);
      const loaded = await loadModel(files);
      expect(Array.from(predictSplit(loaded, ds, ds.test))).toEqual(Array.from(predictSplit(model, ds, ds.test)));
      model.dispose();
      loaded.dispose();
    }
  }, 120_000);

  it("predictLatest scores the latest (unlabelled) row of each symbol with the model's scaler", async () => {
    const batch = syntheticBatch({ symbols: 2, bars: 400, seed: 11, phi: 0.2 });
    const model = await fitFinal(ds, lstm, { seed: 5 });
    const out = predictLatest(model, batch);
    model.dispose();
    expect(out.map((o) => o.symbol)).toEqual(['SYN0', 'SYN1']);
    for (const o of out) {
      expect(o.ts).toBe(Math.max(...batch.ts));
      expect(o.probabilityUp).toBeGreaterThan(0);
      expect(o.probabilityUp).toBeLessThan(1);
    }
  }, 120_000);
});

describe('honest evaluation end to end (ultra_fast study → refit → one test evaluation)', () => {
  async function evaluateSeries(phi: number) {
    const ds = prepareDataset(syntheticBatch({ symbols: 2, bars: 1200, seed: 2024, phi }));
    const study = await runStudyInProcess(ds, { mode: 'ultra_fast', model: 'mlp', seed: 7 });
    expect(study.trials).toHaveLength(5);
    const model = await fitFinal(ds, study.best.trialParams, { seed: 7 });
    const { report, predictions } = await evaluateModel(model, ds, { seed: 7 });
    model.dispose();
    return { result: report, baselines: report.baselines, predictions };
  }

  it("a driftless random walk scores inside the fair coin's 95% band, with no skill", async () => {
    const { result, baselines } = await evaluateSeries(0);
    console.error(
      `random walk: n=${result.test.n} accuracy=${result.test.accuracy.toFixed(4)} CI=[${result.test.accuracyCI.lower.toFixed(4)}, ${result.test.accuracyCI.upper.toFixed(4)}] p=${result.test.pValue.toFixed(3)}`,
    );
    expect(result.test.accuracyCI.lower).toBeLessThan(0.5);
    expect(result.test.accuracyCI.upper).toBeGreaterThan(0.5);
    expect(result.test.pValue).toBeGreaterThan(0.05);
    expect(result.suspectedLeak.suspected).toBe(false);
    expect(result.skill.verdict).toBe('none');
    expect(baselines.majority.auc).toBe(0.5);
  }, 120_000);

  it('a planted lag-1 autocorrelation of 0.3 is found (accuracy above the majority rate, log loss below it)', async () => {
    const { result, baselines, predictions } = await evaluateSeries(0.3);
    console.error(
      `planted phi=0.3: n=${result.test.n} accuracy=${result.test.accuracy.toFixed(4)} CI=[${result.test.accuracyCI.lower.toFixed(4)}, ${result.test.accuracyCI.upper.toFixed(4)}] p=${result.test.pValue.toExponential(2)}`,
    );
    expect(result.test.accuracyCI.lower).toBeGreaterThan(0.5);
    expect(result.test.pValue).toBeLessThan(0.01);
    expect(result.test.auc).toBeGreaterThan(0.55);
    // persistence also exploits positive autocorrelation; the majority class cannot
    expect(baselines.persistence.accuracy).toBeGreaterThan(0.5);
    expect(result.test.accuracy).toBeGreaterThan(baselines.majority.accuracy);
    // Better than the majority class by more than noise, row by row ...
    const vsMajority = pairedLogLossTest(predictions.y, predictions.model, predictions.baselines.majority, predictions.ts);
    expect(vsMajority.pBetter).toBeLessThan(0.05);
    // ... but a linear lag-1 effect is exactly what the logistic baseline learns too: skill is judged
    // against the BEST baseline, so it need not be significant, and the report says which one it was.
    expect(['majority', 'logistic']).toContain(result.skill.against);
    if (result.skill.against === 'majority') expect(result.skill.verdict).toBe('significant');
  }, 120_000);
});
