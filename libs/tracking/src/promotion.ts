/**
 * The promotion rules, as a pure function of the evidence the trainer gathers.
 *
 * Every comparison is made on ONE window that no candidate was tuned or early-stopped on: the
 * candidate's test window. The metric is log loss (lower is better), compared row by row with a
 * paired test (see the trainer's `pairedLogLossTest`: one-sided Student t over bar times), so that
 * "better" means better by more than noise, not by a lucky third decimal.
 *
 * Rule 1, the first model of a feature set (no champion, or a champion trained on another feature
 * set whose inputs new batches no longer carry): it becomes champion unless it is significantly
 * WORSE than the best baseline (p < 0.05). Predictions then flow, each carrying the model's skill
 * verdict, so a champion with no skill says so instead of blocking the pipeline.
 *
 * Rule 2, replacing a champion of the same feature set: the challenger replaces it only when, on the
 * same unseen window, it beats the champion (scored there with its own scaler) AND the best baseline,
 * each by a margin the paired test says is not noise (p < 0.10). Never when the leak guard fires, and
 * never when the champion cannot be scored honestly there (its training or validation window overlaps
 * the comparison window, or its artifacts are missing): the comparison is refused and the reason
 * recorded.
 */

/** The window a decision was taken on. */
export interface DecisionWindow {
  /** Names the rows: batch and bounds. Two decisions compare the same rows exactly when ids are equal. */
  id: string;
  start: string;
  end: string;
  n: number;
}

/** Candidate vs another predictor on the decision window, row by row. */
export interface PairedEvidence {
  /** Rows and independent groups (bar times) compared. */
  n: number;
  groups: number;
  candidateLogLoss: number;
  otherLogLoss: number;
  /** One-sided p-value that the candidate is better. */
  pBetter: number;
  /** One-sided p-value that the candidate is worse. */
  pWorse: number;
}

export type ChampionEvidence =
  | { versionId: number; featureSetHash: string; scored: PairedEvidence }
  | { versionId: number; featureSetHash: string; refused: string };

export interface PromotionEvidence {
  window: DecisionWindow;
  candidate: { versionId: number; featureSetHash: string; leak: { suspected: boolean; note: string } };
  /** Candidate vs the best probabilistic baseline on the window. */
  baseline: { name: string } & PairedEvidence;
  /** The current champion, as the trainer found it when it gathered the evidence. */
  champion?: ChampionEvidence;
}

export interface PromotionPolicy {
  /** Rule 1: refuse the first model when worse than the best baseline at this level. */
  firstModelAlpha: number;
  /** Rule 2: a challenger must be better than champion and baseline at this level. */
  replaceAlpha: number;
}

export const DEFAULT_PROMOTION_POLICY: PromotionPolicy = { firstModelAlpha: 0.05, replaceAlpha: 0.1 };

export type PromotionRule = 'first-model' | 'new-feature-set' | 'replace-champion';

export interface PromotionDecision {
  /** Where the candidate goes: `champion`, `challenger`, or `unchanged` (it already is the champion). */
  outcome: 'champion' | 'challenger' | 'unchanged';
  rule: PromotionRule | null;
  /** One sentence saying why, with the numbers, stored in the alias history. */
  reason: string;
  evidence: PromotionEvidence;
}

const f4 = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : String(x));
const p3 = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));
const vs = (what: string, e: PairedEvidence) =>
  `log loss ${f4(e.candidateLogLoss)} vs ${what} ${f4(e.otherLogLoss)} (n ${e.n}, ${e.groups} bar times, p better ${p3(e.pBetter)}, p worse ${p3(e.pWorse)})`;

/** Applies the two rules (see the module comment) to the evidence. */
export function decidePromotion(evidence: PromotionEvidence, policy: PromotionPolicy = DEFAULT_PROMOTION_POLICY): PromotionDecision {
  const { candidate, baseline, champion, window } = evidence;
  const on = `on ${window.start.slice(0, 10)}..${window.end.slice(0, 10)}`;
  const decide = (outcome: PromotionDecision['outcome'], rule: PromotionRule | null, reason: string): PromotionDecision => ({
    outcome,
    rule,
    reason,
    evidence,
  });

  if (champion && champion.versionId === candidate.versionId) {
    return decide('unchanged', null, `version ${candidate.versionId} already is the champion`);
  }
  if (!Number.isFinite(baseline.candidateLogLoss)) return decide('challenger', null, `candidate log loss ${on} is not finite`);

  if (!champion || champion.featureSetHash !== candidate.featureSetHash) {
    const rule: PromotionRule = champion ? 'new-feature-set' : 'first-model';
    const context = champion
      ? `first model of feature set ${candidate.featureSetHash.slice(0, 12)} (champion v${champion.versionId} has ${champion.featureSetHash.slice(0, 12)})`
      : 'first model (no champion yet)';
    if (baseline.pWorse < policy.firstModelAlpha) {
      return decide('challenger', rule, `${context}: significantly worse than ${baseline.name} ${on}: ${vs(baseline.name, baseline)}`);
    }
    return decide('champion', rule, `${context}: not significantly worse than ${baseline.name} ${on}: ${vs(baseline.name, baseline)}`);
  }

  const rule: PromotionRule = 'replace-champion';
  if (candidate.leak.suspected) return decide('challenger', rule, `leak guard fired, champion v${champion.versionId} kept: ${candidate.leak.note}`);
  if ('refused' in champion) {
    return decide('challenger', rule, `comparison with champion v${champion.versionId} refused: ${champion.refused}`);
  }
  const beats = (e: PairedEvidence) => e.candidateLogLoss < e.otherLogLoss && e.pBetter < policy.replaceAlpha;
  const champ = `champion v${champion.versionId}`;
  const beatsChampion = beats(champion.scored);
  const beatsBaseline = beats(baseline);
  const detail = `${vs(champ, champion.scored)}; ${vs(baseline.name, baseline)}`;
  if (beatsChampion && beatsBaseline) return decide('champion', rule, `beats ${champ} and ${baseline.name} ${on} (p < ${policy.replaceAlpha}): ${detail}`);
  const missed = [beatsChampion ? null : champ, beatsBaseline ? null : baseline.name].filter(Boolean).join(' and ');
  return decide('challenger', rule, `does not beat ${missed} by more than noise ${on} (needs p < ${policy.replaceAlpha}): ${detail}`);
}

/** Whole days since `createdAt`, fractional. */
export function ageInDays(createdAt: Date, now: Date = new Date()): number {
  return (now.getTime() - createdAt.getTime()) / 86_400_000;
}

/** True when a model created at `createdAt` is older than `maxAgeDays` at `now`. */
export function isStale(createdAt: Date, maxAgeDays: number, now: Date = new Date()): boolean {
  return ageInDays(createdAt, now) > maxAgeDays;
}
