/** Numbers and dates as they appear in OHLCV CSV cells, shared by both CSV readers. */

/** Powers of ten up to 10^22, all exact doubles. */
export const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const STRICT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

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
export function parseDateMs(raw: string): number {
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

/**
 * For a timestamp cell (`YYYY-MM-DD[T ]HH:MM...`), midnight UTC of the day as written (before
 * any offset is applied); NaN for a plain date or anything else.
 */
export function timestampDayMs(raw: string): number {
  const s = raw.length > 10 ? raw.trim() : raw;
  if (s.length <= 10 || (s.charCodeAt(10) !== 84 && s.charCodeAt(10) !== 32)) return Number.NaN;
  return parseDateMs(s.slice(0, 10));
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

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
