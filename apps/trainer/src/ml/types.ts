import type { ModelKind } from '@alphapulse/queue/vocabulary';

/** The decoded feature batch, as @alphapulse/features defines and decodes it. */
export type { DecodedFeatureBatch } from '@alphapulse/features';
export { MODEL_KINDS, type ModelKind } from '@alphapulse/queue/vocabulary';

/**
 * Hyperparameters of one trial: the model kind and that family's parameters (see each family's
 * `normalizeParams` for which keys it reads). Stored as JSON in trials and runs.
 */
export type TrialParams = { model: ModelKind } & { [param: string]: number | string };
