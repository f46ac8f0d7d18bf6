import { longFlatReturns } from '@alphapulse/report';
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
  const ppy = opts.periodsPerYear ?? 252;
  // The per-bar book is the report library's, so the charts' equity curves end at these totals.
  const books = longFlatReturns(input, { threshold: opts.threshold ?? 0.5, costBps: opts.costBps ?? 5 });
  return {
    strategy: summarise(books.strategy.returns, books.strategy.turnover, books.strategy.exposure, ppy),
    buyAndHold: summarise(books.buyAndHold.returns, books.buyAndHold.turnover, books.buyAndHold.exposure, ppy),
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
