import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import type { JobPayload } from '@alphapulse/queue';
import { type ArtifactStore, ModelRegistry, RunRepository, StudyRepository } from '@alphapulse/tracking';
import type { ModelReport, TrialParams, WindowPredictions } from '../../ml/index.ts';
import { renderRunReport } from '../../reports/run-report.ts';
import { bestTrial } from './final-fit-service.ts';

/** What a completed `training.run` job returns (and the demo prints). */
export interface StudyResult {
  runId: string;
  modelVersion: number;
  alias: 'champion' | 'challenger';
  promotion: { outcome: string; rule: string | null; reason: string };
  skill: ModelReport['skill']['verdict'];
  backend: string;
  trials: number;
  bestParams: TrialParams;
  test: ModelReport['test'];
  baselines: ModelReport['baselines'];
  perSymbol: ModelReport['perSymbol'];
  strategy: ModelReport['strategy'];
  suspectedLeak: boolean;
  artifactPrefix: string;
  /** The `predict.batch` job queued when the version became champion. */
  predictJobId?: string;
}

/**
 * The `record` step of a training job: completes the run with its summary (test metrics beside the
 * baselines, skill, per-symbol metrics, strategy, the promotion decision), completes the study and
 * writes the run report. Reads only what earlier steps stored, so it can run on any replica.
 */
export class RunRecorder {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;
  private readonly registry: ModelRegistry;

  constructor(
    db: Db,
    private readonly artifacts: ArtifactStore,
    private readonly backend: () => string,
    private readonly logger: Logger,
  ) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
    this.registry = new ModelRegistry(db);
  }

  async record(runId: string, payload: JobPayload<'training.run'>): Promise<StudyResult> {
    const report = await this.artifacts.getMetrics<ModelReport>(runId);
    const version = await this.registry.byRun(runId);
    if (!version?.promotion) throw new Error(`run ${runId}: no registered version with a decision (publish step incomplete)`);
    const trials = await this.studies.trials(runId);
    const best = bestTrial(runId, trials);
    const decision = version.promotion;
    const alias = (await this.registry.champion())?.id === version.id ? 'champion' : 'challenger';
    const promotion = { outcome: decision.outcome, rule: decision.rule, reason: decision.reason };
    const backend = this.backend();
    const artifactPrefix = this.artifacts.modelPrefix(runId);
    await this.runs.complete(runId, {
      summary: {
        test: report.test,
        baselines: report.baselines,
        skill: report.skill,
        perSymbol: report.perSymbol,
        importances: report.importances,
        strategy: report.strategy,
        promotion,
        modelVersion: version.id,
        bestTrial: best.number,
      },
      suspectedLeak: report.suspectedLeak.suspected,
      artifactPrefix,
      modelKind: version.modelKind,
      backend,
    });
    await this.studies.complete(runId);
    const run = await this.runs.get(runId);
    const predictions = await this.artifacts.getEvaluation<WindowPredictions>(runId).catch(() => null);
    await this.artifacts.putReport(
      runId,
      renderRunReport({
        runId,
        batchId: payload.batchId,
        mode: payload.mode,
        backend,
        seed: payload.seed,
        status: 'completed',
        startedAt: run?.startedAt ?? new Date(),
        finishedAt: run?.finishedAt ?? new Date(),
        trials,
        report,
        promotion,
        predictions,
        bestTrial: best.number,
      }),
    );
    this.logger.info({ runId, version: version.id, alias, skill: version.skill }, 'run completed');
    return {
      runId,
      modelVersion: version.id,
      alias,
      promotion,
      skill: report.skill.verdict,
      backend,
      trials: trials.length,
      bestParams: best.params as TrialParams,
      test: report.test,
      baselines: report.baselines,
      perSymbol: report.perSymbol,
      strategy: report.strategy,
      suspectedLeak: report.suspectedLeak.suspected,
      artifactPrefix,
    };
  }
}
