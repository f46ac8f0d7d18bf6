import { describe, expect, it } from 'vitest';
import { majorityBaseline, persistenceBaseline } from './baselines.ts';
import { checkSuspectedLeak } from './leak-guard.ts';
import { evaluateStrategy } from './strategy.ts';

const one = { symbol: ['A', 'A', 'A'], ts: [1, 2, 3], nextReturn: [0.1, -0.05, 0.02], probabilityUp: [0.6, 0.4, 0.7] };

describe('long/flat strategy', () => {
  it('without costs: long on p > 0.5, flat otherwise', () => {
    const { strategy, buyAndHold } = evaluateStrategy(one, { costBps: 0 });
    expect(strategy.totalReturn).toBeCloseTo(1.1 * 1.02 - 1, 12);
    expect(strategy.turnover).toBeCloseTo(1, 12); // in, out, in again
    expect(strategy.exposure).toBeCloseTo(2 / 3, 12);
    expect(strategy.maxDrawdown).toBe(0);
    expect(buyAndHold.totalReturn).toBeCloseTo(1.1 * 0.95 * 1.02 - 1, 12);
    expect(buyAndHold.maxDrawdown).toBeCloseTo(0.05, 12);
    expect(buyAndHold.turnover).toBeCloseTo(1 / 3, 12);
  });

  it('charges the cost on every position change', () => {
    const { strategy } = evaluateStrategy(one, { costBps: 10 });
    expect(strategy.totalReturn).toBeCloseTo((1 + 0.1 - 0.001) * (1 - 0.001) * (1 + 0.02 - 0.001) - 1, 12);
  });

  it('annualised Sharpe is mean/sd·√252 of per-bar returns', () => {
    const { buyAndHold } = evaluateStrategy(one, { costBps: 0 });
    const r = [0.1, -0.05, 0.02];
    const mean = r.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    expect(buyAndHold.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
  });

  it('averages symbols bar by bar (equal-weight book)', () => {
    const two = { symbol: ['A', 'B'], ts: [1, 1], nextReturn: [0.1, -0.1], probabilityUp: [0.9, 0.9] };
    const { strategy } = evaluateStrategy(two, { costBps: 0 });
    expect(strategy.totalReturn).toBeCloseTo(0, 12);
    expect(strategy.bars).toBe(1);
  });
});

describe('baselines and leak guard', () => {
  it('majority class uses the training base rate', () => {
    expect(Array.from(majorityBaseline([1, 1, 0, 1], 2))).toEqual([0.75, 0.75]);
  });
  it("persistence predicts today's direction (unknown → down)", () => {
    expect(Array.from(persistenceBaseline([0.01, -0.02, 0, Number.NaN]))).toEqual([1, 0, 0, 0]);
  });
  it('flags accuracy above the majority rate by more than the plausible band, and a high AUC', () => {
    expect(checkSuspectedLeak({ accuracy: 0.6, majorityRate: 0.51, auc: 0.55 }).suspected).toBe(true);
    expect(checkSuspectedLeak({ accuracy: 0.53, majorityRate: 0.51, auc: 0.53 }).suspected).toBe(false);
    // A trending window: 60% accuracy from always saying "up" when 58% of days rose is no leak.
    expect(checkSuspectedLeak({ accuracy: 0.6, majorityRate: 0.58, auc: 0.52 }).suspected).toBe(false);
    const auc = checkSuspectedLeak({ accuracy: 0.52, majorityRate: 0.51, auc: 0.65 });
    expect(auc.suspected).toBe(true);
    expect(auc.note).toContain('AUC 0.650 exceeds 0.58');
  });
});
