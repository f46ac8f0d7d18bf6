export { DEFAULT_MODEL_FILE, FinanceSentimentModel, financeSentimentModel, type ModelHeadlineScore, neutral as unscorableScore, scoreHeadline } from './finance-sentiment-model.ts';
export { type HeadlineScore, normaliseHeadline, scoreHeadlineAfinn, scoreHeadlineLexicon } from './finance-sentiment.ts';
export { MAX_HEADLINE_BYTES, type UnscorableReason } from './headline-guard.ts';
export { LabelledCsvError, type LabelledText, type Polarity, readLabelledCsv } from './labelled-csv.ts';
export { ModelArtifactError } from './model-artifact.ts';
export { compareScorers, formatComparison, SCORERS, type ScorerReport } from './scorer-comparison.ts';
export { type SentimentReport, sentimentReport } from './sentiment-metrics.ts';
