import { hostname } from 'node:os';
import type { Env } from '@alphapulse/config';
import type { Db } from '@alphapulse/db';
import type { Logger } from '@alphapulse/logger';
import { type JobPayload, type JobProducer, PermanentJobError } from '@alphapulse/queue';
import type { ObjectStore } from '@alphapulse/storage';
import { codeVersion, ModelRegistry, referenceHistograms, RunRepository, StudyRepository, type TrialRow } from '@alphapulse/tracking';
import { type Job, WaitingChildrenError } from 'bullmq';
import type { FeatureBatchLoader } from '../../batches/feature-batch-loader.ts';
import { evaluateModel } from '../../evaluation/index.ts';
import { fitFinal, serializeModel } from '../../ml/index.ts';
import { budgetFor, type TrialParams } from '../../tuning/index.ts';
import type { PredictionService } from '../predict/prediction-service.ts';
import type { DatasetCache } from './dataset-cache.ts';
import { renderRunReport } from '../../reports/run-report.ts';
import { TrialQueue } from '../trials/trial-queue.ts';
import { runIdForJob, studyWaves } from './study-ids.ts';
import { championOnWindow, flattenMetrics, validationWindowId } from './study-results.ts';

export interface StudyResult {
  runId: string;
  modelVersion: number;
  alias: string;
  promotionReason: string;
  backend: string;
  trials: number;
  bestParams: TrialParams;
  test: Record<string, unknown>;
  baselines: Record<string, Record<string, unknown>>;
  strategy: Record<string, unknown> | null;
  suspectedLeak: boolean;
  artifactPrefix: string;
}

/** `requeued`: claimed numbers queued a second time after a crash; never a third (no endless loop on a job that cannot be added). */
type StudyJob = Job<JobPayload<'training.run'> & { requeued?: number[] }>;

/**
 * Runs a study as a BullMQ step job: `start` records the run and study, `trials` adds waves of
 * `trials.run` children (random start-up, then TPE given the finished ones) and waits for them,
 * `finalize` refits the best parameters, evaluates ONCE on the test window, stores the model and
 * registers it. Every step is idempotent and its state is in Postgres and the job's data, so a
 * trainer crash at any point resumes on another replica without a second run or model version.
 */
export class StudyService {
  private readonly runs: RunRepository;
  private readonly studies: StudyRepository;
  private readonly registry: ModelRegistry;
  private readonly trialQueue: TrialQueue;

  constructor(
    db: Db,
    private readonly store: ObjectStore,
    private readonly producer: JobProducer,
    private readonly loader: FeatureBatchLoader,
    private readonly datasets: DatasetCache,
    private readonly predictions: PredictionService,
    private readonly env: Env,
    private readonly backend: () => string,
    private readonly logger: Logger,
  ) {
    this.runs = new RunRepository(db);
    this.studies = new StudyRepository(db);
    this.registry = new ModelRegistry(db);
    this.trialQueue = new TrialQueue(producer, this.studies);
  }

