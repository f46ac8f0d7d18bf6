import { scaledRows } from '../frame-input.ts';
import type { PreparedDataset } from '../dataset.ts';
import type { FeatureImportance, FitOptions, FitOutcome, FittedModel, ModelFamily, ModelMeta, ScoringFrame } from '../model.ts';
import { ModelArtifactError } from '../errors.ts';
import type { Scaler } from '../scaler.ts';
import type { TrialParams } from '../types.ts';
import { fitGbdt } from './fit-gbdt.ts';
import { normalizeGbdtParams } from './gbdt-descriptor.ts';
import { GbdtModel } from './gbdt-model.ts';

/** The ensemble's own file in the artifact store: the binary codec's bytes. */
const GBDT_FILE = 'model.gbdt';

/** A fitted booster behind the common model interface: needs no TensorFlow to predict or load. */
class FittedGbdt implements FittedModel {
  constructor(
    readonly booster: GbdtModel,
    readonly scaler: Scaler,
    readonly featureNames: string[],
    readonly meta: ModelMeta,
  ) {}

  predictFrame(frame: ScoringFrame, rows: ArrayLike<number>): Float64Array {
    return this.booster.predictProba(scaledRows(frame, this.featureNames, this.scaler, rows), rows.length);
  }

  importances(): FeatureImportance[] {
    const { gain, splits } = this.booster.importances(this.featureNames);
    return this.featureNames.map((feature, j) => ({ feature, gain: gain[j], splits: splits[j] })).sort((a, b) => b.gain - a.gain);
  }

  async serialize(): Promise<Record<string, Buffer>> {
    return { [GBDT_FILE]: this.booster.toBytes() };
  }

  dispose(): void {}
}

/**
 * Gradient-boosted trees (histogram method, see gbdt/README.md) on the dataset's scaled inputs: one
 * boosting round is one step of the validation curve, so the median pruner stops a trial's boosting
 * as it stops a network's epochs.
 */
export const gbdtFamily: ModelFamily = {
  async fit(ds: PreparedDataset, rawParams: TrialParams, opts: FitOptions): Promise<FitOutcome> {
    const params = normalizeGbdtParams(rawParams);
    const f = ds.featureNames.length;
    let pruned = false;
    const labels = (y: Float32Array) => Uint8Array.from(y);
    const train = { x: ds.train.x, y: labels(ds.train.y), n: ds.train.n, f };
    const val = { x: ds.val.x, y: labels(ds.val.y), n: ds.val.n, f };
    const booster = await fitGbdt(train, val, params as never, {
      seed: opts.seed,
      onRound: async (round, valLoss) => {
        if (!opts.onStep) return;
        if ((await opts.onStep(round, valLoss)) === 'stop') {
          pruned = true;
          return 'stop';
        }
      },
    });
    const curve = [...booster.valCurve];
    const bestStep = booster.bestIteration;
    const model = new FittedGbdt(booster, ds.scaler, ds.featureNames, {
      kind: 'gbdt',
      params: { ...params, roundsUsed: booster.roundsUsed, bestIteration: bestStep },
      seed: opts.seed,
      featureSet: ds.featureSet,
      featureSetHash: ds.featureSetHash,
      window: 1,
      bestStep,
      valCurve: curve,
      engine: 'typescript',
    });
    return { model, curve, bestStep, bestLoss: curve[bestStep] ?? Number.POSITIVE_INFINITY, pruned };
  },

  async load(files: Record<string, Buffer>, meta: ModelMeta, scaler: Scaler, featureNames: string[]): Promise<FittedModel> {
    const bytes = files[GBDT_FILE];
    if (!bytes) throw new ModelArtifactError(`model artifact ${GBDT_FILE} is missing`);
    return new FittedGbdt(GbdtModel.fromBytes(bytes), scaler, featureNames, meta);
  },
};
