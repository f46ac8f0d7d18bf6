import type { FeatureFrame } from './compute-features.ts';

const MS_PER_DAY = 86_400_000;
const CHUNK_BYTES = 1 << 20;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const SPLIT = 134217729; // 2^27 + 1, Veltkamp's split constant
const LOG10_2 = Math.log10(2);
/** "00" … "99" as character codes. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));
const DIGITS = new Uint8Array(17);
/** 2^(e-53) for binary exponents e of 1e-6 ≤ |v| < 1e15 (−20…49), offset by 64: half an ulp. */
const HALF_ULP = Array.from({ length: 128 }, (_, i) => 2 ** (i - 64 - 53));
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const HIGH_WORD = LITTLE_ENDIAN ? 1 : 0;
const LOW_WORD = 1 - HIGH_WORD;

/**
 * Writes feature frames as CSV through `write` (called with chunks of about 1 MB; each chunk
 * may be reused after `write` returns): a header `date[,symbol],<columns>` then one row per
 * frame row. The bytes are exactly those of the plain writer: dates stamped at 00:00 UTC print
 * as `YYYY-MM-DD`, others as `toISOString()`; NaN prints as an empty cell; every other number
 * as `String(v)`, JavaScript's shortest text that parses back to the same double (see
 * `formatNumberInto`).
 */
export function writeFeatureCsv(
  write: (chunk: Uint8Array) => void,
  parts: readonly { symbol: string | null; frame: FeatureFrame }[],
  columns: readonly string[],
  { withSymbol = false } = {},
): void {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES + 64 * 1024);
  let off = buf.write(`${['date', ...(withSymbol ? ['symbol'] : []), ...columns].join(',')}\n`, 0, 'utf8');
  for (const { symbol, frame } of parts) {
    const cols = columns.map((c) => frame.columns[c]);
    const symbolBytes = Buffer.from(withSymbol ? `,${csvCell(symbol ?? '')}` : '', 'utf8');
    const n = frame.ts.length;
    for (let t = 0; t < n; t++) {
      // A row is at most 30 bytes per column plus the date; flush before it could overflow.
      if (off + 32 + symbolBytes.length + cols.length * 32 > buf.length) {
        write(buf.subarray(0, off));
        off = 0;
      }
      off = formatTimestampInto(buf, off, frame.ts[t]);
      off += symbolBytes.copy(buf, off);
      for (let k = 0; k < cols.length; k++) {
        buf[off++] = 44;
        const v = cols[k][t];
        if (!Number.isNaN(v)) off = formatNumberInto(buf, off, v);
      }
      buf[off++] = 10;
      if (off >= CHUNK_BYTES) {
        write(buf.subarray(0, off));
        off = 0;
      }
    }
  }
  if (off > 0) write(buf.subarray(0, off));
}

