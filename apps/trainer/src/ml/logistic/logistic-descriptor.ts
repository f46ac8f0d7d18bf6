import { InvalidParamsError } from '../errors.ts';
import type { SearchSpace } from '../param-space.ts';
import type { TrialParams } from '../types.ts';

/** The search space of the logistic regression: its ridge is the one thing to tune. */
export function logisticSpace(): SearchSpace {
  return { l2: { type: 'float', low: 1e-6, high: 1, log: true } };
}

/** `{model: 'logistic', l2}` with l2 coerced from JSON and checked. */
export function normalizeLogisticParams(raw: Record<string, unknown>): TrialParams {
  if (raw.model !== 'logistic') throw new InvalidParamsError(`params.model is ${JSON.stringify(raw.model)}: expected logistic`);
  const l2 = Number(raw.l2 ?? 1e-4);
  if (!(l2 >= 0 && l2 < 100)) throw new InvalidParamsError(`params.l2 is ${JSON.stringify(raw.l2)}: expected a number in [0, 100)`);
  return { model: 'logistic', l2 };
}
