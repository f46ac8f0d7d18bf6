export { CsvImportError, parseCsvBars, readCsvObject } from './csv-bars.ts';
