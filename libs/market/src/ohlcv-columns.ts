import { parse } from 'csv-parse/sync';
import { CsvFormatError } from './ohlcv-csv.ts';

/** One series of an OHLCV CSV as columns, sorted by time. */
export interface OhlcvColumnSeries {
  /** Value of the `symbol` column, or null when the file has none. */
  symbol: string | null;
  /** Bar timestamps (ms since the epoch), strictly increasing. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Adjusted close when the file has that column (then every row has a value), else null. */
  adjClose: Float64Array | null;
  /** 1-based line number of each row in the file. */
  line: Int32Array;
}

export interface OhlcvColumns {
  /** Whether the file has a `symbol` (or `ticker`) column. */
  hasSymbol: boolean;
  /** One series per symbol, in order of first appearance. */
  series: OhlcvColumnSeries[];
}

const REQUIRED = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;
const ALIASES: Record<string, string> = {
  timestamp: 'date',
  time: 'date',
  datetime: 'date',
  'adj close': 'adjclose',
  adj_close: 'adjclose',
  adjclose: 'adjclose',
  'adjusted close': 'adjclose',
  ticker: 'symbol',
};
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const STRICT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

class Group {
  ts: number[] = [];
  open: number[] = [];
  high: number[] = [];
  low: number[] = [];
  close: number[] = [];
  volume: number[] = [];
  adj: number[] = [];
  line: number[] = [];
  sorted = true;
  /** ts → line, built only once the group's rows stop arriving in order. */
  seen: Map<number, number> | null = null;
  constructor(readonly symbol: string | null) {}
}

/**
 * Parses an OHLCV CSV into columns, the fast path for large files: the same header rules,
 * validation and CsvFormatError reasons as `parseOhlcvCsv` (missing field, non-numeric or
 * non-positive price, high below low, open/close outside the range, negative volume, bad date,
 * duplicate date), plus an optional `symbol` column: rows are grouped per symbol and dates
 * must be unique within a symbol. Line numbers are physical lines of the file. Files with
 * quoted fields go through csv-parse; plain ones are split directly.
 */
export function parseOhlcvColumns(text: string): OhlcvColumns {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = body.includes('"') ? quotedRecords(body) : plainRecords(body);
  let header: string[] | undefined;
  let col: Record<string, number> = {};
  const groups = new Map<string | null, Group>();
  let hasSymbol = false;
  let hasAdj = false;
  for (const [fields, line] of records) {
    if (!header) {
      header = fields.map((h) => {
        const k = h.trim().toLowerCase();
        return ALIASES[k] ?? k;
      });
      col = {};
      header.forEach((h, i) => {
        if (col[h] === undefined) col[h] = i;
      });
      const missing = REQUIRED.filter((r) => col[r] === undefined);
      if (missing.length) throw new CsvFormatError(line, `header lacks column(s) ${missing.join(', ')}`);
      hasSymbol = col.symbol !== undefined;
      hasAdj = col.adjclose !== undefined;
      continue;
    }
    addRow(fields, line, col, hasSymbol, hasAdj, groups);
  }
  if (!header) throw new CsvFormatError(1, 'empty file: expected a header date,open,high,low,close,volume');
  return { hasSymbol, series: [...groups.values()].map((g) => finish(g, hasAdj)) };
}

function* plainRecords(text: string): Generator<[string[], number]> {
  let pos = 0;
  let line = 0;
  const len = text.length;
  while (pos < len) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = len;
    line++;
    const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > pos) yield [text.slice(pos, stop).split(','), line];
    pos = end + 1;
  }
}

function* quotedRecords(text: string): Generator<[string[], number]> {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new CsvFormatError(e.lines ?? 0, `unreadable CSV: ${e.message}`);
  }
  for (const r of records) yield [r.record, r.info.lines];
}

