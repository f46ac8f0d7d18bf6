import { type Db, runMetrics, runParams, runs } from '@alphapulse/db';
import { and, asc, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import { chunks, FOREIGN_KEY_VIOLATION, pgErrorCode } from './db-helpers.ts';
import { TrackingConflictError, TrackingInputError, UnknownRunError } from './errors.ts';

export type RunStatus = 'running' | 'completed' | 'failed';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'failed'];

export interface StartRunInput {
  id: string;
  batchId: string;
  featureSetHash: string;
  mode: string;
  modelKind?: string;
  /** The TensorFlow.js backend actually in use (checked, not assumed). */
  backend: string;
  codeVersion: string;
  seed: number;
  jobId: string;
  worker: string;
  /** Why the run exists: `batch published`, `manual`, `drift report 12`, ... */
  reason: string;
}

/** A run row as stored. */
export type RunRow = typeof runs.$inferSelect;

/** One line of a run listing: the run and its final metrics. */
export interface RunSummary {
  id: string;
  status: RunStatus;
  mode: string;
  batchId: string;
  featureSetHash: string;
  modelKind: string | null;
  backend: string | null;
  seed: number;
  reason: string | null;
  suspectedLeak: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  /** Final metrics (step -1). */
  metrics: Record<string, number>;
}

/** A run with everything logged against it. */
export interface RunDetail extends RunRow {
  params: Record<string, string>;
  /** Final metrics (step -1). */
  metrics: Record<string, number>;
  /** Per-epoch series: `history[key][i]` is the value logged at step i. */
  history: Record<string, number[]>;
}

/** Runs side by side: one column per run (in the order asked), one row per key in any of them. */
export interface RunComparison {
  runs: RunSummary[];
  params: { key: string; values: (string | null)[] }[];
  metrics: { key: string; values: (number | null)[] }[];
  /** Asked-for ids that no run carries. */
  missing: string[];
}

export interface CompleteRunInput {
  summary: unknown;
  suspectedLeak: boolean;
  artifactPrefix: string;
  modelKind: string;
  backend: string;
}

export type ParamValue = string | number | boolean;

/** Runs, their params and their metrics: the tracking part of what MLflow did. */
export class RunRepository {
  constructor(private readonly db: Db) {}

