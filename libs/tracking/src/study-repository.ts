import { type Db, studies, trials } from '@alphapulse/db';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from './db-helpers.ts';
import { type StudyProgress, studyProgress } from './study-progress.ts';
import { TrackingConflictError, TrackingInputError, UnknownStudyError, UnknownTrialError } from './errors.ts';

export type StudyRow = typeof studies.$inferSelect;
export type TrialRow = typeof trials.$inferSelect;
export type TrialStatus = TrialRow['status'];
export type FinishedTrialStatus = Exclude<TrialStatus, 'running'>;

export interface CreateStudyInput {
  id: string;
  runId: string;
  batchId: string;
  mode: string;
  /** Number of trials the study will run. */
  budget: number;
  seed: number;
}

export interface FinishTrialInput {
  status: FinishedTrialStatus;
  /** Validation objective (log loss, lower is better); required for a complete trial. */
  value?: number;
  /** Validation objective per epoch. */
  curve: number[];
  durationMs: number;
  error?: string;
}

/**
 * What `startTrial` found: a fresh trial, a retry of an interrupted or failed one (attempts
 * incremented, curve cleared), or one that already finished, which must not be run again.
 */
export type StartTrialOutcome = 'started' | 'restarted' | 'already-finished';

/** Tuning state in Postgres, so that any trainer replica can work on a study and a crash loses nothing. */
export class StudyRepository {
  constructor(private readonly db: Db) {}

  /** Creates the study once; creating it again returns the stored one (`created: false`). */
  async create(input: CreateStudyInput): Promise<{ created: boolean; study: StudyRow }> {
    for (const key of ['id', 'runId', 'batchId', 'mode'] as const) {
      if (typeof input[key] !== 'string' || input[key].length === 0)
        throw new TrackingInputError(key, 'must be a non-empty string');
    }
    if (!Number.isInteger(input.budget) || input.budget < 1) throw new TrackingInputError('budget', 'must be a positive integer');
    if (!Number.isInteger(input.seed)) throw new TrackingInputError('seed', 'must be an integer');
    const inserted = await this.db
      .insert(studies)
      .values({ ...input, status: 'running' })
      .onConflictDoNothing({ target: studies.id })
      .returning();
    if (inserted.length > 0) return { created: true, study: inserted[0] };
    const [study] = await this.db.select().from(studies).where(eq(studies.id, input.id));
    if (study.runId !== input.runId || study.batchId !== input.batchId) {
      throw new TrackingConflictError(`study ${input.id} already exists for run ${study.runId} on batch ${study.batchId}`);
    }
    return { created: false, study };
  }

  async get(id: string): Promise<StudyRow | undefined> {
    const [row] = await this.db.select().from(studies).where(eq(studies.id, id));
    return row;
  }

  /** The study's progress (trials done of the budget, best so far), or undefined without a study. */
  async progress(id: string): Promise<StudyProgress | undefined> {
    const study = await this.get(id);
    return study ? studyProgress(study, await this.trials(id)) : undefined;
  }

  /** The study's trials ordered by number. */
  async trials(studyId: string): Promise<TrialRow[]> {
    return this.db.select().from(trials).where(eq(trials.studyId, studyId)).orderBy(asc(trials.number));
  }

