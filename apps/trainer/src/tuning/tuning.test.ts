import { describe, expect, it } from 'vitest';
import { MODE_BUDGETS, trialsForMode } from './budgets.ts';
import { shouldPrune } from './median-pruner.ts';
import { type SearchSpace, searchSpaceFor, toTrialParams } from './search-space.ts';
import { suggestParams, type TrialHistoryEntry } from './tpe-sampler.ts';

const toy: SearchSpace = { x: { type: 'float', low: -5, high: 5 }, c: { type: 'categorical', choices: ['a', 'b', 'c'] } };
const objective = (p: Record<string, number | string>) => (Number(p.x) - 2) ** 2 + (p.c === 'b' ? 0 : 1);

function runToy(seed: number, n: number, nStartup: number): TrialHistoryEntry[] {
  const history: TrialHistoryEntry[] = [];
  for (let number = 0; number < n; number++) {
    const params = suggestParams({ space: toy, history, seed, number, nStartup });
    history.push({ params, value: objective(params), status: 'complete' });
  }
  return history;
}

describe('suggestParams', () => {
  it('is deterministic for (seed, number, history)', () => {
    const a = runToy(7, 25, 8);
    const b = runToy(7, 25, 8);
    expect(b).toEqual(a);
    expect(runToy(8, 25, 8)).not.toEqual(a);
  });

  it('samples within bounds and respects conditions, ints and steps', () => {
    const space = searchSpaceFor('auto');
    for (let number = 0; number < 40; number++) {
      const p = suggestParams({ space, history: [], seed: 1, number, nStartup: 5 });
      expect(['logistic', 'mlp', 'lstm', 'gbdt']).toContain(p.model);
      if (p.model === 'gbdt') {
        // The trees' own learning rate range, and none of the networks' parameters.
        expect(Number(p.learningRate)).toBeGreaterThanOrEqual(0.005);
        expect(Number(p.learningRate)).toBeLessThanOrEqual(0.3);
        expect(Number(p.maxDepth)).toBeGreaterThanOrEqual(2);
        expect(Number(p.maxDepth)).toBeLessThanOrEqual(8);
        expect('epochs' in p || 'batchSize' in p).toBe(false);
      } else if (p.model === 'logistic') {
        // Fitted exactly by Newton's method: only its ridge is tuned.
        expect(Object.keys(p).sort()).toEqual(['l2', 'model']);
        expect(Number(p.l2)).toBeGreaterThanOrEqual(1e-6);
      } else {
        expect(Number(p.learningRate)).toBeGreaterThanOrEqual(1e-4);
        expect(Number(p.learningRate)).toBeLessThanOrEqual(3e-2);
        expect(Number(p.epochs) % 5).toBe(0);
        expect('maxDepth' in p).toBe(false);
      }
      expect('layers' in p).toBe(p.model === 'mlp');
      expect('window' in p).toBe(p.model === 'lstm');
      if (p.model === 'mlp') expect(Number.isInteger(p.layers)).toBe(true);
      const tp = toTrialParams(p);
      expect(tp.model).toBe(p.model);
    }
    const kinds = new Set(Array.from({ length: 40 }, (_, number) => suggestParams({ space, history: [], seed: 1, number, nStartup: 5 }).model));
    expect(kinds).toEqual(new Set(['logistic', 'mlp', 'lstm', 'gbdt']));
  });

  it("tunes each family's learning rate only from that family's trials", () => {
    const space = searchSpaceFor('auto');
    // Good tfjs trials at a tiny learning rate must not drag the trees' learning rate out of their range.
    const history: TrialHistoryEntry[] = Array.from({ length: 12 }, (_, i) => ({
      params: { model: i % 2 ? 'mlp' : 'gbdt', learningRate: i % 2 ? 1e-4 : 0.1, epochs: 10, batchSize: 64 },
      value: i % 2 ? 0.6 : 0.69,
      status: 'complete' as const,
    }));
    for (let number = 12; number < 30; number++) {
      const p = suggestParams({ space, history, seed: 3, number, nStartup: 5 });
      if (p.model === 'gbdt') expect(Number(p.learningRate)).toBeGreaterThanOrEqual(0.005);
    }
  });

  it('TPE concentrates near the optimum of a toy objective (better than its random start-up)', () => {
    const history = runToy(3, 40, 10);
    const startup = history.slice(0, 10).map((h) => Math.abs(Number((h.params as Record<string, number>).x) - 2));
    const tpe = history.slice(25).map((h) => Math.abs(Number((h.params as Record<string, number>).x) - 2));
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    expect(median(tpe)).toBeLessThan(0.6);
    expect(median(tpe)).toBeLessThan(median(startup) / 2);
    expect(history.slice(25).filter((h) => (h.params as Record<string, string>).c === 'b').length).toBeGreaterThan(8);
  });

  it('treats pruned trials as bad and ignores failed ones', () => {
    const base: TrialHistoryEntry[] = runToy(5, 12, 6);
    const withFailed = [...base, { params: { x: 2, c: 'b' }, value: null, status: 'failed' as const }];
    expect(suggestParams({ space: toy, history: withFailed, seed: 5, number: 13, nStartup: 6 })).toEqual(
      suggestParams({ space: toy, history: base, seed: 5, number: 13, nStartup: 6 }),
    );
  });
});

describe('shouldPrune (median)', () => {
  const completed = [
    [0.69, 0.68, 0.67, 0.66],
    [0.7, 0.69, 0.685, 0.68],
    [0.71, 0.7, 0.69, 0.69],
  ];
  it('prunes a trial worse than the median of completed trials at the same epoch', () => {
    expect(shouldPrune([0.75, 0.74, 0.73], completed, { minEpochs: 3 })).toBe(true);
  });
  it('keeps a trial at or better than the median', () => {
    expect(shouldPrune([0.69, 0.685, 0.68], completed, { minEpochs: 3 })).toBe(false);
  });
  it('never prunes before minEpochs or with too few completed trials', () => {
    expect(shouldPrune([0.9, 0.9], completed, { minEpochs: 3 })).toBe(false);
    expect(shouldPrune([0.9, 0.9, 0.9], completed.slice(0, 1), { minEpochs: 3, minCompleted: 2 })).toBe(false);
  });
  it('compares with short (early-stopped) curves at their best', () => {
    expect(shouldPrune([0.8, 0.8, 0.8, 0.8, 0.8], [[0.7], [0.71, 0.7]], { minEpochs: 3 })).toBe(true);
  });
});

describe('budgets', () => {
  it('uses the documented budgets unless TRIALS_* overrides them', () => {
    expect(MODE_BUDGETS).toEqual({ ultra_fast: 5, fast: 15, full: 30 });
    expect(trialsForMode('fast', {})).toBe(15);
    expect(trialsForMode('full', { TRIALS_FULL: '12' })).toBe(12);
    expect(() => trialsForMode('full', { TRIALS_FULL: 'x' })).toThrow(/TRIALS_FULL/);
  });
});
