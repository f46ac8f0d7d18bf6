import { parse } from 'csv-parse/sync';
import { HEADER_ALIASES, REQUIRED_COLUMNS } from './csv-header.ts';
import { bytesDate, bytesNumber, sameBytes } from './csv-bytes.ts';
import { parseDateMs, parseNumber, timestampDayMs } from './csv-values.ts';
import { CsvFormatError } from './csv-format-error.ts';

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

const REQUIRED = REQUIRED_COLUMNS;
const ALIASES: Record<string, string> = { ...HEADER_ALIASES, ticker: 'symbol' };

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
  /**
   * Day (midnight UTC) → first line, of plain-date rows and of timestamp rows, kept only once the
   * group has a timestamp row: until then every row is a plain date and nothing can clash.
   */
  dates: Map<number, number> | null = null;
  stamps: Map<number, number> | null = null;
  constructor(readonly symbol: string | null) {}
}

/**
 * Parses an OHLCV CSV into columns, the fast path for large files: the same header rules,
 * validation and CsvFormatError reasons as `parseOhlcvCsv` (missing field, non-numeric or
 * non-positive price, high below low, open/close outside the range, negative volume, bad date,
 * duplicate date, no rows after the header, a day given both as a date and as a timestamp),
 * plus an optional `symbol` column: rows are grouped per symbol and dates must be unique within
 * a symbol. Line numbers are physical lines of the file, blank lines counted. Files with quoted
 * fields go through csv-parse; plain ones are split directly.
 */
export function parseOhlcvColumns(input: string | Buffer): OhlcvColumns {
  if (typeof input !== 'string' && input.indexOf(34) < 0) return parseBytes(input);
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = body.includes('"') ? quotedRecords(body) : plainRecords(body);
  let layout: Layout | undefined;
  const groups = new Map<string | null, Group>();
  for (const [fields, line] of records) {
    if (!layout) layout = readHeader(fields, line);
    else addRow(fields, line, layout, groups);
  }
  return finishAll(layout, groups);
}

function finishAll(layout: Layout | undefined, groups: Map<string | null, Group>): OhlcvColumns {
  if (!layout) throw new CsvFormatError(1, 'empty file: expected a header date,open,high,low,close,volume');
  if (groups.size === 0) throw new CsvFormatError(layout.line, 'no rows after the header');
  const { hasAdj } = layout;
  return { hasSymbol: layout.hasSymbol, series: [...groups.values()].map((g) => finish(g, hasAdj)) };
}

interface Layout {
  /** Physical line of the header. */
  line: number;
  col: Record<string, number>;
  hasSymbol: boolean;
  hasAdj: boolean;
}

function readHeader(fields: string[], line: number): Layout {
  const header = fields.map((h) => {
    const k = h.trim().toLowerCase();
    return ALIASES[k] ?? k;
  });
  const col: Record<string, number> = {};
  header.forEach((h, i) => {
    if (col[h] === undefined) col[h] = i;
  });
  const missing = REQUIRED.filter((r) => col[r] === undefined);
  if (missing.length) throw new CsvFormatError(line, `header lacks column(s) ${missing.join(', ')}`);
  return { line, col, hasSymbol: col.symbol !== undefined, hasAdj: col.adjclose !== undefined };
}

/**
 * The byte-level path for unquoted files: numbers and dates are read straight from the bytes.
 * A row with anything unusual (spaces, exponents, more than 15 significant digits, another date
 * form, an invalid value) is decoded and handed to `addRow`, which accepts it or throws the
 * exact error, so both paths agree on every input.
 */
