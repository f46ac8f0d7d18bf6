import { MODEL_CHOICES, MODEL_KINDS, type ModelChoice, type ModelKind } from '@alphapulse/queue/vocabulary';
import { normalizeParams, paramSpaceOf } from '../ml/families.ts';
import type { ParamSpec, SampledParams, SearchSpace } from '../ml/param-space.ts';
import type { TrialParams } from '../ml/types.ts';

export type { Distribution, ParamSpec, ParamValue, SampledParams, SearchSpace } from '../ml/param-space.ts';
export type { ModelChoice };

export class SearchSpaceError extends Error {
  override name = 'SearchSpaceError';
}

/**
 * The space of a set of model kinds: `model` itself is categorical over them, then each kind's own
 * parameters (declared by its family), active only when `model` is a kind that has them. A parameter
 * two kinds declare identically is one dimension; declared differently (a learning rate over other
 * ranges), it is one spec per variant under the same name, never active together.
 */
function composeSpace(kinds: readonly ModelKind[]): SearchSpace {
  const space: SearchSpace = { model: { type: 'categorical', choices: [...kinds] } };
  const variants = new Map<string, Map<string, { spec: ParamSpec; kinds: ModelKind[] }>>();
  for (const kind of kinds) {
    for (const [name, spec] of Object.entries(paramSpaceOf(kind))) {
      const byShape = variants.get(name) ?? new Map();
      const shape = JSON.stringify(spec);
      const entry = byShape.get(shape) ?? { spec, kinds: [] };
      entry.kinds.push(kind);
      byShape.set(shape, entry);
      variants.set(name, byShape);
    }
  }
  for (const [name, byShape] of variants) {
    const entries = [...byShape.values()];
    for (const { spec, kinds: users } of entries) {
      const key = entries.length === 1 ? name : `${name}:${users.join('+')}`;
      const when = users.length === kinds.length ? undefined : { param: 'model', in: users };
      space[key] = { ...spec, ...(when ? { when } : {}), ...(key !== name ? { name } : {}) };
    }
  }
  return space;
}

/** The documented search spaces; 'auto' makes the model kind itself a categorical hyperparameter. */
export const SEARCH_SPACES: Record<ModelChoice, SearchSpace> = Object.fromEntries(
  MODEL_CHOICES.map((choice) => [choice, composeSpace(choice === 'auto' ? MODEL_KINDS : [choice])]),
) as Record<ModelChoice, SearchSpace>;

export function searchSpaceFor(model: ModelChoice): SearchSpace {
  const s = SEARCH_SPACES[model];
  if (!s) throw new SearchSpaceError(`unknown model choice ${JSON.stringify(model)} (expected ${MODEL_CHOICES.join(', ')})`);
  return s;
}

/** True when the spec's condition holds for the values sampled so far. */
export function isActive(spec: ParamSpec, values: Record<string, unknown>): boolean {
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
