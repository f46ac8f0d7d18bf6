import type { Db } from '@alphapulse/db';
import type { EvaluationReportLike, RunView, TestPredictions } from '@alphapulse/report';
import type { ObjectStore } from '@alphapulse/storage';
import {
  ArtifactNotFoundError,
  ArtifactStore,
  type DriftReportRecord,
  DriftRepository,
  ModelRegistry,
  PredictionRepository,
  type RunComparison,
  type RunDetail,
  RunRepository,
  type RunStatus,
  type RunSummary,
  type StudyProgress,
  StudyRepository,
} from '@alphapulse/tracking';

/** What a completed run's summary (runs.summary) carries that the console reads. */
interface RunSummaryBlob {
  promotion?: { outcome: string; rule?: string | null; reason: string };
  bestTrial?: number;
  modelVersion?: number;
}

/** One row of the console's run list. */
export interface RunListRow extends RunSummary {
  skill: string | null;
  durationSeconds: number | null;
}

/** A run's page: its detail as `GET /runs/:id` gives it, and the view the report renderer draws. */
export interface RunPageData {
  run: RunDetail;
  progress: StudyProgress | null;
  view: RunView;
}

/**
 * Reads what the console shows, only through the tracking repositories and the artifact store (no
 * SQL here), so every number on a page is the one the JSON API answers.
 */
export class ConsoleService {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;
  private readonly registry: ModelRegistry;
  private readonly predictions: PredictionRepository;
  private readonly drift: DriftRepository;
  private readonly artifacts: ArtifactStore;

  constructor(db: Db, store: ObjectStore, readonly championMaxAgeDays: number) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
    this.registry = new ModelRegistry(db);
    this.predictions = new PredictionRepository(db);
    this.drift = new DriftRepository(db);
    this.artifacts = new ArtifactStore(store);
  }

  /** One page of runs (newest first) with each run's skill verdict and duration; `limit + 1` is read to know if more follow. */
  async runList(q: { limit: number; offset: number; status?: RunStatus; modelKind?: string }): Promise<{ rows: RunListRow[]; more: boolean }> {
    const [list, versions] = await Promise.all([this.runs.list({ ...q, limit: q.limit + 1 }), this.registry.list()]);
    const skillOf = new Map(versions.versions.map((v) => [v.runId, v.skill]));
    const rows = list.slice(0, q.limit).map((r) => ({
      ...r,
      skill: skillOf.get(r.id) ?? null,
      durationSeconds: r.finishedAt ? (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000 : null,
    }));
    return { rows, more: list.length > q.limit };
  }

  /** The run's progress as `GET /runs/:id` carries it. */
  async progress(id: string): Promise<{ status: string; progress: StudyProgress | null } | undefined> {
    const run = await this.runs.get(id);
    if (!run) return undefined;
    return { status: run.status, progress: (await this.studies.progress(id)) ?? null };
  }

  /** Everything the run page shows, or undefined for an unknown run. */
  async runPage(id: string): Promise<RunPageData | undefined> {
    const run = await this.runs.get(id);
    if (!run) return undefined;
    const [progress, trials] = await Promise.all([this.studies.progress(id), this.studies.trials(id)]);
    const summary = (run.summary ?? {}) as RunSummaryBlob;
    const completed = run.status === 'completed';
    const [report, predictions] = completed
      ? await Promise.all([
          this.optional(this.artifacts.getMetrics<EvaluationReportLike>(id)),
          this.optional(this.artifacts.getEvaluation<TestPredictions>(id)),
        ])
      : [null, null];
    const view: RunView = {
      runId: run.id,
      batchId: run.batchId,
      mode: run.mode,
      backend: run.backend,
      seed: run.seed,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      trials,
      report,
      promotion: summary.promotion ?? null,
      predictions,
      bestTrial: summary.bestTrial ?? progress?.best?.number ?? null,
    };
    return { run, progress: progress ?? null, view };
  }

  /** Runs side by side (as `GET /runs/compare`) and each one's page data for the overlaid curves. */
  async compare(ids: string[]): Promise<{ comparison: RunComparison; pages: RunPageData[] }> {
    const comparison = await this.runs.compare(ids);
    const pages = (await Promise.all(comparison.runs.map((r) => this.runPage(r.id)))).filter((p): p is RunPageData => p !== undefined);
    return { comparison, pages };
  }

  /** The registry as `GET /models` gives it, with the latest prediction per symbol. */
  async models() {
    const [list, history, champion, predictions] = await Promise.all([
      this.registry.list(),
      this.registry.history({ limit: 100 }),
      this.registry.championStatus(this.championMaxAgeDays),
      this.predictions.latestPerSymbol(),
    ]);
    return { ...list, history, champion, predictions };
  }

  /** The latest drift reports, newest first (as `GET /drift`). */
  driftReports(limit: number): Promise<DriftReportRecord[]> {
    return this.drift.latest({ limit });
  }

  private async optional<T>(read: Promise<T>): Promise<T | null> {
    try {
      return await read;
    } catch (err) {
      if (err instanceof ArtifactNotFoundError) return null;
      throw err;
    }
  }
}
