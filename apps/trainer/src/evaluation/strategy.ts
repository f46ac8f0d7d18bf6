import { MetricInputError } from './errors.ts';

export interface StrategyMetrics {
  /** Compounded return over the window (0.1 = +10%). */
  totalReturn: number;
  /** Mean/sd of per-bar portfolio returns × √periodsPerYear (null when the returns do not vary). */
  sharpe: number | null;
  /** Largest peak-to-trough fall of the compounded equity curve (0.2 = −20%). */
  maxDrawdown: number;
  /** Mean absolute change of position per bar and symbol (1 = a full flip every bar). */
  turnover: number;
  /** Share of symbol-bars spent long. */
  exposure: number;
  bars: number;
}

export interface StrategyInput {
  symbol: ArrayLike<string>;
  ts: ArrayLike<number>;
  /** The return realised from this bar's close to the next one's (simple return). */
  nextReturn: ArrayLike<number>;
  /** Probability that the next return is positive. */
  probabilityUp: ArrayLike<number>;
}

export interface StrategyOptions {
  /** Go long when p > threshold, else flat. */
  threshold?: number;
  /** One-way cost in basis points charged on every change of position. */
  costBps?: number;
  periodsPerYear?: number;
}

/**
 * A long/flat strategy from predicted probabilities beside buy-and-hold on the same rows. With several
 * symbols the book is equal-weight: each bar's portfolio return is the mean over the symbols present.
 * Costs are charged on entry, exit and every change; buy-and-hold pays the entry once per symbol.
 */
export function evaluateStrategy(
  input: StrategyInput,
  opts: StrategyOptions = {},
): { strategy: StrategyMetrics; buyAndHold: StrategyMetrics } {
  const n = input.nextReturn.length;
  if (input.symbol.length !== n || input.ts.length !== n || input.probabilityUp.length !== n) {
    throw new MetricInputError('strategy inputs differ in length');
  }
  if (n === 0) throw new MetricInputError('strategy needs at least one row');
  const threshold = opts.threshold ?? 0.5;
  const cost = (opts.costBps ?? 5) / 10_000;
  const ppy = opts.periodsPerYear ?? 252;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => input.ts[a] - input.ts[b] || (input.symbol[a] < input.symbol[b] ? -1 : 1),
  );

  const run = (positionOf: (i: number) => number) => {
    const lastPosition = new Map<string, number>();
    const byTime = new Map<number, { sum: number; count: number }>();
    let turnover = 0;
    let exposure = 0;
    for (const i of order) {
      const pos = positionOf(i);
      const prev = lastPosition.get(input.symbol[i]) ?? 0;
      const change = Math.abs(pos - prev);
      turnover += change;
      exposure += pos;
      lastPosition.set(input.symbol[i], pos);
      const r = pos * input.nextReturn[i] - cost * change;
      const slot = byTime.get(input.ts[i]) ?? { sum: 0, count: 0 };
      slot.sum += r;
      slot.count++;
      byTime.set(input.ts[i], slot);
    }
    const returns = [...byTime.values()].map((s) => s.sum / s.count);
    return summarise(returns, turnover / n, exposure / n, ppy);
  };
  return {
    strategy: run((i) => (input.probabilityUp[i] > threshold ? 1 : 0)),
    buyAndHold: run(() => 1),
  };
}

function summarise(returns: number[], turnover: number, exposure: number, ppy: number): StrategyMetrics {
  let equity = 1;
  let peak = 1;
  let maxDrawdown = 0;
  let sum = 0;
  for (const r of returns) {
    equity *= 1 + r;
    peak = Math.max(peak, equity);
    maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
    sum += r;
  }
  const mean = sum / returns.length;
  let ss = 0;
  for (const r of returns) ss += (r - mean) ** 2;
  const sd = returns.length > 1 ? Math.sqrt(ss / (returns.length - 1)) : 0;
  return {
    totalReturn: equity - 1,
    sharpe: sd > 1e-12 ? (mean / sd) * Math.sqrt(ppy) : null,
    maxDrawdown,
    turnover,
    exposure,
    bars: returns.length,
  };
}
