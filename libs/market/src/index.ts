export type { Bar, CorporateAction } from './bar.ts';
export { CsvFormatError } from './csv-format-error.ts';
export { formatOhlcvCsv, parseOhlcvCsv } from './ohlcv-csv.ts';
export { parseNumber } from './csv-values.ts';
export { type OhlcvColumnSeries, type OhlcvColumns, parseOhlcvColumns } from './ohlcv-columns.ts';
