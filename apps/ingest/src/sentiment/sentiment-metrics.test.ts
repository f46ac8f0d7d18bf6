import { describe, expect, it } from 'vitest';
import type { Polarity } from './labelled-csv.ts';
import { expectedCalibrationError, pearson, sentimentReport, wilson } from './sentiment-metrics.ts';

const gold: Polarity[] = ['positive', 'positive', 'negative', 'negative', 'neutral', 'neutral'];

describe('sentimentReport', () => {
  it('follows its definitions on a hand-checked example', () => {
    const r = sentimentReport(gold, [
      { score: 0.8, label: 'positive' }, // right
      { score: 0, label: 'neutral' }, // polar row scored 0: wrong for polarity, not covered
      { score: -0.1, label: 'neutral' }, // right sign, wrong label
      { score: 0.3, label: 'positive' }, // wrong sign
      { score: 0.05, label: 'neutral' }, // right label, covered
      { score: -0.6, label: 'negative' }, // wrong label
    ]);
    expect(r.n).toBe(6);
    expect(r.polar).toBe(4);
    expect(r.accuracy).toBeCloseTo(2 / 6, 12);
    expect(r.polarityAccuracy).toBeCloseTo(2 / 4, 12);
    expect(r.coverage).toBeCloseTo(5 / 6, 12);
    // F1: positive P=1/2 R=1/2 → 1/2; negative P=0 → 0; neutral P=1/3 R=1/2 → 0.4.
    expect(r.macroF1).toBeCloseTo((0.5 + 0 + 0.4) / 3, 12);
    expect(r.pearson).toBeCloseTo(pearson([0.8, 0, -0.1, 0.3, 0.05, -0.6], [1, 1, -1, -1, 0, 0]), 12);
    expect(r.majorityRate).toBeCloseTo(1 / 3, 12);
    expect(r.accuracyInterval.low).toBeLessThan(r.accuracy);
    expect(r.accuracyInterval.high).toBeGreaterThan(r.accuracy);
    expect(r.calibrationError).toBeUndefined();
  });

  it('gives a perfect scorer 1 everywhere and a significant p against the majority rate', () => {
    const many = Array.from({ length: 60 }, (_, i) => gold[i % 6]);
    const r = sentimentReport(many, many.map((g) => ({ score: g === 'positive' ? 0.9 : g === 'negative' ? -0.9 : 0.01, label: g, confidence: 1 })));
    expect([r.accuracy, r.macroF1, r.polarityAccuracy, r.coverage]).toEqual([1, 1, 1, 1]);
    expect(r.pearson).toBeGreaterThan(0.99);
    expect(r.pValueVsMajority).toBeLessThan(1e-6);
    expect(r.calibrationError).toBe(0);
  });
});

describe('intervals and calibration', () => {
  it('Wilson interval of 8/10 matches the textbook value', () => {
    const i = wilson(8, 10);
    expect(i.low).toBeCloseTo(0.4902, 3);
    expect(i.high).toBeCloseTo(0.9433, 3);
  });

  it('ECE is the gap between confidence and accuracy', () => {
    // Always 0.9 confident, right half the time: ECE 0.4.
    expect(expectedCalibrationError(['positive', 'negative'], [{ score: 1, label: 'positive', confidence: 0.9 }, { score: 1, label: 'positive', confidence: 0.9 }])).toBeCloseTo(0.4, 12);
  });
});