function parseBytes(buf: Buffer): OhlcvColumns {
  const len = buf.length;
  let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let line = 0;
  let layout: Layout | undefined;
  const groups = new Map<string | null, Group>();
  const starts = new Int32Array(64);
  const ends = new Int32Array(64);
  let last: Group | undefined;
  let lastSymbolStart = -1;
  let lastSymbolEnd = -1;
  const values = new Float64Array(6);
  while (pos < len) {
    let end = buf.indexOf(10, pos);
    if (end < 0) end = len;
    line++;
    const stop = end > pos && buf[end - 1] === 13 ? end - 1 : end;
    const lineStart = pos;
    pos = end + 1;
    if (stop === lineStart) continue;
    if (!layout) {
      layout = readHeader(buf.toString('utf8', lineStart, stop).split(','), line);
      continue;
    }
    // Split into fields.
    let count = 0;
    let fieldStart = lineStart;
    for (let i = lineStart; i <= stop && count < 64; i++) {
      if (i === stop || buf[i] === 44) {
        starts[count] = fieldStart;
        ends[count] = i;
        count++;
        fieldStart = i + 1;
      }
    }
    const col = layout.col;
    const need = maxColumn(layout);
    if (count <= need || count >= 64) {
      addRow(buf.toString('utf8', lineStart, stop).split(','), line, layout, groups);
      last = undefined;
      lastSymbolStart = lastSymbolEnd = -1;
      continue;
    }
    const ts = bytesDate(buf, starts[col.date], ends[col.date]);
    values[0] = bytesNumber(buf, starts[col.open], ends[col.open]);
    values[1] = bytesNumber(buf, starts[col.high], ends[col.high]);
    values[2] = bytesNumber(buf, starts[col.low], ends[col.low]);
    values[3] = bytesNumber(buf, starts[col.close], ends[col.close]);
    values[4] = bytesNumber(buf, starts[col.volume], ends[col.volume]);
    values[5] = layout.hasAdj ? bytesNumber(buf, starts[col.adjclose], ends[col.adjclose]) : 1;
    const open = values[0];
    const high = values[1];
    const low = values[2];
    const close = values[3];
    const volume = values[4];
    const adj = values[5];
    const fine =
      !Number.isNaN(ts) &&
      open > 0 &&
      high > 0 &&
      low > 0 &&
      close > 0 &&
      volume >= 0 &&
      adj > 0 &&
      high >= low &&
      open <= high &&
      open >= low &&
      close <= high &&
      close >= low;
    let g: Group | undefined;
    if (!layout.hasSymbol) g = last;
    else {
      const ss = starts[col.symbol];
      const se = ends[col.symbol];
      const sameAsLast = last !== undefined && sameBytes(buf, lastSymbolStart, lastSymbolEnd, ss, se);
      if (sameAsLast) g = last;
      else if (se > ss && buf[ss] !== 32 && buf[se - 1] !== 32) g = groups.get(buf.toString('utf8', ss, se));
      lastSymbolStart = ss;
      lastSymbolEnd = se;
    }
    if (!fine) g = undefined;
    const n = g ? g.ts.length : 0;
    if (!g || g.seen || g.stamps || (n > 0 && ts <= g.ts[n - 1])) {
      // New symbol, unsorted or duplicate date, dates mixed with timestamps, or a value to check: the string path decides.
      addRow(buf.toString('utf8', lineStart, stop).split(','), line, layout, groups);
      last = groups.get(layout.hasSymbol ? buf.toString('utf8', starts[col.symbol], ends[col.symbol]).trim() : null);
      continue;
    }
    g.ts.push(ts);
    g.open.push(open);
    g.high.push(high);
    g.low.push(low);
    g.close.push(close);
    g.volume.push(volume);
    g.adj.push(layout.hasAdj ? adj : Number.NaN);
    g.line.push(line);
    last = g;
  }
  return finishAll(layout, groups);
}

function maxColumn(layout: Layout): number {
  const c = layout.col;
  return Math.max(
    c.date,
    c.open,
    c.high,
    c.low,
    c.close,
    c.volume,
    layout.hasAdj ? c.adjclose : 0,
    layout.hasSymbol ? c.symbol : 0,
  );
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
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new CsvFormatError(e.lines ?? 0, `unreadable CSV: ${e.message}`);
  }
  for (const r of records) yield [r.record, r.info.lines];
}

function addRow(fields: string[], line: number, layout: Layout, groups: Map<string | null, Group>): void {
  const { col, hasSymbol, hasAdj } = layout;
  const dateRaw = fields[col.date];
  const o = fields[col.open];
  const h = fields[col.high];
  const l = fields[col.low];
  const c = fields[col.close];
  const v = fields[col.volume];
  for (const name of REQUIRED) {
    const f = fields[col[name]];
    if (f === undefined || f.length === 0 || f.trim() === '') throw new CsvFormatError(line, `missing ${name}`);
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
  if (open > high || open < low || close > high || close < low)
    throw new CsvFormatError(line, 'open/close outside the high-low range');
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
  checkOneRowPerDay(g, ts, timestampDayMs(dateRaw), dateRaw, line);
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

/**
 * Refuses a day given once as a plain date and again as a timestamp (`2024-01-02` and
 * `2024-01-02T21:00Z`): two bars for one session of a daily file, which no later step can tell
 * apart. Names both lines. `stampDay` is NaN for a plain date.
 */
function checkOneRowPerDay(g: Group, ts: number, stampDay: number, raw: string, line: number): void {
  if (Number.isNaN(stampDay)) {
    if (!g.stamps || !g.dates) return;
    const other = g.stamps.get(ts);
    if (other !== undefined) throw mixedDay(line, raw, other, 'a timestamp');
    if (!g.dates.has(ts)) g.dates.set(ts, line);
    return;
  }
  if (!g.stamps || !g.dates) {
    // The first timestamp of the group: every earlier row is a plain date.
    g.stamps = new Map();
    g.dates = new Map();
    for (let i = 0; i < g.ts.length; i++) if (!g.dates.has(g.ts[i])) g.dates.set(g.ts[i], g.line[i]);
  }
  const other = g.dates.get(stampDay);
  if (other !== undefined) throw mixedDay(line, raw, other, 'a date');
  if (!g.stamps.has(stampDay)) g.stamps.set(stampDay, line);
}

function mixedDay(line: number, raw: string, otherLine: number, other: string): CsvFormatError {
  return new CsvFormatError(
    line,
    `${JSON.stringify(raw.trim())} falls on the same day as ${other} on line ${otherLine}: a daily file has one row per day (lines ${otherLine} and ${line})`,
  );
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
