import { InvalidParamsError } from '../errors.ts';
import type { SearchSpace } from '../param-space.ts';
import type { TrialParams } from '../types.ts';
import { resolveGbdtParams } from './params.ts';

/** Boosting rounds are not tuned: up to this many, early-stopped on validation log loss after EARLY_STOPPING idle rounds. */
export const GBDT_MAX_ROUNDS = 1000;
export const GBDT_EARLY_STOPPING = 20;

/** The search space of gradient-boosted trees, as the XGBoost + Optuna setup it replaces. */
export function gbdtSpace(): SearchSpace {
  return {
    learningRate: { type: 'float', low: 0.005, high: 0.3, log: true },
    maxDepth: { type: 'int', low: 2, high: 8 },
    minChildWeight: { type: 'float', low: 1, high: 20, log: true },
    subsample: { type: 'float', low: 0.5, high: 1 },
    colsampleByTree: { type: 'float', low: 0.5, high: 1 },
    lambda: { type: 'float', low: 1e-3, high: 10, log: true },
    gamma: { type: 'float', low: 0, high: 5 },
  };
}

/** The params of a gbdt trial, numbers coerced from JSON, rounds and early stopping filled in, validated. */
export function normalizeGbdtParams(raw: Record<string, unknown>): TrialParams {
  if (raw.model !== 'gbdt') throw new InvalidParamsError(`params.model is ${JSON.stringify(raw.model)}: expected gbdt`);
  const p = resolveGbdtParams({ rounds: GBDT_MAX_ROUNDS, earlyStoppingRounds: GBDT_EARLY_STOPPING, ...raw });
  return { model: 'gbdt', ...p };
}
