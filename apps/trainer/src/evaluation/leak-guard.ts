export interface LeakCheck {
  suspected: boolean;
  /** Accuracy above always guessing the window's majority class. */
  excessAccuracy: number;
  auc: number | null;
  limits: { excessAccuracy: number; auc: number };
  note: string;
}

/**
 * Above these, a daily direction forecast on real markets is more likely a leak than an edge: a few
 * points of accuracy above the majority class and an AUC in the mid-fifties are what the literature
 * and honest backtests report for daily bars. On synthetic series with a planted effect, a flag is expected.
 */
export const PLAUSIBLE_DAILY = { excessAccuracy: 0.05, auc: 0.58 } as const;

/**
 * Flags a result whose accuracy above the window's majority rate, or whose AUC, is beyond the
 * plausible band for daily data. Accuracy alone would be fooled by a trending window: always
 * guessing "up" scores 56% when 56% of days rose.
 */
export function checkSuspectedLeak(
  metrics: { accuracy: number; majorityRate: number; auc: number | null },
  limits: { excessAccuracy: number; auc: number } = PLAUSIBLE_DAILY,
): LeakCheck {
  const excessAccuracy = metrics.accuracy - metrics.majorityRate;
  const reasons: string[] = [];
  if (excessAccuracy > limits.excessAccuracy)
    reasons.push(`accuracy ${metrics.accuracy.toFixed(3)} is ${excessAccuracy.toFixed(3)} above the majority rate ${metrics.majorityRate.toFixed(3)} (limit ${limits.excessAccuracy})`);
  if (metrics.auc !== null && metrics.auc > limits.auc) reasons.push(`AUC ${metrics.auc.toFixed(3)} exceeds ${limits.auc}`);
  const suspected = reasons.length > 0;
  return {
    suspected,
    excessAccuracy,
    auc: metrics.auc,
    limits: { ...limits },
    note: suspected
      ? `${reasons.join('; ')}: implausible for real daily data; check features for look-ahead before trusting it (expected on synthetic series with a planted effect)`
      : `within the plausible band for daily data (accuracy ${excessAccuracy >= 0 ? '+' : ''}${excessAccuracy.toFixed(3)} vs majority, AUC ${metrics.auc?.toFixed(3) ?? 'n/a'})`,
  };
}
