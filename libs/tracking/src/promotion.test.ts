import { describe, expect, it } from 'vitest';
import { ageInDays, decidePromotion, isStale } from './promotion.ts';
import { evidenceFor, paired } from './testing.ts';

const champ = (versionId: number, scored = paired(0.68, 0.69, 0.05), featureSetHash = 'fs-hash-1') => ({ versionId, featureSetHash, scored });

describe('decidePromotion, rule 1: the first model of a feature set', () => {
  it('becomes champion when not significantly worse than the best baseline, even with no edge', () => {
    const d = decidePromotion(evidenceFor(1, { baseline: paired(0.6933, 0.6931, 0.45) }));
    expect(d).toMatchObject({ outcome: 'champion', rule: 'first-model' });
    expect(d.reason).toContain('not significantly worse than majority');
    expect(d.reason).toMatch(/log loss 0\.6933 vs majority 0\.6931 \(n 600, 150 bar times, p better 0\.450, p worse 0\.550\)/);
  });

  it('stays challenger when significantly worse than the best baseline (p worse < 0.05)', () => {
    const d = decidePromotion(evidenceFor(1, { baseline: paired(0.75, 0.69, 0.999) }));
    expect(d).toMatchObject({ outcome: 'challenger', rule: 'first-model' });
    expect(d.reason).toContain('significantly worse than majority');
  });

  it('is also the rule when the champion was trained on another feature set, naming both', () => {
    const d = decidePromotion(evidenceFor(3, { champion: champ(1, paired(0.7, 0.69, 0.9), 'fs-hash-OLD') }));
    expect(d).toMatchObject({ outcome: 'champion', rule: 'new-feature-set' });
    expect(d.reason).toContain('fs-hash-1');
    expect(d.reason).toContain('fs-hash-OLD');
  });

  it('ignores a null-like persistence score: only paired log-loss evidence decides', () => {
    // The old rule compared `candidate < null - margin` (= candidate < 0) and blocked every promotion.
    const d = decidePromotion(evidenceFor(1, { baseline: paired(0.69, 0.6931, 0.3) }));
    expect(d.outcome).toBe('champion');
  });
});

describe('decidePromotion, rule 2: replacing a champion', () => {
  it('replaces it when better than champion AND best baseline, each with p < 0.10', () => {
    const d = decidePromotion(evidenceFor(2, { baseline: paired(0.68, 0.6925, 0.02), champion: champ(1, paired(0.68, 0.6905, 0.06)) }));
    expect(d).toMatchObject({ outcome: 'champion', rule: 'replace-champion' });
    expect(d.reason).toContain('beats champion v1 and majority');
  });

  it('keeps the champion when the edge over it is noise (p >= 0.10)', () => {
    const d = decidePromotion(evidenceFor(2, { baseline: paired(0.68, 0.6925, 0.02), champion: champ(1, paired(0.68, 0.681, 0.4)) }));
    expect(d.outcome).toBe('challenger');
    expect(d.reason).toContain('does not beat champion v1');
    expect(d.reason).not.toContain('and majority');
  });

  it('keeps the champion when the candidate does not beat the best baseline', () => {
    const d = decidePromotion(evidenceFor(2, { baseline: paired(0.692, 0.6925, 0.3), champion: champ(1, paired(0.692, 0.75, 0.001)) }));
    expect(d.outcome).toBe('challenger');
    expect(d.reason).toContain('does not beat majority');
  });

  it('never replaces when the leak guard fires', () => {
    const d = decidePromotion(evidenceFor(2, { leak: true, baseline: paired(0.6, 0.69, 1e-6), champion: champ(1, paired(0.6, 0.69, 1e-6)) }));
    expect(d.outcome).toBe('challenger');
    expect(d.reason).toContain('leak guard fired');
  });

  it('refuses the comparison when the champion cannot be scored honestly, with the reason', () => {
    const refused = { versionId: 1, featureSetHash: 'fs-hash-1', refused: 'champion artifacts missing' };
    const d = decidePromotion(evidenceFor(2, { baseline: paired(0.6, 0.69, 1e-6), champion: refused }));
    expect(d.outcome).toBe('challenger');
    expect(d.reason).toContain('champion artifacts missing');
  });

  it('answers unchanged for the champion itself', () => {
    expect(decidePromotion(evidenceFor(1, { champion: champ(1) })).outcome).toBe('unchanged');
  });

  it('uses the policy given', () => {
    const e = evidenceFor(2, { baseline: paired(0.68, 0.6925, 0.02), champion: champ(1, paired(0.68, 0.6905, 0.06)) });
    expect(decidePromotion(e, { firstModelAlpha: 0.05, replaceAlpha: 0.05 }).outcome).toBe('challenger');
  });
});

describe('staleness', () => {
  it('counts whole and fractional days', () => {
    const created = new Date('2024-01-01T00:00:00Z');
    expect(ageInDays(created, new Date('2024-01-08T12:00:00Z'))).toBeCloseTo(7.5);
    expect(isStale(created, 7, new Date('2024-01-08T12:00:00Z'))).toBe(true);
    expect(isStale(created, 8, new Date('2024-01-08T12:00:00Z'))).toBe(false);
  });
});