  /**
   * Marks trial `number` running on `worker`. A trial seen before that is running (its worker
   * died) or failed is restarted: attempts + 1, curve cleared, and the stored params are kept (a
   * retry re-runs the same point; use the returned trial's params). A complete or pruned trial is
   * left as it is and reported `already-finished`.
   */
  async startTrial(
    studyId: string,
    number: number,
    params: Record<string, unknown>,
    worker: string,
  ): Promise<{ outcome: StartTrialOutcome; trial: TrialRow }> {
    if (!Number.isInteger(number) || number < 0) throw new TrackingInputError('number', 'must be a non-negative integer');
    if (!worker) throw new TrackingInputError('worker', 'must be non-empty');
    try {
      return await this.db.transaction(async (tx) => {
        const inserted = await tx
          .insert(trials)
          .values({ studyId, number, params, status: 'running', worker })
          .onConflictDoNothing({ target: [trials.studyId, trials.number] })
          .returning();
        if (inserted.length > 0) return { outcome: 'started' as const, trial: inserted[0] };
        const restarted = await tx
          .update(trials)
          .set({
            status: 'running',
            worker,
            attempts: sql`${trials.attempts} + 1`,
            curve: [],
            value: null,
            error: null,
            durationMs: null,
            startedAt: sql`now()`,
            finishedAt: null,
          })
          .where(and(eq(trials.studyId, studyId), eq(trials.number, number), inArray(trials.status, ['running', 'failed'])))
          .returning();
        if (restarted.length > 0) return { outcome: 'restarted' as const, trial: restarted[0] };
        const [finished] = await tx
          .select()
          .from(trials)
          .where(and(eq(trials.studyId, studyId), eq(trials.number, number)));
        return { outcome: 'already-finished' as const, trial: finished };
      });
    } catch (err) {
      if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) throw new UnknownStudyError(studyId);
      throw err;
    }
  }

  /** Stores the validation curve so far of a running trial (for pruners on other replicas). */
  async reportEpoch(studyId: string, number: number, curve: number[]): Promise<void> {
    assertCurve(curve);
    const updated = await this.db
      .update(trials)
      .set({ curve })
      .where(and(eq(trials.studyId, studyId), eq(trials.number, number)))
      .returning({ number: trials.number });
    if (updated.length === 0) throw new UnknownTrialError(studyId, number);
  }

  /** Records how a trial ended. */
  async finishTrial(studyId: string, number: number, result: FinishTrialInput): Promise<TrialRow> {
    if (!['complete', 'pruned', 'failed'].includes(result.status)) {
      throw new TrackingInputError('status', 'must be complete, pruned or failed');
    }
    if (result.status === 'complete' && (typeof result.value !== 'number' || !Number.isFinite(result.value))) {
      throw new TrackingInputError('value', 'a complete trial needs a finite objective value');
    }
    if (!Number.isInteger(result.durationMs) || result.durationMs < 0) {
      throw new TrackingInputError('durationMs', 'must be a non-negative integer');
    }
    assertCurve(result.curve);
    const [row] = await this.db
      .update(trials)
      .set({
        status: result.status,
        value: result.value ?? null,
        curve: result.curve,
        durationMs: result.durationMs,
        error: result.error ?? null,
        finishedAt: sql`now()`,
      })
      .where(and(eq(trials.studyId, studyId), eq(trials.number, number)))
      .returning();
    if (!row) throw new UnknownTrialError(studyId, number);
    return row;
  }

  /**
   * Marks a running study completed. Returns true for exactly one caller: when several replicas
   * finish the last trials at once, only the winner goes on to the final refit.
   */
  async complete(id: string): Promise<boolean> {
    return this.finish(id, 'completed');
  }

  /**
   * Hands out up to `count` trial numbers not handed out before, never past the study's budget:
   * atomic across replicas, so two trainers never run the same number. Empty when the budget is spent.
   */
  async claimTrialNumbers(studyId: string, count: number): Promise<number[]> {
    if (!Number.isInteger(count) || count < 1) throw new TrackingInputError('count', 'must be a positive integer');
    return this.db.transaction(async (tx) => {
      const [study] = await tx.select().from(studies).where(eq(studies.id, studyId)).for('update');
      if (!study) throw new UnknownStudyError(studyId);
      if (study.status !== 'running') return [];
      const end = Math.min(study.trialsClaimed + count, study.budget);
      if (end === study.trialsClaimed) return [];
      await tx.update(studies).set({ trialsClaimed: end }).where(eq(studies.id, studyId));
      return Array.from({ length: end - study.trialsClaimed }, (_, i) => study.trialsClaimed + i);
    });
  }

  /** Marks a running study failed; true when this call changed it. */
  async fail(id: string): Promise<boolean> {
    return this.finish(id, 'failed');
  }

  private async finish(id: string, status: 'completed' | 'failed'): Promise<boolean> {
    const updated = await this.db
      .update(studies)
      .set({ status, finishedAt: sql`now()` })
      .where(and(eq(studies.id, id), eq(studies.status, 'running')))
      .returning({ id: studies.id });
    if (updated.length > 0) return true;
    if (!(await this.get(id))) throw new UnknownStudyError(id);
    return false;
  }
}

function assertCurve(curve: number[]): void {
  if (!Array.isArray(curve)) throw new TrackingInputError('curve', 'must be a list of numbers');
  curve.forEach((v, i) => {
    // JSON cannot carry NaN: a diverged epoch is reported as null by JSON and would read back wrong.
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TrackingInputError(`curve[${i}]`, 'must be a finite number');
  });
}
