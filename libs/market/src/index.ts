export type { Bar, CorporateAction } from './bar.ts';
export { CsvFormatError, formatOhlcvCsv, parseOhlcvCsv } from './ohlcv-csv.ts';
export { type OhlcvColumnSeries, type OhlcvColumns, parseNumber, parseOhlcvColumns } from './ohlcv-columns.ts';
