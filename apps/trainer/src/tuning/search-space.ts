import { normalizeParams } from '../ml/models.ts';
import type { ModelChoice } from '@alphapulse/queue/vocabulary';
import type { ModelKind, TrialParams } from '../ml/types.ts';

export type { ModelChoice };

export type ParamValue = number | string;
export type Distribution =
  | { type: 'float'; low: number; high: number; log?: boolean }
  | { type: 'int'; low: number; high: number; step?: number; log?: boolean }
  | { type: 'categorical'; choices: ParamValue[] };
/** A parameter, active only when another (earlier) parameter takes one of the listed values. */
export type ParamSpec = Distribution & { when?: { param: string; in: ParamValue[] } };
/** Ordered: conditions may only refer to parameters declared before them. */
export type SearchSpace = Record<string, ParamSpec>;
export type SampledParams = Record<string, ParamValue>;

export class SearchSpaceError extends Error {
  override name = 'SearchSpaceError';
}

const common = (model: ModelKind | ModelKind[]): SearchSpace => {
  const models = Array.isArray(model) ? model : [model];
  return {
    model: { type: 'categorical', choices: models },
    learningRate: { type: 'float', low: 1e-4, high: 3e-2, log: true },
    batchSize: { type: 'categorical', choices: [64, 128, 256, 512] },
    epochs: { type: 'int', low: 10, high: 40, step: 5 },
    l2: { type: 'float', low: 1e-6, high: 1e-2, log: true },
  };
};
const mlpOnly = { when: { param: 'model', in: ['mlp'] } };
const lstmOnly = { when: { param: 'model', in: ['lstm'] } };
const hidden = { when: { param: 'model', in: ['mlp', 'lstm'] } };

function space(models: ModelKind[]): SearchSpace {
  const s: SearchSpace = common(models);
  const has = (m: ModelKind) => models.includes(m);
  if (has('mlp') || has('lstm')) s.dropout = { type: 'float', low: 0, high: 0.5, ...hidden };
  if (has('mlp')) s.layers = { type: 'int', low: 1, high: 3, ...mlpOnly };
  if (has('mlp') || has('lstm')) s.units = { type: 'categorical', choices: [8, 16, 32], ...hidden };
  // Sequence length costs time linearly on the single-threaded wasm backend; two weeks of daily rows is plenty.
  if (has('lstm')) s.window = { type: 'int', low: 5, high: 10, step: 5, ...lstmOnly };
  return s;
}

/** The documented search spaces; 'auto' makes the model kind itself a categorical hyperparameter. */
export const SEARCH_SPACES: Record<ModelChoice, SearchSpace> = {
  logistic: space(['logistic']),
  mlp: space(['mlp']),
  lstm: space(['lstm']),
  auto: space(['logistic', 'mlp', 'lstm']),
};

export function searchSpaceFor(model: ModelChoice): SearchSpace {
  const s = SEARCH_SPACES[model];
  if (!s) throw new SearchSpaceError(`unknown model choice ${JSON.stringify(model)} (expected auto, logistic, mlp or lstm)`);
  return s;
}

/** True when the spec's condition holds for the values sampled so far. */
export function isActive(spec: ParamSpec, values: SampledParams): boolean {
  const when = spec.when;
  return !when || when.in.some((v) => String(v) === String(values[when.param]));
}

/**
 * Turns a sampled point into the params a model is built from. Sampled keys are TrialParams keys, so a
 * point stored as JSON (a trial job's payload) can also be handed to trainTrial directly.
 */
export function toTrialParams(p: SampledParams): TrialParams {
  return normalizeParams(p);
}
