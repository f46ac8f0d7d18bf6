export interface LeakCheck {
  suspected: boolean;
  threshold: number;
  note: string;
}

/** Above this test accuracy on real daily bars, a result is more likely a leak than an edge. */
export const PLAUSIBLE_DAILY_ACCURACY = 0.56;

/**
 * Flags a test accuracy above the plausible band for daily direction prediction. The band is an
 * empirical prior for real markets; on synthetic series with a planted effect, a flag is expected.
 */
export function checkSuspectedLeak(testAccuracy: number, threshold = PLAUSIBLE_DAILY_ACCURACY): LeakCheck {
  const suspected = testAccuracy > threshold;
  return {
    suspected,
    threshold,
    note: suspected
      ? `test accuracy ${testAccuracy.toFixed(3)} exceeds ${threshold} — implausible for real daily data; check features for look-ahead before trusting it (expected on synthetic series with a planted effect)`
      : `test accuracy within the plausible band (<= ${threshold}) for daily data`,
  };
}
