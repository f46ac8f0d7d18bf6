import type { ClassificationMetrics } from './classification-metrics.ts';
import { type PairedLogLossTest, pairedLogLossTest } from './paired-test.ts';

export type SkillVerdict = 'significant' | 'none';

/** Below this one-sided p-value, a model's edge over the best baseline is called skill. */
export const SKILL_ALPHA = 0.05;

export interface Skill {
  verdict: SkillVerdict;
  /** The baseline with the lowest log loss on the window (probabilistic baselines only). */
  against: string;
  test: PairedLogLossTest;
  alpha: number;
}

/** The probabilistic baseline with the lowest log loss (persistence has hard labels and no log loss). */
export function bestBaseline(baselines: Record<string, Pick<ClassificationMetrics, 'logLoss'>>): string {
  const scored = Object.entries(baselines).filter(([, m]) => typeof m.logLoss === 'number' && Number.isFinite(m.logLoss));
  if (scored.length === 0) throw new Error('no baseline with a log loss to compare against');
  return scored.reduce((a, b) => ((b[1].logLoss as number) < (a[1].logLoss as number) ? b : a))[0];
}

/**
 * Skill of a model on a window: `significant` when its per-row log loss beats the best probabilistic
 * baseline's by more than noise (paired test over bar times, one-sided, p < SKILL_ALPHA), else `none`.
 * A model on a pure random walk has none, whatever its accuracy happens to be.
 */
export function skillVerdict(
  y: ArrayLike<number>,
  model: ArrayLike<number>,
  baselineName: string,
  baseline: ArrayLike<number>,
  group: ArrayLike<number>,
  alpha = SKILL_ALPHA,
): Skill {
  const test = pairedLogLossTest(y, model, baseline, group);
  return { verdict: test.pBetter < alpha ? 'significant' : 'none', against: baselineName, test, alpha };
}