  async advance(payload: JobPayload<'training.run'>, job: StudyJob, token?: string): Promise<StudyResult> {
    const runId = runIdForJob(job.id as string);
    const budget = budgetFor(payload.mode, this.env);
    try {
      if (payload.step === 'start') {
        await this.start(payload, job, runId, budget);
        await job.updateData({ ...job.data, step: 'trials' });
      }
      if ((job.data.step ?? 'trials') === 'trials') {
        await this.runTrials(payload, job, runId, budget, token);
        await job.updateData({ ...job.data, step: 'finalize' });
      }
      return await this.finalize(payload, job, runId);
    } catch (err) {
      if (err instanceof WaitingChildrenError) throw err;
      const last = err instanceof PermanentJobError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) {
        await this.runs.fail(runId, err).catch(() => false);
        await this.studies.fail(runId).catch(() => undefined);
      }
      throw err;
    }
  }

  private async start(payload: JobPayload<'training.run'>, job: StudyJob, runId: string, budget: number): Promise<void> {
    // Verify the batch (content hash) and that it can be split before any run is recorded.
    const { record, batch } = await this.loader.load(payload.batchId);
    const ds = this.datasets.get(record.id, batch);
    await this.runs.start({
      id: runId,
      batchId: record.id,
      featureSetHash: record.featureSetHash,
      mode: payload.mode,
      modelKind: payload.model,
      backend: this.backend(),
      codeVersion: codeVersion(),
      seed: payload.seed,
      jobId: job.id as string,
      worker: `${hostname()}:${process.pid}`,
      reason: payload.reason,
    });
    await this.studies.create({ id: runId, runId, batchId: record.id, mode: payload.mode, budget, seed: payload.seed });
    await this.runs.logParams(runId, {
      mode: payload.mode,
      model: payload.model,
      seed: payload.seed,
      budget,
      backend: this.backend(),
      featureSet: record.featureSetName,
      featureSetHash: record.featureSetHash,
      trainRows: ds.train.n,
      valRows: ds.val.n,
      testRows: ds.test.n,
      trainWindow: `${new Date(ds.boundaries.train.start).toISOString().slice(0, 10)}..${new Date(ds.boundaries.train.end).toISOString().slice(0, 10)}`,
      valWindow: `${new Date(ds.boundaries.val.start).toISOString().slice(0, 10)}..${new Date(ds.boundaries.val.end).toISOString().slice(0, 10)}`,
      testWindow: `${new Date(ds.boundaries.test.start).toISOString().slice(0, 10)}..${new Date(ds.boundaries.test.end).toISOString().slice(0, 10)}`,
      gapBars: ds.gapBars,
    });
    this.logger.info({ runId, batchId: record.id, budget, rows: { train: ds.train.n, val: ds.val.n, test: ds.test.n } }, 'study started');
  }

  /**
   * Keeps about TRIAL_WAVE trials in flight: the first ones are queued here, and each finishing trial
   * queues its successor (see TrialService), so replicas never idle at a wave barrier. When all
   * children are done the job resumes here: numbers claimed but never queued (a crash between the
   * two) are queued again, the budget is topped up if a chain broke, and otherwise tuning is over.
   */
  private async runTrials(payload: JobPayload<'training.run'>, job: StudyJob, runId: string, budget: number, token?: string): Promise<void> {
    const { startup, wave } = studyWaves(budget, this.env.TRIAL_WAVE, this.env.STARTUP_TRIALS);
    for (;;) {
      const study = await this.studies.get(runId);
      const known = new Set((await this.studies.trials(runId)).map((t) => t.number));
      const requeued = job.data.requeued ?? [];
      const lost = Array.from({ length: study?.trialsClaimed ?? 0 }, (_, n) => n).filter((n) => !known.has(n) && !requeued.includes(n));
      const fresh = (study?.trialsClaimed ?? 0) < budget ? await this.studies.claimTrialNumbers(runId, Math.max(1, wave - lost.length)) : [];
      const numbers = [...lost, ...fresh];
      if (numbers.length === 0) return;
      if (lost.length) await job.updateData({ ...job.data, requeued: [...requeued, ...lost] });
      for (const number of numbers) {
        await this.trialQueue.queue({ studyId: runId, number, model: payload.model, startup, seed: payload.seed, parent: { id: job.id as string, queue: job.queueQualifiedName } });
      }
      await job.updateProgress({ message: `tuning: ${known.size}/${budget} trials started, ${numbers.length} queued`, started: known.size, budget });
      if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
    }
  }

  /** The run report, `reports/<runId>.html`: windows, test metrics beside baselines, strategy, calibration, trials. */
  private async writeReport(
    runId: string,
    payload: JobPayload<'training.run'>,
    gapBars: number,
    report: Awaited<ReturnType<typeof evaluateModel>>,
    trials: TrialRow[],
    bestParams: TrialParams,
    decision: { outcome: string; reason: string },
  ): Promise<void> {
    const run = await this.runs.get(runId);
    const w = report.windows;
    const html = renderRunReport({
      runId,
      batchId: payload.batchId,
      mode: payload.mode,
      backend: this.backend(),
      seed: payload.seed,
      startedAt: run?.startedAt ?? new Date(),
      finishedAt: run?.finishedAt ?? new Date(),
      windows: {
        train: `${w.train.start.slice(0, 10)} – ${w.train.end.slice(0, 10)}`,
        val: `${w.val.start.slice(0, 10)} – ${w.val.end.slice(0, 10)}`,
        test: `${w.test.start.slice(0, 10)} – ${w.test.end.slice(0, 10)}`,
        gapBars,
        rows: { train: w.train.n, val: w.val.n, test: w.test.n },
      },
      bestParams: { ...bestParams },
      trials: trials.map((t) => ({ number: t.number, status: t.status, value: t.value, model: String((t.params as TrialParams).model), curve: t.curve, worker: t.worker })),
      test: { model: { ...report.test }, ...Object.fromEntries(Object.entries(report.baselines).map(([k, v]) => [k, { ...v }])) },
      strategy: { model: { ...report.strategy.model }, 'buy-and-hold': { ...report.strategy.buyAndHold } },
      calibration: report.test.calibration,
      promotion: decision,
      suspectedLeak: { suspected: report.suspectedLeak.suspected, note: (report.suspectedLeak as { note?: string }).note },
    });
    await this.store.put(`reports/${runId}.html`, html, 'text/html; charset=utf-8');
  }

  private async finalize(payload: JobPayload<'training.run'>, job: StudyJob, runId: string): Promise<StudyResult> {
    const trials = await this.studies.trials(runId);
    const complete = trials.filter((t) => t.status === 'complete' && Number.isFinite(t.value));
    if (complete.length === 0) throw new PermanentJobError(`study ${runId}: no trial completed (${trials.map((t) => `#${t.number} ${t.status}`).join(', ')})`);
    const best = complete.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
    const bestParams = best.params as TrialParams;
    await job.updateProgress({ message: `final fit of trial #${best.number} (${bestParams.model}) and one evaluation on the test window` });

    const { record, batch } = await this.loader.load(payload.batchId);
    const ds = this.datasets.get(record.id, batch);
    const model = await fitFinal(ds, bestParams, { seed: payload.seed });
    const report = await evaluateModel(model, ds, { seed: payload.seed }); // the single use of the test window
    const artifactPrefix = `models/${runId}`;
    const files = await serializeModel(model);
    const rows = ds.train.sourceRow;
    const reference = referenceHistograms(Object.fromEntries(ds.featureNames.map((name) => [name, Float64Array.from(rows, (r) => batch.features[name][r])])));
    files['reference.json'] = Buffer.from(JSON.stringify({ ...reference, trainEnd: ds.boundaries.train.end }));
    files['metrics.json'] = Buffer.from(JSON.stringify(report, null, 2));
    for (const [name, body] of Object.entries(files)) await this.store.put(`${artifactPrefix}/${name}`, body);

    await this.runs.logParams(runId, Object.fromEntries(Object.entries(bestParams).map(([k, v]) => [`best.${k}`, v as string | number])));
    await this.runs.logMetrics(runId, flattenMetrics(report));
    await this.runs.logHistory(runId, 'best_trial.val_log_loss', best.curve as number[]);
    await this.runs.logHistory(runId, 'final.val_log_loss', model.meta.valCurve ?? []);

    const windowId = validationWindowId(record.id, ds);
    const version = await this.registry.register({
      runId,
      modelKind: bestParams.model,
      featureSetHash: record.featureSetHash,
      artifactPrefix,
      validationMetrics: { ...report.validation, windowId, logLoss: report.validation.logLoss ?? Number.NaN },
      testMetrics: { ...report.test },
    });
    const championOnSameWindow = await championOnWindow(this.registry, this.store, ds, windowId, version.id);
    const { decision } = await this.registry.autoPromote(version.id, {
      actor: `trainer ${hostname()}:${process.pid}`,
      championOnSameWindow,
      baselines: Object.fromEntries(Object.entries(report.validationBaselines).map(([name, m]) => [name, { windowId, logLoss: m.logLoss, n: ds.val.n }])),
    });
    if (decision.outcome === 'champion') await this.predictions.predictBatch(record.id);

    const backend = this.backend();
    await this.runs.complete(runId, {
      summary: { test: report.test, baselines: report.baselines, strategy: report.strategy, promotion: decision, bestTrial: best.number },
      suspectedLeak: report.suspectedLeak.suspected,
      artifactPrefix,
      modelKind: bestParams.model,
      backend,
    });
    await this.studies.complete(runId);
    await this.writeReport(runId, payload, ds.gapBars, report, trials, bestParams, decision);
    this.logger.info({ runId, version: version.id, outcome: decision.outcome, test: report.test.accuracy }, 'run completed');
    return {
      runId,
      modelVersion: version.id,
      alias: decision.outcome === 'unchanged' ? 'champion' : decision.outcome,
      promotionReason: decision.reason,
      backend,
      trials: trials.length,
      bestParams,
      test: report.test as unknown as Record<string, unknown>,
      baselines: report.baselines as unknown as Record<string, Record<string, unknown>>,
      strategy: report.strategy as unknown as Record<string, unknown>,
      suspectedLeak: report.suspectedLeak.suspected,
      artifactPrefix,
    };
  }
}
