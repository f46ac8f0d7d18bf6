/** Bars that cannot be turned into features; `row` is the 1-based position in the input array. */
export class FeatureInputError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row}: ${reason}`);
    this.name = 'FeatureInputError';
  }
}

/** A feature set name that is not defined; lists the known ones. */
export class UnknownFeatureSetError extends Error {
  constructor(
    readonly setName: string,
    readonly known: readonly string[],
  ) {
    super(`unknown feature set ${JSON.stringify(setName)}; known sets: ${known.join(', ')}`);
    this.name = 'UnknownFeatureSetError';
  }
}

/** A session specification (time zone or close time) that cannot be used. */
export class SessionSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionSpecError';
  }
}

/** A headline or sentiment row that cannot be aggregated; `index` is its 0-based position. */
export class SentimentInputError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
  ) {
    super(`headline ${index}: ${reason}`);
    this.name = 'SentimentInputError';
  }
}

/** Bytes that are not a feature batch this code can read. */
export class FeatureBatchFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureBatchFormatError';
  }
}

/** A feature batch whose bytes do not hash to the content hash it was published with. */
export class FeatureBatchHashMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`feature batch content hash mismatch: expected ${expected}, got ${actual}`);
    this.name = 'FeatureBatchHashMismatchError';
  }
}
