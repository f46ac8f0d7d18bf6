import type { PreparedDataset } from '../../ml/dataset.ts';
import type { FittedModel } from '../../ml/model.ts';
import { runTrial, type StepListener, type TrialOutcome } from '../run-trial.ts';
import { type TrialRequest, type TrialRunner, TrialWorkerError } from './trial-runner.ts';

/** Trials on this thread: ready at once, so a study's first trials never wait for a worker to load. */
export class LocalTrialRunner implements TrialRunner {
  readonly ready = true;
  private ds: PreparedDataset | null = null;
  private kept: { id: number; value: number; model: FittedModel } | null = null;

  onReady(listener: () => void): void {
    listener();
  }

  setDataset(ds: PreparedDataset): void {
    this.kept?.model.dispose();
    this.kept = null;
    this.ds = ds;
  }

  async run(req: TrialRequest, onStep?: StepListener): Promise<TrialOutcome> {
    if (!this.ds) throw new TrialWorkerError('trial run before a dataset');
    const { outcome, model } = await runTrial(this.ds, req.trialParams, req.seed, req.completedCurves, onStep);
    const value = outcome.value as number;
    if (model && req.keep && outcome.status === 'complete' && (!this.kept || value < this.kept.value)) {
      this.kept?.model.dispose();
      this.kept = { id: req.id, value, model };
    } else {
      model?.dispose();
    }
    return outcome;
  }

  async takeModel(id: number): Promise<FittedModel | null> {
    if (this.kept?.id !== id) return null;
    const { model } = this.kept;
    this.kept = null;
    return model;
  }

  async close(): Promise<void> {
    this.kept?.model.dispose();
    this.kept = null;
  }
}
