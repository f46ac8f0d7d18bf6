export const MODE_BUDGETS = { ultra_fast: 5, fast: 15, full: 30 } as const;
export type TuningMode = keyof typeof MODE_BUDGETS;
export const TUNING_MODES = Object.keys(MODE_BUDGETS) as TuningMode[];

export class BudgetError extends Error {
  override name = 'BudgetError';
}

/**
 * Trials for a mode: MODE_BUDGETS unless TRIALS_ULTRA_FAST / TRIALS_FAST / TRIALS_FULL override it (raw
 * environment strings or the parsed config's numbers).
 */
export function trialsForMode(mode: TuningMode, env: Record<string, unknown> = process.env): number {
  if (!(mode in MODE_BUDGETS))
    throw new BudgetError(`unknown mode ${JSON.stringify(mode)} (expected ${TUNING_MODES.join(', ')})`);
  const key = `TRIALS_${mode.toUpperCase()}`;
  const raw = env[key];
  if (raw === undefined || raw === '') return MODE_BUDGETS[mode];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new BudgetError(`${key} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** Alias of trialsForMode (the queue's name for it). */
export const budgetFor = trialsForMode;

/** Random start-up trials before TPE: a third of the budget, between 2 and 10. */
export function startupTrialsFor(trials: number): number {
  return Math.max(2, Math.min(10, Math.ceil(trials / 3)));
}
