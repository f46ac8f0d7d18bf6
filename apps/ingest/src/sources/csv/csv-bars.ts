import { type Bar, CsvFormatError, parseOhlcvCsv } from '@alphapulse/market';
import { PermanentJobError } from '@alphapulse/queue';
import { ObjectNotFoundError, type ObjectStore } from '@alphapulse/storage';

/** A CSV that will never import: names the file, the 1-based line and the reason. */
export class CsvImportError extends PermanentJobError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}: line ${line}: ${reason}` : `${file}: ${reason}`);
    this.name = 'CsvImportError';
  }
}

/**
 * Parses a whole OHLCV CSV (see parseOhlcvCsv for the accepted format). Any malformed row refuses
 * the whole file with a CsvImportError, so nothing of it can be stored.
 */
export function parseCsvBars(input: string | Buffer, file: string): Bar[] {
  try {
    return parseOhlcvCsv(input);
  } catch (err) {
    if (err instanceof CsvFormatError) throw new CsvImportError(file, err.line, err.reason);
    throw err;
  }
}

/** Reads an uploaded CSV from the object store; a missing object is permanent. */
export async function readCsvObject(store: ObjectStore, objectKey: string): Promise<Buffer> {
  try {
    return await store.get(objectKey);
  } catch (err) {
    if (err instanceof ObjectNotFoundError) throw new CsvImportError(objectKey, 0, 'no such object in the store');
    throw err;
  }
}
