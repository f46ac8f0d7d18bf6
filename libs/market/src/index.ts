export type { Bar, CorporateAction } from './bar.ts';
export { CsvFormatError, formatOhlcvCsv, parseOhlcvCsv } from './ohlcv-csv.ts';
