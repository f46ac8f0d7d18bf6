import { parse } from 'csv-parse/sync';
import type { Bar } from './bar.ts';
import { HEADER_ALIASES, REQUIRED_COLUMNS } from './csv-header.ts';
import { parseDateMs, parseNumber } from './csv-values.ts';

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

function normaliseHeader(h: string): string {
  const k = h.trim().toLowerCase().replace(/^\ufeff/, '');
  return HEADER_ALIASES[k] ?? k;
}

function parseDate(raw: string): Date | undefined {
  const ms = parseDateMs(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

function num(raw: string | undefined): number | undefined {
  const v = parseNumber(raw ?? '');
  return Number.isNaN(v) ? undefined : v;
}

/**
 * Parses an OHLCV CSV (`date,open,high,low,close,volume`, header case-insensitive, optional
 * `Adj Close`) into bars sorted by date. Any malformed row refuses the whole file: a
 * CsvFormatError names its line and reason (missing field, non-numeric or non-positive price,
 * high below low, open/close outside the high-low range, negative volume, duplicate date).
 */
export function parseOhlcvCsv(text: string): Bar[] {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new CsvFormatError(e.lines ?? 0, `unreadable CSV: ${e.message}`);
  }
  if (records.length === 0) throw new CsvFormatError(1, 'empty file: expected a header date,open,high,low,close,volume');
  const header = records[0].map(normaliseHeader);
  const col: Record<string, number> = {};
  header.forEach((h, i) => {
    if (col[h] === undefined) col[h] = i;
  });
  const missing = REQUIRED_COLUMNS.filter((r) => col[r] === undefined);
  if (missing.length) throw new CsvFormatError(1, `header lacks column(s) ${missing.join(', ')}`);

  const bars: Bar[] = [];
  const seen = new Map<number, number>();
  for (let r = 1; r < records.length; r++) {
    const line = r + 1;
    const rec = records[r];
    const field = (name: string) => rec[col[name]];
    for (const name of REQUIRED_COLUMNS) {
      if (field(name) === undefined || field(name).trim() === '') throw new CsvFormatError(line, `missing ${name}`);
    }
    const ts = parseDate(field('date'));
    if (!ts) throw new CsvFormatError(line, `date ${JSON.stringify(field('date'))} is not YYYY-MM-DD`);
    const values: Record<string, number> = {};
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      const v = num(field(name));
      if (v === undefined) throw new CsvFormatError(line, `${name} ${JSON.stringify(field(name))} is not a finite number`);
      values[name] = v;
    }
    for (const name of ['open', 'high', 'low', 'close'] as const) {
      if (values[name] <= 0) throw new CsvFormatError(line, `${name} ${values[name]} is not positive`);
    }
    if (values.volume < 0) throw new CsvFormatError(line, `volume ${values.volume} is negative`);
    if (values.high < values.low) throw new CsvFormatError(line, `high ${values.high} is below low ${values.low}`);
    if (values.open > values.high || values.open < values.low || values.close > values.high || values.close < values.low) {
      throw new CsvFormatError(line, 'open/close outside the high-low range');
    }
    let adjClose: number | null = null;
    if (col.adjclose !== undefined && (field('adjclose') ?? '').trim() !== '') {
      const a = num(field('adjclose'));
      if (a === undefined || a <= 0) throw new CsvFormatError(line, `adj close ${JSON.stringify(field('adjclose'))} is not a positive number`);
      adjClose = a;
    }
    const key = ts.getTime();
    const prev = seen.get(key);
    if (prev !== undefined) throw new CsvFormatError(line, `duplicate date ${field('date')} (first on line ${prev})`);
    seen.set(key, line);
    bars.push({ ts, open: values.open, high: values.high, low: values.low, close: values.close, volume: values.volume, adjClose });
  }
  bars.sort((a, b) => a.ts.getTime() - b.ts.getTime());
  return bars;
}

/** Writes bars as an OHLCV CSV with an `adj_close` column when any bar has one. */
export function formatOhlcvCsv(bars: readonly Bar[]): string {
  const withAdj = bars.some((b) => b.adjClose != null);
  const lines = [withAdj ? 'date,open,high,low,close,adj_close,volume' : 'date,open,high,low,close,volume'];
  for (const b of bars) {
    const d = b.ts.toISOString().slice(0, 10);
    lines.push(withAdj ? `${d},${b.open},${b.high},${b.low},${b.close},${b.adjClose ?? ''},${b.volume}` : `${d},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  }
  return `${lines.join('\n')}\n`;
}
