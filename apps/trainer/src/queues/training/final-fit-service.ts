import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import { type JobPayload, PermanentJobError } from '@alphapulse/queue';
import { type ArtifactStore, referenceHistograms, RunRepository, StudyRepository, type TrialRow } from '@alphapulse/tracking';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { evaluateModel, fitFinal, type ModelReport, normalizeParams, serializeModel, type TrialParams } from '../../ml/index.ts';
import { trialSeed } from '../../tuning/index.ts';
import type { DatasetCache } from './dataset-cache.ts';
import { flattenMetrics } from './study-results.ts';

/** What the drift check compares new batches with: the training window's histograms and its end. */
export interface StoredReference {
  trainEnd: number;
  [key: string]: unknown;
}

export interface FitResult {
  best: TrialRow;
  params: TrialParams;
  report: ModelReport;
}

/** The study's best complete trial (lowest validation log loss); PermanentJobError when none completed. */
export function bestTrial(runId: string, trials: TrialRow[]): TrialRow {
  const complete = trials.filter((t) => t.status === 'complete' && Number.isFinite(t.value));
  if (complete.length === 0) throw new PermanentJobError(`study ${runId}: no trial completed (${trials.map((t) => `#${t.number} ${t.status}`).join(', ')})`);
  return complete.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
}

/**
 * The `fit` step of a training job: refits the winning trial's params WITH THE WINNING TRIAL'S SEED
 * (so the served model is the trial that won, as offline), evaluates it once on the test window, and
 * writes the model, its drift reference, its report and its test-window predictions through the
 * artifact store. Deterministic: a retry after a crash rewrites the same bytes.
 */
export class FinalFitService {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;

  constructor(
    db: Db,
    private readonly artifacts: ArtifactStore,
    private readonly loader: FeatureBatchLoader,
    private readonly datasets: DatasetCache,
    private readonly logger: Logger,
  ) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
  }

  async fit(runId: string, payload: JobPayload<'training.run'>, progress: (message: string) => Promise<void>): Promise<FitResult> {
    const study = await this.studies.get(runId);
    if (!study) throw new PermanentJobError(`study ${runId} is not recorded`);
    const best = bestTrial(runId, await this.studies.trials(runId));
    const params = normalizeParams(best.params as TrialParams);
    await progress(`final fit of trial #${best.number} (${params.model}) and one evaluation on the test window`);

    const { record, batch } = await this.loader.load(payload.batchId);
    const ds = this.datasets.get(record.id, batch);
    const model = await fitFinal(ds, params, { seed: trialSeed(study.seed, best.number) });
    try {
      const { report, predictions } = await evaluateModel(model, ds, { seed: payload.seed }); // the single use of the test window
      await this.artifacts.putModel(runId, await serializeModel(model));
      const rows = ds.train.sourceRow;
      const reference = referenceHistograms(Object.fromEntries(ds.featureNames.map((name) => [name, Float64Array.from(rows, (r) => batch.features[name][r])])));
      await this.artifacts.putReference(runId, { ...reference, trainEnd: ds.boundaries.train.end } satisfies StoredReference);
      await this.artifacts.putMetrics(runId, report);
      await this.artifacts.putEvaluation(runId, predictions);

      await this.runs.logParams(runId, Object.fromEntries(Object.entries(params).map(([k, v]) => [`best.${k}`, v])));
      const { perSymbol, importances, ...pooled } = report;
      await this.runs.logMetrics(runId, flattenMetrics(pooled));
      await this.runs.logHistory(runId, 'best_trial.val_log_loss', best.curve as number[]);
      await this.runs.logHistory(runId, 'final.val_log_loss', model.meta.valCurve);
      this.logger.info(
        { runId, trial: best.number, model: params.model, test: report.test.accuracy, skill: report.skill.verdict, importances: importances?.length ?? 0, symbols: Object.keys(perSymbol).length },
        'final model fitted and evaluated',
      );
      return { best, params, report };
    } finally {
      model.dispose();
    }
  }
}
