import { describe, expect, it } from 'vitest';
import { ageInDays, decidePromotion, isStale, type WindowScore } from './promotion.ts';

const W = 'batch-2:val:2024-01-01..2024-03-01';
const OLD = 'batch-1:val:2023-10-01..2023-12-01';
const baselines = (majority: number, logistic: number, windowId = W): Record<string, WindowScore> => ({
  majority: { windowId, logLoss: majority },
  logistic: { windowId, logLoss: logistic },
});

describe('decidePromotion', () => {
  it('makes the first model champion when it beats every baseline on its window', () => {
    const d = decidePromotion({ versionId: 1, windowId: W, logLoss: 0.68 }, undefined, baselines(0.693, 0.69));
    expect(d.outcome).toBe('champion');
    expect(d.reason).toContain('no champion yet');
    expect(d.comparisons.map((c) => [c.against, c.beaten])).toEqual([
      ['logistic', true],
      ['majority', true],
    ]);
  });

  it('keeps a model that does not beat a baseline as challenger, naming the baseline', () => {
    const d = decidePromotion({ versionId: 1, windowId: W, logLoss: 0.692 }, undefined, baselines(0.693, 0.69));
    expect(d.outcome).toBe('challenger');
    expect(d.reason).toContain('logistic');
    expect(d.reason).not.toContain('majority');
  });

  it('treats a tie as not beating', () => {
    expect(decidePromotion({ versionId: 1, windowId: W, logLoss: 0.69 }, undefined, baselines(0.7, 0.69)).outcome).toBe(
      'challenger',
    );
  });

  it('requires the margin when one is set', () => {
    const candidate = { versionId: 1, windowId: W, logLoss: 0.685 };
    expect(decidePromotion(candidate, undefined, baselines(0.693, 0.69)).outcome).toBe('champion');
    expect(decidePromotion(candidate, undefined, baselines(0.693, 0.69), { minImprovement: 0.01 }).outcome).toBe('challenger');
  });

  it('refuses without baselines or with baselines scored on another window', () => {
    expect(decidePromotion({ versionId: 1, windowId: W, logLoss: 0.5 }, undefined, {}).outcome).toBe('challenger');
    const d = decidePromotion({ versionId: 1, windowId: W, logLoss: 0.5 }, undefined, baselines(0.693, 0.69, OLD));
    expect(d.outcome).toBe('challenger');
    expect(d.reason).toContain('not scored on the candidate');
  });

  it('counts an infinite baseline log loss as beaten and a NaN one as not comparable', () => {
    const persistence = { windowId: W, logLoss: Number.POSITIVE_INFINITY };
    expect(
      decidePromotion({ versionId: 1, windowId: W, logLoss: 0.68 }, undefined, { ...baselines(0.693, 0.69), persistence })
        .outcome,
    ).toBe('champion');
    const broken = { windowId: W, logLoss: Number.NaN };
    expect(decidePromotion({ versionId: 1, windowId: W, logLoss: 0.68 }, undefined, { broken }).outcome).toBe('challenger');
    expect(decidePromotion({ versionId: 1, windowId: W, logLoss: Number.NaN }, undefined, baselines(0.7, 0.7)).outcome).toBe(
      'challenger',
    );
  });

  it('compares with a champion validated on the same window', () => {
    const champion = { versionId: 1, validation: { windowId: W, logLoss: 0.67 } };
    expect(decidePromotion({ versionId: 2, windowId: W, logLoss: 0.66 }, champion, baselines(0.693, 0.69)).outcome).toBe(
      'champion',
    );
    const worse = decidePromotion({ versionId: 2, windowId: W, logLoss: 0.675 }, champion, baselines(0.693, 0.69));
    expect(worse.outcome).toBe('challenger');
    expect(worse.reason).toContain('champion v1');
  });

  it('does not compare with a champion validated on another window unless it was re-scored on the candidate window', () => {
    const champion = { versionId: 1, validation: { windowId: OLD, logLoss: 0.9 } };
    const candidate = { versionId: 2, windowId: W, logLoss: 0.66 };
    const blind = decidePromotion(candidate, champion, baselines(0.693, 0.69));
    expect(blind.outcome).toBe('challenger');
    expect(blind.reason).toContain('not re-scored');

    const rescoredBetter = decidePromotion(
      candidate,
      { ...champion, onCandidateWindow: { windowId: W, logLoss: 0.665 } },
      baselines(0.693, 0.69),
    );
    expect(rescoredBetter.outcome).toBe('champion');
    const rescoredWorse = decidePromotion(
      candidate,
      { ...champion, onCandidateWindow: { windowId: W, logLoss: 0.65 } },
      baselines(0.693, 0.69),
    );
    expect(rescoredWorse.outcome).toBe('challenger');
    // A re-score on yet another window is no help.
    const elsewhere = decidePromotion(
      candidate,
      { ...champion, onCandidateWindow: { windowId: 'x', logLoss: 0.8 } },
      baselines(0.693, 0.69),
    );
    expect(elsewhere.outcome).toBe('challenger');
  });

  it('leaves the champion unchanged when it is the candidate', () => {
    const champion = { versionId: 3, validation: { windowId: W, logLoss: 0.6 } };
    expect(decidePromotion({ versionId: 3, windowId: W, logLoss: 0.6 }, champion, baselines(0.7, 0.7)).outcome).toBe('unchanged');
  });
});

describe('staleness', () => {
  it('counts age from creation and calls a model stale past the maximum', () => {
    const created = new Date('2024-01-01T00:00:00Z');
    expect(ageInDays(created, new Date('2024-01-08T12:00:00Z'))).toBe(7.5);
    expect(isStale(created, 7, new Date('2024-01-08T00:00:00Z'))).toBe(false);
    expect(isStale(created, 7, new Date('2024-01-08T00:00:01Z'))).toBe(true);
  });
});
