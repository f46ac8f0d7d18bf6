import type { PreparedDataset } from '../../ml/dataset.ts';
import type { BackendPreference } from '../../ml/tfjs/backend.ts';
import type { TrialParams } from '../../ml/types.ts';
import type { TrialOutcome } from '../run-trial.ts';

/** Main thread → trial worker. */
export type ToWorker =
  /** The dataset the next trials fit on (replaces the previous one and drops the kept model). */
  | { type: 'dataset'; ds: PreparedDataset }
  | {
      type: 'trial';
      id: number;
      trialParams: TrialParams;
      seed: number;
      completedCurves: number[][];
      /** Keep the model when it is the best complete one this worker has fitted on this dataset. */
      keep: boolean;
    }
  /** The serialized files of the kept model, if it is trial `id`'s. */
  | { type: 'model'; id: number };

/** Trial worker → main thread. */
export type FromWorker =
  /** The worker's code is loaded: it can take a trial without a start-up wait. */
  | { type: 'ready' }
  | { type: 'outcome'; id: number; outcome: TrialOutcome }
  /** A step of trial `id` (progress; sent as it happens, before the outcome). */
  | { type: 'step'; id: number; step: number; valLoss: number }
  | { type: 'model'; id: number; files: Record<string, Uint8Array> | null }
  | { type: 'error'; id: number | null; message: string };

/** What a trial worker is started with. */
export interface TrialWorkerData {
  /** The TensorFlow.js backend to select before the first network trial (never loaded otherwise). */
  backend: BackendPreference;
}
