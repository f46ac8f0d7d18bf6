import { logLoss } from '../../evaluation/classification-metrics.ts';
import type { PreparedDataset } from '../dataset.ts';
import { ModelArtifactError } from '../errors.ts';
import { scaledRows } from '../frame-input.ts';
import type { FeatureImportance, FitOptions, FitOutcome, FittedModel, ModelFamily, ModelMeta, ScoringFrame } from '../model.ts';
import type { Scaler } from '../scaler.ts';
import type { TrialParams } from '../types.ts';
import { fitLogisticRegressionAsync, type LogisticFit, predictLogistic } from './irls.ts';
import { normalizeLogisticParams } from './logistic-descriptor.ts';

const FILE = 'model.logistic.json';

class FittedLogistic implements FittedModel {
  constructor(
    readonly fit: LogisticFit,
    readonly scaler: Scaler,
    readonly featureNames: string[],
    readonly meta: ModelMeta,
  ) {}

  predictFrame(frame: ScoringFrame, rows: ArrayLike<number>): Float64Array {
    return predictLogistic(this.fit, scaledRows(frame, this.featureNames, this.scaler, rows), rows.length, this.featureNames.length);
  }

  importances(): FeatureImportance[] | null {
    return null;
  }

  async serialize(): Promise<Record<string, Buffer>> {
    return { [FILE]: Buffer.from(JSON.stringify({ weights: Array.from(this.fit.weights), iterations: this.fit.iterations })) };
  }

  dispose(): void {}
}

/**
 * L2 logistic regression fitted exactly (Newton's method) on the training window: convex, so there is
 * nothing to early-stop; the ridge is tuned on the validation window. One Newton iteration is one
 * step of the validation curve.
 */
export const logisticFamily: ModelFamily = {
  async fit(ds: PreparedDataset, rawParams: TrialParams, opts: FitOptions): Promise<FitOutcome> {
    const params = normalizeLogisticParams(rawParams);
    const f = ds.featureNames.length;
    const curve: number[] = [];
    const decisions: Promise<unknown>[] = [];
    let pruned = false;
    const fit = await fitLogisticRegressionAsync(ds.train.x, ds.train.y, ds.train.n, f, {
      l2: Number(params.l2),
      onIteration: (step, partial) => {
        const loss = logLoss(ds.val.y, predictLogistic(partial, ds.val.x, ds.val.n, f));
        curve.push(loss);
        if (!opts.onStep) return undefined;
        const decision = opts.onStep(step, loss);
        if (decision === 'stop') {
          pruned = true;
          return false;
        }
        if (decision instanceof Promise) decisions.push(decision);
        return undefined;
      },
    });
    // An async pruner may answer after the Newton loop moved on: honour a late 'stop' for the record.
    for (const d of await Promise.all(decisions)) if (d === 'stop') pruned = true;
    const bestStep = curve.length - 1;
    const model = new FittedLogistic(fit, ds.scaler, ds.featureNames, {
      kind: 'logistic',
      params,
      seed: opts.seed,
      featureSet: ds.featureSet,
      featureSetHash: ds.featureSetHash,
      window: 1,
      bestStep,
      valCurve: curve,
      engine: 'typescript',
    });
    return { model, curve, bestStep, bestLoss: curve[bestStep], pruned };
  },

  async load(files: Record<string, Buffer>, meta: ModelMeta, scaler: Scaler, featureNames: string[]): Promise<FittedModel> {
    const file = files[FILE];
    if (!file) throw new ModelArtifactError(`model artifact ${FILE} is missing`);
    const { weights, iterations } = JSON.parse(file.toString('utf8')) as { weights: number[]; iterations: number };
    if (!Array.isArray(weights) || weights.length !== featureNames.length + 1) throw new ModelArtifactError(`${FILE} has ${weights?.length} weights for ${featureNames.length} features`);
    return new FittedLogistic({ weights: Float64Array.from(weights), iterations }, scaler, featureNames, meta);
  },
};