  /**
   * Starts (or resumes) the run with this id; idempotent, so a retried job never creates a second
   * run. A run that exists and is not completed is set running again with the new job and worker;
   * a completed run is returned untouched (`alreadyCompleted`), and the caller should not redo it.
   * The same id for another batch is a TrackingConflictError.
   */
  async start(input: StartRunInput): Promise<{ created: boolean; alreadyCompleted: boolean; run: RunRow }> {
    for (const key of [
      'id',
      'batchId',
      'featureSetHash',
      'mode',
      'backend',
      'codeVersion',
      'jobId',
      'worker',
      'reason',
    ] as const) {
      if (typeof input[key] !== 'string' || input[key].length === 0)
        throw new TrackingInputError(key, 'must be a non-empty string');
    }
    if (!Number.isInteger(input.seed)) throw new TrackingInputError('seed', 'must be an integer');
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(runs)
        .values({
          id: input.id,
          batchId: input.batchId,
          featureSetHash: input.featureSetHash,
          mode: input.mode,
          modelKind: input.modelKind ?? null,
          backend: input.backend,
          codeVersion: input.codeVersion,
          seed: input.seed,
          status: 'running',
          reason: input.reason,
          jobId: input.jobId,
          worker: input.worker,
        })
        .onConflictDoNothing({ target: runs.id })
        .returning();
      if (inserted.length > 0) return { created: true, alreadyCompleted: false, run: inserted[0] };
      const [existing] = await tx.select().from(runs).where(eq(runs.id, input.id)).for('update');
      if (existing.batchId !== input.batchId) {
        throw new TrackingConflictError(`run ${input.id} already exists for batch ${existing.batchId}, not ${input.batchId}`);
      }
      if (existing.status === 'completed') return { created: false, alreadyCompleted: true, run: existing };
      const [resumed] = await tx
        .update(runs)
        .set({
          status: 'running',
          error: null,
          finishedAt: null,
          jobId: input.jobId,
          worker: input.worker,
          backend: input.backend,
        })
        .where(eq(runs.id, input.id))
        .returning();
      return { created: false, alreadyCompleted: false, run: resumed };
    });
  }

  /** Records (or overwrites) params of a run; values are stored as their string form. */
  async logParams(runId: string, params: Record<string, ParamValue>): Promise<void> {
    const rows = Object.entries(params).map(([key, value]) => {
      if (!key) throw new TrackingInputError('params', 'keys must be non-empty');
      if (!['string', 'number', 'boolean'].includes(typeof value))
        throw new TrackingInputError(`params.${key}`, 'must be a string, number or boolean');
      return { runId, key, value: String(value) };
    });
    if (rows.length === 0) return;
    await this.guard(runId, async () => {
      for (const part of chunks(rows)) {
        await this.db
          .insert(runParams)
          .values(part)
          .onConflictDoUpdate({ target: [runParams.runId, runParams.key], set: { value: sql`excluded.value` } });
      }
    });
  }

  /**
   * Records (or overwrites) metrics of a run at one step: -1 (the default) for final metrics,
   * else the epoch. NaN and infinities are stored as such (an AUC on one class is NaN).
   */
  async logMetrics(runId: string, metrics: Record<string, number>, step = -1): Promise<void> {
    if (!Number.isInteger(step) || step < -1) throw new TrackingInputError('step', 'must be -1 or a non-negative integer');
    const rows = Object.entries(metrics).map(([key, value]) => {
      if (!key) throw new TrackingInputError('metrics', 'keys must be non-empty');
      if (typeof value !== 'number') throw new TrackingInputError(`metrics.${key}`, 'must be a number');
      return { runId, key, step, value };
    });
    if (rows.length === 0) return;
    await this.guard(runId, async () => {
      for (const part of chunks(rows)) {
        await this.db
          .insert(runMetrics)
          .values(part)
          .onConflictDoUpdate({
            target: [runMetrics.runId, runMetrics.key, runMetrics.step],
            set: { value: sql`excluded.value` },
          });
      }
    });
  }

  /**
   * Replaces the per-epoch series of one metric: `values[i]` is stored at step i. Epochs a
   * previous attempt logged beyond the new series are removed, so a retried run never shows a
   * mix of two attempts.
   */
  async logHistory(runId: string, key: string, values: number[]): Promise<void> {
    if (!key) throw new TrackingInputError('key', 'must be non-empty');
    values.forEach((v, i) => {
      if (typeof v !== 'number') throw new TrackingInputError(`values[${i}]`, 'must be a number');
    });
    await this.guard(runId, () =>
      this.db.transaction(async (tx) => {
        await tx.delete(runMetrics).where(and(eq(runMetrics.runId, runId), eq(runMetrics.key, key), gte(runMetrics.step, 0)));
        for (const part of chunks(values.map((value, step) => ({ runId, key, step, value })))) {
          await tx.insert(runMetrics).values(part);
        }
      }),
    );
  }

  /** Marks a run completed with its summary and where its artifacts are. */
  async complete(runId: string, input: CompleteRunInput): Promise<void> {
    const updated = await this.db
      .update(runs)
      .set({
        status: 'completed',
        summary: input.summary,
        suspectedLeak: input.suspectedLeak,
        artifactPrefix: input.artifactPrefix,
        modelKind: input.modelKind,
        backend: input.backend,
        error: null,
        finishedAt: sql`now()`,
      })
      .where(eq(runs.id, runId))
      .returning({ id: runs.id });
    if (updated.length === 0) throw new UnknownRunError(runId);
  }

  /**
   * Marks a run failed with the error's message. A completed run is never marked failed (a late
   * failure of a retried attempt must not hide a result); returns whether the run was marked.
   */
  async fail(runId: string, error: unknown): Promise<boolean> {
    const message = error instanceof Error ? error.message : String(error);
    const updated = await this.db
      .update(runs)
      .set({ status: 'failed', error: message.slice(0, 10_000), finishedAt: sql`now()` })
      .where(and(eq(runs.id, runId), ne(runs.status, 'completed')))
      .returning({ id: runs.id });
    if (updated.length > 0) return true;
    if (!(await this.exists(runId))) throw new UnknownRunError(runId);
    return false;
  }

  /** Every run still `running`, oldest first (what the reconciler checks against the queues). */
  async running(): Promise<RunRow[]> {
    return this.db.select().from(runs).where(eq(runs.status, 'running')).orderBy(runs.startedAt);
  }

  /** Runs newest first, with their final metrics; `offset` pages, `status` and `modelKind` filter. */
  async list(options: { limit?: number; offset?: number; status?: RunStatus; modelKind?: string } = {}): Promise<RunSummary[]> {
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1) throw new TrackingInputError('limit', 'must be a positive integer');
    if (!Number.isInteger(offset) || offset < 0) throw new TrackingInputError('offset', 'must be a non-negative integer');
    const rows = await this.db
      .select()
      .from(runs)
      .where(and(options.status ? eq(runs.status, options.status) : undefined, options.modelKind ? eq(runs.modelKind, options.modelKind) : undefined))
      .orderBy(desc(runs.startedAt), desc(runs.id))
      .limit(limit)
      .offset(offset);
    return this.summarize(rows);
  }

  /** The most recently started run, or undefined. */
  async lastRun(): Promise<RunSummary | undefined> {
    const [run] = await this.list({ limit: 1 });
    return run;
  }

  /** A run with params, final metrics and per-epoch history, or undefined. */
  async get(id: string): Promise<RunDetail | undefined> {
    const [run] = await this.db.select().from(runs).where(eq(runs.id, id));
    if (!run) return undefined;
    const [params, metrics] = await Promise.all([
      this.db.select().from(runParams).where(eq(runParams.runId, id)).orderBy(asc(runParams.key)),
      this.db.select().from(runMetrics).where(eq(runMetrics.runId, id)).orderBy(asc(runMetrics.key), asc(runMetrics.step)),
    ]);
    const history: Record<string, number[]> = {};
    const final: Record<string, number> = {};
    for (const m of metrics) {
      if (m.step === -1) final[m.key] = m.value;
      else {
        history[m.key] ??= [];
        history[m.key][m.step] = m.value;
      }
    }
    return { ...run, params: Object.fromEntries(params.map((p) => [p.key, p.value])), metrics: final, history };
  }

  /** Several runs side by side: params and final metrics, union of keys, sorted by key. */
  async compare(ids: string[]): Promise<RunComparison> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { runs: [], params: [], metrics: [], missing: [] };
    const rows = await this.db.select().from(runs).where(inArray(runs.id, unique));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const foundRows = unique.flatMap((id) => byId.get(id) ?? []);
    const found = foundRows.map((r) => r.id);
    const summaries = await this.summarize(foundRows);
    const params = found.length ? await this.db.select().from(runParams).where(inArray(runParams.runId, found)) : [];
    const paramKeys = [...new Set(params.map((p) => p.key))].sort();
    const paramOf = new Map(params.map((p) => [`${p.runId}\u0000${p.key}`, p.value]));
    const metricKeys = [...new Set(summaries.flatMap((s) => Object.keys(s.metrics)))].sort();
    return {
      runs: summaries,
      params: paramKeys.map((key) => ({ key, values: found.map((id) => paramOf.get(`${id}\u0000${key}`) ?? null) })),
      metrics: metricKeys.map((key) => ({ key, values: summaries.map((s) => (key in s.metrics ? s.metrics[key] : null)) })),
      missing: unique.filter((id) => !byId.has(id)),
    };
  }

  private async summarize(rows: RunRow[]): Promise<RunSummary[]> {
    if (rows.length === 0) return [];
    const metrics = await this.db
      .select({ runId: runMetrics.runId, key: runMetrics.key, value: runMetrics.value })
      .from(runMetrics)
      .where(
        and(
          inArray(
            runMetrics.runId,
            rows.map((r) => r.id),
          ),
          eq(runMetrics.step, -1),
        ),
      );
    const byRun = new Map<string, Record<string, number>>();
    for (const m of metrics) {
      const bag = byRun.get(m.runId) ?? {};
      bag[m.key] = m.value;
      byRun.set(m.runId, bag);
    }
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      mode: r.mode,
      batchId: r.batchId,
      featureSetHash: r.featureSetHash,
      modelKind: r.modelKind,
      backend: r.backend,
      seed: r.seed,
      reason: r.reason,
      suspectedLeak: r.suspectedLeak,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      metrics: sortKeys(byRun.get(r.id) ?? {}),
    }));
  }

  private async exists(runId: string): Promise<boolean> {
    const [row] = await this.db.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
    return row !== undefined;
  }

  /** Turns the foreign-key violation of a write against an unknown run into UnknownRunError. */
  private async guard<T>(runId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) throw new UnknownRunError(runId);
      throw err;
    }
  }
}

function sortKeys<T>(bag: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(bag).sort(([a], [b]) => a.localeCompare(b)));
}
