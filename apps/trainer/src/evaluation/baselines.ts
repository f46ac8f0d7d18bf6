import { MetricInputError } from './errors.ts';

/**
 * Majority class fitted on the training labels: every row gets the training base rate as its
 * probability, so it predicts the majority class and has an honest log loss.
 */
export function majorityBaseline(trainLabels: ArrayLike<number>, rows: number): Float64Array {
  if (trainLabels.length === 0) throw new MetricInputError('majority baseline needs training labels');
  let ups = 0;
  for (let i = 0; i < trainLabels.length; i++) ups += trainLabels[i];
  return new Float64Array(rows).fill(ups / trainLabels.length);
}

/**
 * Persistence: tomorrow's direction is today's. `todayReturn` is the return that closed at the row's bar
 * (known at prediction time); a flat or unknown day predicts down (hard labels 0/1).
 */
export function persistenceBaseline(todayReturn: ArrayLike<number>): Float64Array {
  const out = new Float64Array(todayReturn.length);
  for (let i = 0; i < todayReturn.length; i++) out[i] = todayReturn[i] > 0 ? 1 : 0;
  return out;
}
