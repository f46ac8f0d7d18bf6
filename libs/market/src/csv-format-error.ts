/** A CSV that cannot be imported; names the 1-based line (header = line 1) and the reason. */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.name = 'CsvFormatError';
  }
}
