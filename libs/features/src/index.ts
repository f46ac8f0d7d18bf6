export { type ComputeFeaturesOptions, computeFeatures, computeFeaturesFromSeries, type FeatureFrame } from './compute-features.ts';
export { aggregateDailySentiment, type DailySentimentRow, headlineSessionDay, SENTIMENT_POLAR_THRESHOLD, type ScoredHeadline } from './daily-sentiment.ts';
export {
  FeatureBatchFormatError,
  FeatureBatchHashMismatchError,
  FeatureInputError,
  SentimentInputError,
  SessionSpecError,
  UnknownFeatureSetError,
} from './errors.ts';
export {
  type DecodedFeatureBatch,
  decodeFeatureBatch,
  type EncodedFeatureBatch,
  encodeFeatureBatch,
  type FeatureBatchPart,
  featureBatchKey,
} from './feature-batch.ts';
export { type FeatureSetDefinition, type FeatureSetInfo, getFeatureSet, hashDefinition, listFeatureSets } from './feature-sets.ts';
export * as indicators from './indicators/index.ts';
export { adjustColumns, type OhlcvSeries, type RawOhlcvColumns, seriesFromBars } from './series.ts';
export { DEFAULT_SESSION, dayOfWeek, dayToIso, SessionClock, type SessionSpec, sessionClock } from './session-clock.ts';
export { formatFeatureCsv, formatNumberInto, writeFeatureCsv } from './feature-csv.ts';
export { buildTargets, buildTargetsFromSeries, type Targets } from './targets.ts';
export { isScaleFree, LEVEL_COLUMNS } from './column-scale.ts';
