import { daysInMonth, POW10 } from './csv-values.ts';

// Values read straight from a CSV's bytes, without decoding the line to a string: the fast path of
// parseOhlcvColumns. Each gives NaN (or false) for anything but the plain form, and the caller then
// takes the exact string path, so both paths accept and refuse the same text.

/** Whether two byte ranges of `buf` hold the same bytes. */
export function sameBytes(buf: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart || aStart < 0) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (buf[aStart + i] !== buf[bStart + i]) return false;
  return true;
}

/** A plain decimal (`[-]digits[.digits]`, ≤ 15 significant digits) read from bytes, or NaN. */
export function bytesNumber(buf: Buffer, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let decimals = 0;
  let dot = false;
  for (; i < end; i++) {
    const ch = buf[i];
    if (ch >= 48 && ch <= 57) {
      digits++;
      if (dot) decimals++;
      if (significant > 0 || ch !== 48) significant++;
      mantissa = mantissa * 10 + (ch - 48);
    } else if (ch === 46 && !dot) {
      dot = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || significant > 15 || decimals > 22) return Number.NaN;
  const v = decimals === 0 ? mantissa : mantissa / POW10[decimals];
  return negative ? -v : v;
}

/** `YYYY-MM-DD` read from bytes as midnight UTC, or NaN for anything else. */
export function bytesDate(buf: Buffer, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return Number.NaN;
  let y = 0;
  for (let i = start; i < start + 4; i++) {
    const ch = buf[i] - 48;
    if (ch < 0 || ch > 9) return Number.NaN;
    y = y * 10 + ch;
  }
  const m = (buf[start + 5] - 48) * 10 + (buf[start + 6] - 48);
  const d = (buf[start + 8] - 48) * 10 + (buf[start + 9] - 48);
  const digitsOk =
    buf[start + 5] >= 48 &&
    buf[start + 5] <= 57 &&
    buf[start + 6] >= 48 &&
    buf[start + 6] <= 57 &&
    buf[start + 8] >= 48 &&
    buf[start + 8] <= 57 &&
    buf[start + 9] >= 48 &&
    buf[start + 9] <= 57;
  if (!digitsOk || y < 100 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
  return Date.UTC(y, m - 1, d);
}
