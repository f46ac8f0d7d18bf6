/**
 * Chart series computed from a run's test window row by row (the artifact store's `evaluation.json`):
 * ROC, reliability, the long/flat strategy's equity and drawdown beside buy-and-hold. Pure functions,
 * shared by the console and the trainer's run report, so both draw the same numbers.
 */

/** The test-window rows a run stored (a structural subset of the trainer's WindowPredictions). */
export interface TestPredictions {
  ts: number[];
  symbol: string[];
  y: number[];
  nextReturn: number[];
  model: number[];
  baselines?: { majority?: number[]; persistence?: number[]; logistic?: number[] };
}

/** The false-positive-rate grid ROC curves are sampled on (101 points, 0 to 1). */
export const ROC_GRID: number[] = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * The ROC curve of probabilities `p` for labels `y`, as the true-positive rate reached at each false
 * positive rate of `grid` (the upper envelope of the empirical curve, ties stepped through at once).
 * Null when only one class is present.
 */
export function rocOnGrid(y: ArrayLike<number>, p: ArrayLike<number>, grid: number[] = ROC_GRID): number[] | null {
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  const fpr: number[] = [0];
  const tpr: number[] = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; ) {
    const threshold = p[order[k]];
    while (k < n && p[order[k]] === threshold) {
      if (y[order[k]] === 1) tp++;
      else fp++;
      k++;
    }
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
  }
  const out: number[] = [];
  let j = 0;
  for (const g of grid) {
    while (j + 1 < fpr.length && fpr[j + 1] <= g + 1e-12) j++;
    out.push(tpr[j]);
  }
  return out;
}

export interface ReliabilityBin {
  /** Bin centre on the predicted-probability axis. */
  centre: number;
  count: number;
  meanPredicted: number | null;
  observedRate: number | null;
}

/** Reliability diagram: rows binned by predicted probability into `bins` equal-width bins. */
export function reliability(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const ups = new Array<number>(bins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b]++;
    sumP[b] += p[i];
    ups[b] += y[i];
  }
  return count.map((c, b) => ({
    centre: (b + 0.5) / bins,
    count: c,
    meanPredicted: c ? sumP[b] / c : null,
    observedRate: c ? ups[b] / c : null,
  }));
}

/** Per-bar returns of one book, with its turnover and exposure per symbol-bar. */
export interface BookReturns {
  returns: number[];
  turnover: number;
  exposure: number;
}

export interface LongFlatInput {
  symbol: ArrayLike<string>;
  ts: ArrayLike<number>;
  nextReturn: ArrayLike<number>;
  probabilityUp: ArrayLike<number>;
}

/**
 * The long/flat book (long when p > threshold) and buy-and-hold on the same rows, one return per bar
 * time (equal weight over the symbols present), costs charged on every change of position (one-way
 * `costBps`; buy-and-hold pays its entry once per symbol). `ts` are the distinct bar times, ascending.
 */
export function longFlatReturns(
  input: LongFlatInput,
  opts: { threshold: number; costBps: number },
): { ts: number[]; strategy: BookReturns; buyAndHold: BookReturns } {
  const n = input.nextReturn.length;
  const cost = opts.costBps / 10_000;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => input.ts[a] - input.ts[b] || (input.symbol[a] < input.symbol[b] ? -1 : 1),
  );
  const times: number[] = [];
  const book = (positionOf: (i: number) => number): BookReturns => {
    const lastPosition = new Map<string, number>();
    const byTime = new Map<number, { sum: number; count: number }>();
    let turnover = 0;
    let exposure = 0;
    for (const i of order) {
      const pos = positionOf(i);
      const change = Math.abs(pos - (lastPosition.get(input.symbol[i]) ?? 0));
      turnover += change;
      exposure += pos;
      lastPosition.set(input.symbol[i], pos);
      const slot = byTime.get(input.ts[i]) ?? { sum: 0, count: 0 };
      slot.sum += pos * input.nextReturn[i] - cost * change;
      slot.count++;
      byTime.set(input.ts[i], slot);
    }
    if (times.length === 0) times.push(...byTime.keys());
    return { returns: [...byTime.values()].map((s) => s.sum / s.count), turnover: n ? turnover / n : 0, exposure: n ? exposure / n : 0 };
  };
  const strategy = book((i) => (input.probabilityUp[i] > opts.threshold ? 1 : 0));
  const buyAndHold = book(() => 1);
  return { ts: times, strategy, buyAndHold };
}

/** Compounded equity (starting at 1) and drawdown from the running peak (0 to -1) of per-bar returns. */
export function equityAndDrawdown(returns: number[]): { equity: number[]; drawdown: number[] } {
  const equity: number[] = [];
  const drawdown: number[] = [];
  let e = 1;
  let peak = 1;
  for (const r of returns) {
    e *= 1 + r;
    peak = Math.max(peak, e);
    equity.push(e);
    drawdown.push(e / peak - 1);
  }
  return { equity, drawdown };
}