/** The whole CSV as a string (small frames, tests); same text as writeFeatureCsv. */
export function formatFeatureCsv(
  parts: readonly { symbol: string | null; frame: FeatureFrame }[],
  columns: readonly string[],
  opts: { withSymbol?: boolean } = {},
): string {
  const chunks: Buffer[] = [];
  writeFeatureCsv((c) => chunks.push(Buffer.from(c)), parts, columns, opts);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes `String(v)` of a finite number at `off` and returns the new offset, without making a
 * string: the shortest decimal that parses back to exactly `v`, the closest one if several are
 * as short. Integers below 10^15 print their digits. Other values from 10^-6 to 10^15 are read
 * on a 15-significant-digit grid: the exact product v·10^k = hi + lo (Veltkamp/Dekker
 * two-product) gives the grid value and its exact fraction, from which the nearest 15-, 16- and
 * 17-digit decimals follow; the first whose distance to v is below half an ulp (where parsing
 * would round back to v) is printed. Near-ties, powers of two (their ulp below is half the one
 * above) and other magnitudes use JavaScript's own `String(v)`.
 */
export function formatNumberInto(buf: Buffer, off: number, v: number): number {
  if (v === 0) {
    buf[off] = 48;
    return off + 1;
  }
  const start = off;
  let a = v;
  if (v < 0) {
    buf[off++] = 45;
    a = -v;
  }
  if (a < 1e15 && Number.isInteger(a)) return writeDigits(buf, off, a, 0);
  if (a >= 1e-6 && a < 1e15) {
    const end = writeShortest(buf, off, a);
    if (end > 0) return end;
  }
  // Copying the characters in JS beats a native latin1Write call for a 20-byte string.
  const text = String(v);
  for (let i = 0; i < text.length; i++) buf[start + i] = text.charCodeAt(i);
  return start + text.length;
}

/** The shortest text of 1e-6 ≤ a < 1e15 (not an integer) at `off`; 0 when it cannot be sure. */
function writeShortest(buf: Buffer, off: number, a: number): number {
  f64[0] = a;
  const high = u32[HIGH_WORD];
  if ((high & 0xfffff) === 0 && u32[LOW_WORD] === 0) return 0;
  const binaryExponent = ((high >>> 20) & 0x7ff) - 1023;
  // The decimal exponent from the binary one is exact or one short: the grid value then has 16 digits.
  let e = Math.floor(binaryExponent * LOG10_2);
  let k = 14 - e;
  let scale = POW10[k];
  let hi = a * scale;
  if (hi >= 1e15) {
    e++;
    k--;
    scale = POW10[k];
    hi = a * scale;
  }
  // Exact a·scale = hi + lo.
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * scale;
  const sh = t - (t - scale);
  const sl = scale - sh;
  const lo = ah * sh - hi + ah * sl + al * sh + al * sl;
  // a·scale = whole + frac exactly (to ~1e-16 in frac), 0 ≤ frac < 1.
  let whole = Math.floor(hi);
  let frac = hi - whole + lo;
  if (frac < 0) {
    whole--;
    frac += 1;
  } else if (frac >= 1) {
    whole++;
    frac -= 1;
  }
  if (whole < 1e14 || whole >= 1e15) return 0;
  // Half an ulp of a, in units of the 15-digit grid.
  const half = HALF_ULP[binaryExponent + 64] * scale;
  const intDigits = e + 1; // digits before the point (≤ 0: leading zeros after it)

  // 15 digits: the nearest grid value, when within half an ulp.
  const d15 = frac < 0.5 ? frac : 1 - frac;
  if (Math.abs(d15 - half) < 1e-9) return 0;
  if (d15 < half) {
    const m = frac < 0.5 ? whole : whole + 1;
    if (m >= 1e15 || intDigits >= 15) return 0;
    gridDigits(m, 0, 0);
    // Drop the trailing zeros (the value is no integer: a digit after the point stays).
    let count = 15;
    while (DIGITS[count - 1] === 48) count--;
    return emitDigits(buf, off, count, intDigits);
  }

  // 16 digits: whole·10 + d, the nearest 16-digit value.
  const tenths = frac * 10;
  let d = Math.round(tenths);
  const d16 = Math.abs(tenths - d);
  if (Math.abs(d16 - 0.5) < 1e-9 || Math.abs(d16 - half * 10) < 1e-9) return 0;
  if (d16 < half * 10) {
    // d = 0 or 10 would be a 15-digit value, which did not round-trip: a rounding edge, bail out.
    if (d === 0 || d === 10) return 0;
    gridDigits(whole, d, 1);
    return emitDigits(buf, off, 16, intDigits);
  }

  // 17 digits: whole·100 + dd, the correctly rounded 17-digit value, always round-trips.
  const hundredths = frac * 100;
  d = Math.round(hundredths);
  if (Math.abs(Math.abs(hundredths - d) - 0.5) < 1e-6 || d % 10 === 0 || d >= 100) return 0;
  gridDigits(whole, d, 2);
  return emitDigits(buf, off, 17, intDigits);
}

/** The 15 digits of 10^14 ≤ whole < 10^15 and `tailCount` more digits of `tail`, into DIGITS, two at a time. */
function gridDigits(whole: number, tail: number, tailCount: number): void {
  let pos = 15 + tailCount;
  if (tailCount === 2) {
    DIGITS[--pos] = 48 + (tail % 10);
    DIGITS[--pos] = 48 + ((tail / 10) | 0);
  } else if (tailCount === 1) {
    DIGITS[--pos] = 48 + tail;
  }
  let high = Math.floor(whole / 1e8) | 0; // 7 digits
  let low = (whole - high * 1e8) | 0; // 8 digits
  for (let i = 0; i < 4; i++) {
    const q = (low / 100) | 0;
    const r = (low - q * 100) << 1;
    DIGITS[--pos] = PAIRS[r + 1];
    DIGITS[--pos] = PAIRS[r];
    low = q;
  }
  for (let i = 0; i < 3; i++) {
    const q = (high / 100) | 0;
    const r = (high - q * 100) << 1;
    DIGITS[--pos] = PAIRS[r + 1];
    DIGITS[--pos] = PAIRS[r];
    high = q;
  }
  DIGITS[--pos] = 48 + high;
}

/** The first `count` DIGITS with the point after `intDigits` of them (≤ 0: `0.` and zeros first). */
function emitDigits(buf: Buffer, off: number, count: number, intDigits: number): number {
  if (intDigits > 0) {
    for (let i = 0; i < intDigits; i++) buf[off++] = DIGITS[i];
    buf[off++] = 46;
    for (let i = intDigits; i < count; i++) buf[off++] = DIGITS[i];
    return off;
  }
  buf[off++] = 48;
  buf[off++] = 46;
  for (let i = intDigits; i < 0; i++) buf[off++] = 48;
  for (let i = 0; i < count; i++) buf[off++] = DIGITS[i];
  return off;
}

/**
 * Digits of integer m (< 2^53) with a decimal point `decimals` digits from the right; when
 * `decimals` exceeds the digit count, `0.00…` first.
 */
function writeDigits(buf: Buffer, off: number, m: number, decimals: number): number {
  // Two int32 halves keep the digit loop in small-integer arithmetic (double % is a slow call).
  // No closures here: tsx wraps every function expression in a naming helper, per call.
  let hi = Math.floor(m / 1e8) | 0;
  let lo = (m - hi * 1e8) | 0;
  const digits = hi > 0 ? 8 + countDigits(hi) : countDigits(lo);
  const intDigits = digits - decimals;
  let end = off + (intDigits > 0 ? digits : decimals + 1) + (decimals > 0 ? 1 : 0);
  const last = end;
  const pointAt = decimals > 0 ? end - decimals - 1 : -1;
  const stopAt = intDigits > 0 ? off : off + 1;
  for (let written = 0; end > stopAt; written++) {
    if (end - 1 === pointAt) buf[--end] = 46;
    let d: number;
    if (written < 8) {
      d = lo % 10;
      lo = (lo / 10) | 0;
    } else {
      d = hi % 10;
      hi = (hi / 10) | 0;
    }
    buf[--end] = 48 + d;
  }
  if (intDigits <= 0) {
    // 0.000ddd: the loop wrote the digits and zeros after the point; add the leading zero.
    if (pointAt === off + 1) buf[off + 1] = 46;
    buf[off] = 48;
  }
  return last;
}

function countDigits(x: number): number {
  let n = 1;
  for (let p = 10; n < 10 && x >= p; p *= 10) n++;
  return n;
}

/**
 * `YYYY-MM-DD` of a timestamp at 00:00 UTC, else its `toISOString()`, at `off`. Years 0–9999
 * are written from the day number (civil-from-days, H. Hinnant); others through Date.
 */
function formatTimestampInto(buf: Buffer, off: number, ts: number): number {
  const day = Math.floor(ts / MS_PER_DAY);
  // Days of 0000-03-01 … 9999-12-31 from 1970-01-01.
  if (day < -719_468 || day > 2_932_896 || !Number.isInteger(ts)) {
    const iso = new Date(ts).toISOString();
    const text = ts % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso;
    for (let i = 0; i < text.length; i++) buf[off + i] = text.charCodeAt(i);
    return off + text.length;
  }
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  off = fixed(buf, off, y, 4);
  buf[off++] = 45;
  off = fixed(buf, off, m, 2);
  buf[off++] = 45;
  off = fixed(buf, off, d, 2);
  const ms = ts - day * MS_PER_DAY;
  if (ms === 0) return off;
  buf[off++] = 84; // T
  off = fixed(buf, off, Math.floor(ms / 3_600_000), 2);
  buf[off++] = 58;
  off = fixed(buf, off, Math.floor(ms / 60_000) % 60, 2);
  buf[off++] = 58;
  off = fixed(buf, off, Math.floor(ms / 1000) % 60, 2);
  buf[off++] = 46;
  off = fixed(buf, off, ms % 1000, 3);
  buf[off++] = 90; // Z
  return off;
}

/** Integer 0 ≤ x < 10^width, zero-padded to `width` digits. */
function fixed(buf: Buffer, off: number, x: number, width: number): number {
  for (let i = width - 1; i >= 0; i--) {
    buf[off + i] = 48 + (x % 10);
    x = Math.floor(x / 10);
  }
  return off + width;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
