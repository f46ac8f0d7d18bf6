import type { PreparedDataset } from '../../ml/dataset.ts';
import type { FittedModel } from '../../ml/model.ts';
import type { TrialParams } from '../../ml/types.ts';
import type { StepListener, TrialOutcome } from '../run-trial.ts';

export interface TrialRequest {
  id: number;
  trialParams: TrialParams;
  seed: number;
  /** Curves of the completed trials the median pruner judges this one against. */
  completedCurves: number[][];
  /** Keep the model when it is the best complete one this runner has fitted on the current dataset. */
  keep: boolean;
}

/** Something that fits trials one at a time: this thread, or a worker thread. */
export interface TrialRunner {
  /** Its code is loaded (a worker thread starts without). */
  readonly ready: boolean;
  /** Called once when it becomes ready (at once for one that starts ready). */
  onReady(listener: () => void): void;
  setDataset(ds: PreparedDataset): void;
  run(req: TrialRequest, onStep?: StepListener): Promise<TrialOutcome>;
  /** Trial `id`'s model if this runner kept it (the best complete `keep` trial on the current dataset), else null. */
  takeModel(id: number): Promise<FittedModel | null>;
  close(): Promise<void>;
}

/** A trial worker died or reported an error outside a trial's fit (a fit's own error is a failed trial). */
export class TrialWorkerError extends Error {
  override name = 'TrialWorkerError';
}
