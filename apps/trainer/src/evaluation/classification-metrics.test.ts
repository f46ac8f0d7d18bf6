import { describe, expect, it } from 'vitest';
import {
  accuracy,
  balancedAccuracy,
  binomialTestPValue,
  brierScore,
  calibrationBins,
  classificationMetrics,
  logLoss,
  rocAuc,
  wilsonInterval,
} from './classification-metrics.ts';
import { MetricInputError } from './errors.ts';

describe('classification metrics against hand computations', () => {
  it('Wilson interval of 8/10 is [0.4902, 0.9433]', () => {
    const ci = wilsonInterval(8, 10);
    expect(ci.lower).toBeCloseTo(0.4902, 4);
    expect(ci.upper).toBeCloseTo(0.9433, 4);
  });

  it('exact one-sided binomial p-value P(X >= k): 8/10 → 56/1024, 5/10 → 638/1024, 0/10 → 1', () => {
    expect(binomialTestPValue(8, 10)).toBeCloseTo(56 / 1024, 10);
    expect(binomialTestPValue(5, 10)).toBeCloseTo(638 / 1024, 10);
    expect(binomialTestPValue(0, 10)).toBe(1);
    // scipy.stats.binomtest(531, 1000, 0.5, alternative='greater').pvalue (half the symmetric two-sided 0.0536778...)
    expect(binomialTestPValue(531, 1000)).toBeCloseTo(0.053677849645010045 / 2, 10);
    // against another rate: P(X >= 9 | 10, 0.75) = 10·0.75⁹·0.25 + 0.75¹⁰
    expect(binomialTestPValue(9, 10, 0.75)).toBeCloseTo(10 * 0.75 ** 9 * 0.25 + 0.75 ** 10, 10);
  });

  it('accuracy and balanced accuracy', () => {
    const y = [1, 1, 1, 0];
    const p = [0.9, 0.2, 0.7, 0.6];
    expect(accuracy(y, p)).toBe(0.5);
    expect(balancedAccuracy(y, p)).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });

  it('ROC AUC counts ties as one half', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(3.5 / 4, 12);
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNull();
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBeCloseTo(0.5, 12);
  });

  it('log loss and Brier', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(brierScore([1, 0], [0.8, 0.4])).toBeCloseTo(0.1, 12);
  });

  it('calibration bins group by predicted probability', () => {
    const bins = calibrationBins([1, 0, 1, 1], [0.05, 0.08, 0.95, 1], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(bins[0].meanPredicted).toBeCloseTo(0.065, 12);
    expect(bins[9]).toMatchObject({ count: 2, observedRate: 1 });
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
  });

  it('bundles everything and omits log loss for hard-label predictors', () => {
    const m = classificationMetrics([1, 0, 1, 0], [1, 0, 0, 0], { hardLabels: true });
    expect(m).toMatchObject({ n: 4, accuracy: 0.75, logLoss: null, brier: 0.25, baseRate: 0.5, majorityRate: 0.5 });
    expect(m.pValue).toBeCloseTo(5 / 16, 12);
  });

  it('tests accuracy against the majority rate of the window, not a fair coin', () => {
    // 3 of 4 days up: always saying "up" scores 75%; a model at 75% has shown nothing.
    const m = classificationMetrics([1, 1, 1, 0], [0.9, 0.8, 0.7, 0.6]);
    expect(m).toMatchObject({ accuracy: 0.75, majorityRate: 0.75 });
    expect(m.pValue).toBeCloseTo(binomialTestPValue(3, 4, 0.75), 12);
    expect(m.pValue).toBeGreaterThan(0.5);
  });

  it('rejects malformed input naming the row', () => {
    expect(() => accuracy([1, 2], [0.5, 0.5])).toThrow(MetricInputError);
    expect(() => accuracy([1, 0], [0.5, 1.5])).toThrow(/row 1/);
    expect(() => accuracy([1], [0.5, 0.5])).toThrow(/length/);
  });
});
