export {
  evaluateOffline,
  evaluateOfflineBatch,
  evaluateOfflineSeries,
  type OfflineOptions,
  type OfflineReport,
  type TrialSummary,
} from './evaluate-offline.ts';
export { featureBatchFromSeries } from './feature-batch-from-series.ts';
