export { chartToSeries, type YahooSeries } from './chart-to-series.ts';
export { type ChartQuery, DEFAULT_YAHOO_BASE_URL, YahooChartClient, type YahooChartClientOptions } from './yahoo-chart-client.ts';
export { classifyYahooFailure, YahooSymbolError, YahooTransientError } from './yahoo-errors.ts';
export { startYahooFixtureServer, YAHOO_FIXTURES_DIR, type YahooFixtureServer } from './yahoo-fixture-server.ts';
