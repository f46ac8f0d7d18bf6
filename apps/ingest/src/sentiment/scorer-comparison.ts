import { scoreHeadline } from './finance-sentiment-model.ts';
import { type HeadlineScore, scoreHeadlineAfinn, scoreHeadlineLexicon } from './finance-sentiment.ts';
import type { LabelledText } from './labelled-csv.ts';
import { type SentimentReport, sentimentReport } from './sentiment-metrics.ts';

/** The scorers `sentiment --eval` and the bench compare, the model first. */
export const SCORERS: readonly { name: string; score: (text: string) => HeadlineScore & { confidence?: number } }[] = [
  { name: 'finance model', score: scoreHeadline },
  { name: 'finance lexicon', score: scoreHeadlineLexicon },
  { name: 'plain AFINN', score: scoreHeadlineAfinn },
];

export interface ScorerReport {
  scorer: string;
  report: SentimentReport;
}

/** Every scorer's report on the same labelled rows. */
export function compareScorers(rows: readonly LabelledText[]): ScorerReport[] {
  const gold = rows.map((r) => r.label);
  return SCORERS.map((s) => ({ scorer: s.name, report: sentimentReport(gold, rows.map((r) => s.score(r.text))) }));
}

const f3 = (x: number) => x.toFixed(3);
const ci = (x: { low: number; high: number }) => `[${f3(x.low)}, ${f3(x.high)}]`;

/** A Markdown table of the reports, with the definitions under it. */
export function formatComparison(source: string, reports: readonly ScorerReport[]): string {
  const r0 = reports[0].report;
  const lines = [
    `${source}: ${r0.n} rows, ${r0.polar} polar (bullish or bearish); majority label share ${f3(r0.majorityRate)}`,
    '',
    '| scorer | 3-class accuracy | macro-F1 | polarity accuracy (polar rows) | coverage (non-zero) | Pearson | p vs majority |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...reports.map(({ scorer, report: r }) =>
      `| ${scorer} | ${f3(r.accuracy)} ${ci(r.accuracyInterval)} | ${f3(r.macroF1)} ${ci(r.macroF1Interval)} | ${f3(r.polarityAccuracy)} ${ci(r.polarityAccuracyInterval)} | ${f3(r.coverage)} | ${f3(r.pearson)} ${ci(r.pearsonInterval)} | ${r.pValueVsMajority < 1e-4 ? '<1e-4' : r.pValueVsMajority.toFixed(4)} |`,
    ),
    '',
    'polarity accuracy: share of bullish/bearish rows whose score has the gold sign (a 0 score counts as wrong);',
    'coverage: share of all rows scored non-zero; Pearson: score vs gold (+1 bullish, -1 bearish, 0 neutral);',
    '95% intervals: Wilson (accuracies), bootstrap (macro-F1), Fisher z (Pearson). p: accuracy vs always the majority label.',
  ];
  const ece = reports[0].report.calibrationError;
  if (ece !== undefined) lines.push(`finance model calibration: expected calibration error ${f3(ece)} (10 bins of confidence).`);
  return `${lines.join('\n')}\n`;
}
