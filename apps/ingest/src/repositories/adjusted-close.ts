import type { Bar, CorporateAction } from '@alphapulse/market';

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Computes a split- and dividend-adjusted close for every bar from RAW closes and the corporate
 * actions, the way Yahoo and CRSP do it: walking back from the latest bar, a split of ratio r
 * divides every earlier close by r, and a dividend d multiplies every earlier close by
 * (1 - d / close of the session before the ex-date). Actions are compared by UTC calendar day, so
 * a bar on the ex-date itself is not adjusted for it. `bars` must be sorted by ts ascending.
 */
export function computeAdjustedCloses(bars: readonly Bar[], actions: readonly CorporateAction[]): number[] {
  const sorted = [...actions].sort((a, b) => b.ts.getTime() - a.ts.getTime());
  const out = new Array<number>(bars.length);
  let factor = 1;
  let next = 0;
  for (let i = bars.length - 1; i >= 0; i--) {
    const barDay = day(bars[i].ts);
    while (next < sorted.length && day(sorted[next].ts) > barDay) {
      const action = sorted[next++];
      if (action.kind === 'split') {
        if (action.value > 0) factor /= action.value;
      } else if (bars[i].close > action.value) {
        factor *= 1 - action.value / bars[i].close;
      }
    }
    out[i] = bars[i].close * factor;
  }
  return out;
}
