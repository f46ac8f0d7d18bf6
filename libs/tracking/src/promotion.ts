/**
 * The promotion rule, as a pure function. The comparison metric is validation log loss (lower is
 * better): it scores the probabilities the predictions are made of, where accuracy only scores
 * their side of 0.5.
 *
 * A validation window is identified by `windowId`, an opaque string the trainer derives from the
 * rows it validated on (feature batch, split bounds, label horizon). Two scores are comparable
 * only when their windowIds are equal: log losses on different rows measure different things.
 */

/** A model's score on one validation window. */
export interface WindowScore {
  windowId: string;
  logLoss: number;
  /** Rows in the window (informational). */
  n?: number;
}

export interface PromotionCandidate extends WindowScore {
  versionId: number;
}

/**
 * The current champion: its stored validation score (on the window it was validated on, usually
 * an older batch) and, when the caller re-scored it, its score on the candidate's window.
 */
export interface PromotionChampion {
  versionId: number;
  validation: WindowScore;
  onCandidateWindow?: WindowScore;
}

export interface PromotionOptions {
  /** The candidate must beat each reference by more than this (log-loss units). Default 0. */
  minImprovement?: number;
}

export interface PromotionComparison {
  /** `champion` or the baseline's name. */
  against: string;
  windowId: string;
  candidateLogLoss: number;
  otherLogLoss: number;
  beaten: boolean;
}

export interface PromotionDecision {
  /** Where the candidate goes: `champion`, `challenger`, or `unchanged` (it already is the champion). */
  outcome: 'champion' | 'challenger' | 'unchanged';
  /** One sentence saying why, stored in the alias history. */
  reason: string;
  comparisons: PromotionComparison[];
}

/**
 * Decides whether `candidate` becomes champion. It does only when all hold, on the candidate's
 * own validation window W:
 * 1. its log loss is finite;
 * 2. at least one baseline (majority class, logistic regression, ...) was scored on W, every
 *    and the candidate's log loss is lower than each baseline's (NaN never is) by
 *    more than `minImprovement` (a baseline scored elsewhere cannot be compared and blocks promotion);
 * 3. there is no champion, or the champion's log loss on W is known (its own validation window is
 *    W, or the caller re-scored it on W as `onCandidateWindow`) and the candidate's is lower by
 *    more than `minImprovement`.
 * A champion validated on another window and not re-scored on W cannot be compared honestly:
 * the candidate then stays challenger, and the reason says so.
 */
export function decidePromotion(
  candidate: PromotionCandidate,
  champion: PromotionChampion | undefined,
  baselines: Record<string, WindowScore>,
  options: PromotionOptions = {},
): PromotionDecision {
  const margin = options.minImprovement ?? 0;
  const window = candidate.windowId;
  const comparisons: PromotionComparison[] = [];
  const challenger = (reason: string): PromotionDecision => ({ outcome: 'challenger', reason, comparisons });

  if (champion && champion.versionId === candidate.versionId) {
    return { outcome: 'unchanged', reason: `version ${candidate.versionId} already is the champion`, comparisons };
  }
  if (!Number.isFinite(candidate.logLoss)) return challenger(`candidate log loss on ${window} is not finite`);

  const compare = (against: string, other: WindowScore): boolean => {
    // An infinite log loss (hard 0/1 predictions that missed) is beaten by any finite one; NaN is not comparable.
    const beaten = !Number.isNaN(other.logLoss) && candidate.logLoss < other.logLoss - margin;
    comparisons.push({
      against,
      windowId: other.windowId,
      candidateLogLoss: candidate.logLoss,
      otherLogLoss: other.logLoss,
      beaten,
    });
    return beaten;
  };

  const names = Object.keys(baselines).sort();
  const elsewhere = names.filter((name) => baselines[name].windowId !== window);
  if (elsewhere.length > 0)
    return challenger(`baseline ${elsewhere.join(', ')} was not scored on the candidate's window ${window}`);
  if (names.length === 0) return challenger(`no baseline scored on the candidate's window ${window}`);
  const unbeaten = names.filter((name) => !compare(name, baselines[name]));

  let championScore: WindowScore | undefined;
  if (champion) {
    championScore = [champion.onCandidateWindow, champion.validation].find((s) => s?.windowId === window);
    if (championScore) {
      if (!compare('champion', championScore)) unbeaten.push(`champion v${champion.versionId}`);
    }
  }

  if (unbeaten.length > 0) {
    return challenger(`validation log loss ${fmt(candidate.logLoss)} on ${window} does not beat ${unbeaten.join(', ')}`);
  }
  if (champion && !championScore) {
    return challenger(
      `beats the baselines on ${window}, but champion v${champion.versionId} was validated on ${champion.validation.windowId} and not re-scored on ${window}`,
    );
  }
  const beatenNames = champion ? [`champion v${champion.versionId}`, ...names] : names;
  return {
    outcome: 'champion',
    reason: `validation log loss ${fmt(candidate.logLoss)} on ${window} beats ${beatenNames.join(', ')}${champion ? '' : ' (no champion yet)'}`,
    comparisons,
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}

/** Whole days since `createdAt`, fractional. */
export function ageInDays(createdAt: Date, now: Date = new Date()): number {
  return (now.getTime() - createdAt.getTime()) / 86_400_000;
}

/** True when a model created at `createdAt` is older than `maxAgeDays` at `now`. */
export function isStale(createdAt: Date, maxAgeDays: number, now: Date = new Date()): boolean {
  return ageInDays(createdAt, now) > maxAgeDays;
}
