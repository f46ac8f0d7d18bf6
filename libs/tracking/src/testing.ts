import type { RegisterModelInput } from './model-registry.ts';
import type { PairedEvidence, PromotionEvidence } from './promotion.ts';

/** Test-only builders of registry inputs and promotion evidence (not in the package barrel). */

const WINDOWS = {
  train: { start: '2020-01-01T00:00:00.000Z', end: '2022-12-31T00:00:00.000Z', n: 700 },
  val: { start: '2023-01-03T00:00:00.000Z', end: '2023-06-30T00:00:00.000Z', n: 150 },
  test: { start: '2023-07-03T00:00:00.000Z', end: '2023-12-29T00:00:00.000Z', n: 150 },
};

export function versionInput(runId: string, overrides: Partial<RegisterModelInput> = {}): RegisterModelInput {
  return {
    runId,
    modelKind: 'mlp',
    featureSetHash: 'fs-hash-1',
    artifactPrefix: `models/${runId}`,
    batchId: 'b'.repeat(32),
    windows: WINDOWS,
    skill: 'none',
    validationMetrics: { logLoss: 0.69, accuracy: 0.52, n: 150 },
    testMetrics: { accuracy: 0.53, auc: 0.54, logLoss: 0.689, n: 150 },
    ...overrides,
  };
}

export function paired(candidateLogLoss: number, otherLogLoss: number, pBetter: number, n = 600): PairedEvidence {
  return { n, groups: n / 4, candidateLogLoss, otherLogLoss, pBetter, pWorse: 1 - pBetter };
}

/** Evidence for a candidate on the standard test window; champion and leak optional. */
export function evidenceFor(
  versionId: number,
  opts: {
    baseline?: PairedEvidence;
    champion?: PromotionEvidence['champion'];
    featureSetHash?: string;
    leak?: boolean;
  } = {},
): PromotionEvidence {
  return {
    window: { id: 'w-test', start: WINDOWS.test.start, end: WINDOWS.test.end, n: 600 },
    candidate: {
      versionId,
      featureSetHash: opts.featureSetHash ?? 'fs-hash-1',
      leak: { suspected: opts.leak ?? false, note: opts.leak ? 'AUC 0.700 exceeds 0.58' : 'within the plausible band' },
    },
    baseline: { name: 'majority', ...(opts.baseline ?? paired(0.688, 0.6925, 0.2)) },
    champion: opts.champion,
  };
}
