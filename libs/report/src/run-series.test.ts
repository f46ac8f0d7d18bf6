import { describe, expect, it } from 'vitest';
import { equityAndDrawdown, longFlatReturns, reliability, rocOnGrid } from './run-series.ts';

describe('run chart series', () => {
  it('ROC: a perfect ranking reaches TPR 1 at FPR 0; a reversed one only at FPR 1', () => {
    const y = [0, 0, 1, 1];
    expect(rocOnGrid(y, [0.1, 0.2, 0.8, 0.9])?.[0]).toBe(1);
    const reversed = rocOnGrid(y, [0.9, 0.8, 0.2, 0.1]) as number[];
    expect(reversed[99]).toBe(0);
    expect(reversed[100]).toBe(1);
    expect(rocOnGrid([1, 1], [0.2, 0.3])).toBeNull();
  });

  it('ROC: tied scores are stepped through at once (the diagonal, never above it)', () => {
    const roc = rocOnGrid([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) as number[];
    expect(roc[50]).toBe(0);
    expect(roc[100]).toBe(1);
  });

  it('reliability bins by predicted probability and reports the observed rate', () => {
    const bins = reliability([1, 0, 1, 1], [0.05, 0.05, 0.95, 1], 10);
    expect(bins[0]).toMatchObject({ count: 2, observedRate: 0.5, meanPredicted: 0.05 });
    expect(bins[9]).toMatchObject({ count: 2, observedRate: 1 });
    expect(bins[5].observedRate).toBeNull();
  });

  it('equity compounds the long/flat book after costs; drawdown is measured from the running peak', () => {
    const books = longFlatReturns(
      { symbol: ['A', 'A', 'A'], ts: [1, 2, 3], nextReturn: [0.1, -0.5, 0.2], probabilityUp: [0.9, 0.9, 0.1] },
      { threshold: 0.5, costBps: 100 },
    );
    expect(books.ts).toEqual([1, 2, 3]);
    // Enter (1% cost) and earn 10%, hold through -50%, exit (1% cost) and earn nothing.
    expect(books.strategy.returns).toEqual([0.1 - 0.01, -0.5, -0.01]);
    const { equity, drawdown } = equityAndDrawdown(books.strategy.returns);
    expect(equity[2]).toBeCloseTo(1.09 * 0.5 * 0.99, 12);
    expect(drawdown[1]).toBeCloseTo(-0.5, 12);
    expect(books.buyAndHold.returns[0]).toBeCloseTo(0.09, 12);
  });
});