function addRow(fields: string[], line: number, col: Record<string, number>, hasSymbol: boolean, hasAdj: boolean, groups: Map<string | null, Group>): void {
  const dateRaw = fields[col.date];
  const o = fields[col.open];
  const h = fields[col.high];
  const l = fields[col.low];
  const c = fields[col.close];
  const v = fields[col.volume];
  for (const name of REQUIRED) {
    const f = fields[col[name]];
    if (f === undefined || (f.length === 0 || f.trim() === '')) throw new CsvFormatError(line, `missing ${name}`);
  }
  const ts = parseDateMs(dateRaw);
  if (Number.isNaN(ts)) throw new CsvFormatError(line, `date ${JSON.stringify(dateRaw)} is not YYYY-MM-DD`);
  const open = numberOrThrow(o, 'open', line);
  const high = numberOrThrow(h, 'high', line);
  const low = numberOrThrow(l, 'low', line);
  const close = numberOrThrow(c, 'close', line);
  const volume = numberOrThrow(v, 'volume', line);
  if (open <= 0) throw new CsvFormatError(line, `open ${open} is not positive`);
  if (high <= 0) throw new CsvFormatError(line, `high ${high} is not positive`);
  if (low <= 0) throw new CsvFormatError(line, `low ${low} is not positive`);
  if (close <= 0) throw new CsvFormatError(line, `close ${close} is not positive`);
  if (volume < 0) throw new CsvFormatError(line, `volume ${volume} is negative`);
  if (high < low) throw new CsvFormatError(line, `high ${high} is below low ${low}`);
  if (open > high || open < low || close > high || close < low) throw new CsvFormatError(line, 'open/close outside the high-low range');
  let adj = Number.NaN;
  if (hasAdj) {
    const a = fields[col.adjclose] ?? '';
    // Unlike parseOhlcvCsv, a column series must be adjusted everywhere or nowhere.
    if (a.trim() === '') throw new CsvFormatError(line, 'adj close is missing (the file has an adj close column)');
    adj = parseNumber(a);
    if (!(adj > 0)) throw new CsvFormatError(line, `adj close ${JSON.stringify(a)} is not a positive number`);
  }
  const symbol = hasSymbol ? (fields[col.symbol] ?? '').trim() : null;
  if (symbol === '') throw new CsvFormatError(line, 'missing symbol');
  let g = groups.get(symbol);
  if (!g) {
    g = new Group(symbol);
    groups.set(symbol, g);
  }
  const n = g.ts.length;
  if (g.seen) {
    const first = g.seen.get(ts);
    if (first !== undefined) throw new CsvFormatError(line, `duplicate date ${dateRaw.trim()} (first on line ${first})`);
    g.seen.set(ts, line);
  } else if (n > 0 && ts <= g.ts[n - 1]) {
    if (ts === g.ts[n - 1]) throw new CsvFormatError(line, `duplicate date ${dateRaw.trim()} (first on line ${g.line[n - 1]})`);
    g.sorted = false;
    g.seen = new Map(g.ts.map((t, i) => [t, g.line[i]]));
    const first = g.seen.get(ts);
    if (first !== undefined) throw new CsvFormatError(line, `duplicate date ${dateRaw.trim()} (first on line ${first})`);
    g.seen.set(ts, line);
  }
  g.ts.push(ts);
  g.open.push(open);
  g.high.push(high);
  g.low.push(low);
  g.close.push(close);
  g.volume.push(volume);
  g.adj.push(adj);
  g.line.push(line);
}

function finish(g: Group, hasAdj: boolean): OhlcvColumnSeries {
  const n = g.ts.length;
  const order = Array.from({ length: n }, (_, i) => i);
  if (!g.sorted) order.sort((a, b) => g.ts[a] - g.ts[b]);
  const pick = (src: number[]) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = src[order[i]];
    return out;
  };
  const line = new Int32Array(n);
  for (let i = 0; i < n; i++) line[i] = g.line[order[i]];
  return {
    symbol: g.symbol,
    ts: pick(g.ts),
    open: pick(g.open),
    high: pick(g.high),
    low: pick(g.low),
    close: pick(g.close),
    volume: pick(g.volume),
    adjClose: hasAdj ? pick(g.adj) : null,
    line,
  };
}

function numberOrThrow(raw: string, name: string, line: number): number {
  const v = parseNumber(raw);
  if (Number.isNaN(v)) throw new CsvFormatError(line, `${name} ${JSON.stringify(raw)} is not a finite number`);
  return v;
}

/**
 * A decimal in the strict form `[+-]digits[.digits][e±digits]` (surrounding spaces allowed),
 * or NaN. Up to 15 significant digits and 22 decimals are computed as integer / 10^k, which
 * IEEE division rounds exactly like Number(); anything longer goes through Number().
 */
export function parseNumber(raw: string): number {
  let i = 0;
  let end = raw.length;
  while (i < end && raw.charCodeAt(i) === 32) i++;
  while (end > i && raw.charCodeAt(end - 1) === 32) end--;
  let negative = false;
  const first = raw.charCodeAt(i);
  if (first === 45 || first === 43) {
    negative = first === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let decimals = 0;
  let dot = false;
  for (; i < end; i++) {
    const ch = raw.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      digits++;
      if (dot) decimals++;
      if (significant > 0 || ch !== 48) significant++;
      mantissa = mantissa * 10 + (ch - 48);
    } else if (ch === 46 && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits === 0 || i < end || significant > 15 || decimals > 22) return slowNumber(raw);
  const v = decimals === 0 ? mantissa : mantissa / POW10[decimals];
  return negative ? -v : v;
}

function slowNumber(raw: string): number {
  const s = raw.trim();
  if (!STRICT_NUMBER.test(s)) return Number.NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** `YYYY-MM-DD` → midnight UTC (a session date); `YYYY-MM-DD[T ]HH:MM...` → that instant; else NaN. */
function parseDateMs(raw: string): number {
  const s = raw.length === 10 ? raw : raw.trim();
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = digitsAt(s, 0, 4);
    const m = digitsAt(s, 5, 2);
    const d = digitsAt(s, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
    if (y >= 100) return Date.UTC(y, m - 1, d);
    const early = new Date(0); // Date.UTC maps years 0-99 to 1900-1999
    early.setUTCFullYear(y, m - 1, d);
    return early.getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s)) {
    const ms = new Date(s.replace(' ', 'T')).getTime();
    return Number.isNaN(ms) ? Number.NaN : ms;
  }
  return Number.NaN;
}

function digitsAt(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 48 || ch > 57) return -1;
    v = v * 10 + (ch - 48);
  }
  return v;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
