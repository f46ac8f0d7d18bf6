export { type ChartAssets, chartAssetFile, chartAssets, inlineChartAssets, linkedChartAssets } from './chart-assets.ts';
export { type ChartSeries, type ChartSpec, chartFigure, chartPoints, colourAt, PALETTE } from './chart-spec.ts';
export { esc, fmt, Html, PAGE_CSS, pct, table } from './html.ts';
export { renderRunReportPage } from './run-report-page.ts';
export {
  type BookReturns,
  equityAndDrawdown,
  type LongFlatInput,
  longFlatReturns,
  ROC_GRID,
  type ReliabilityBin,
  reliability,
  rocOnGrid,
  type TestPredictions,
} from './run-series.ts';
export { type EvaluationReportLike, predictionCharts, type RunView, type RunViewLinks, renderRunSections, rocChart, runCharts, type TrialLike } from './run-view.ts';
