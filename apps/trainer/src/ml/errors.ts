/** The batch or split options cannot produce a usable train/validation/test dataset. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

/** Hyperparameters outside what a model accepts. */
export class InvalidParamsError extends Error {
  override name = 'InvalidParamsError';
}

/** A model artifact set is missing a file or is inconsistent. */
export class ModelArtifactError extends Error {
  override name = 'ModelArtifactError';
}
