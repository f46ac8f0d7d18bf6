/** A run id that no run row carries. */
export class UnknownRunError extends Error {
  constructor(readonly runId: string) {
    super(`unknown run: ${runId}`);
    this.name = 'UnknownRunError';
  }
}

/** A study id that no study row carries. */
export class UnknownStudyError extends Error {
  constructor(readonly studyId: string) {
    super(`unknown study: ${studyId}`);
    this.name = 'UnknownStudyError';
  }
}

/** A trial that was never started in its study. */
export class UnknownTrialError extends Error {
  constructor(
    readonly studyId: string,
    readonly trialNumber: number,
  ) {
    super(`unknown trial ${trialNumber} of study ${studyId}`);
    this.name = 'UnknownTrialError';
  }
}

/** A model version id that is not registered. */
export class UnknownModelVersionError extends Error {
  constructor(readonly versionId: number) {
    super(`unknown model version: ${versionId}`);
    this.name = 'UnknownModelVersionError';
  }
}

/**
 * The same id was recorded again with different identifying content (another batch, another
 * content hash): the caller's ids are not deterministic or the data changed under it.
 */
export class TrackingConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingConflictError';
  }
}

/** Input a repository refuses to store; the message names the field. */
export class TrackingInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TrackingInputError';
  }
}

/** A rollback that cannot be done (no champion, or the target is not an earlier version). */
export class RollbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RollbackError';
  }
}

/** A manual promotion across feature sets: the version cannot score the batches the champion does. */
export class FeatureSetMismatchError extends Error {
  constructor(
    readonly versionId: number,
    readonly versionFeatureSet: string,
    readonly championId: number,
    readonly championFeatureSet: string,
  ) {
    super(
      `version ${versionId} was trained on feature set ${versionFeatureSet}, champion v${championId} on ${championFeatureSet}: a champion must score the batches being published`,
    );
    this.name = 'FeatureSetMismatchError';
  }
}
