import type { FeatureFrame } from './compute-features.ts';

const MS_PER_DAY = 86_400_000;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;
const SPLIT = 134217729; // 2^27 + 1
const CHUNK_BYTES = 1 << 20;

/**
 * Writes feature frames as CSV through `write` (called with chunks of about 1 MB; each chunk
 * may be reused after `write` returns): a header `date[,symbol],<columns>` then one row per
 * frame row. Dates stamped at 00:00 UTC print as `YYYY-MM-DD`, others as ISO instants; empty
 * (NaN) values print as empty cells; every number prints in a form that parses back to exactly
 * the same double (see `formatNumberInto`).
 */
export function writeFeatureCsv(
  write: (chunk: Uint8Array) => void,
  parts: readonly { symbol: string | null; frame: FeatureFrame }[],
  columns: readonly string[],
  { withSymbol = false } = {},
): void {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES + 64 * 1024);
  let off = buf.write(`${['date', ...(withSymbol ? ['symbol'] : []), ...columns].join(',')}\n`, 0, 'utf8');
  const dates = new Map<number, Buffer>();
  for (const { symbol, frame } of parts) {
    const cols = columns.map((c) => frame.columns[c]);
    const symbolBytes = Buffer.from(withSymbol ? `,${csvCell(symbol ?? '')}` : '', 'utf8');
    const n = frame.ts.length;
    for (let t = 0; t < n; t++) {
      const ts = frame.ts[t];
      let date = dates.get(ts);
      if (!date) {
        const iso = new Date(ts).toISOString();
        date = Buffer.from(ts % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso, 'latin1');
        dates.set(ts, date);
      }
      // A row is at most a few hundred bytes per column; flush before it could overflow.
      if (off + date.length + symbolBytes.length + cols.length * 32 > buf.length) {
        write(buf.subarray(0, off));
        off = 0;
      }
      off += date.copy(buf, off);
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
export function formatFeatureCsv(parts: readonly { symbol: string | null; frame: FeatureFrame }[], columns: readonly string[], opts: { withSymbol?: boolean } = {}): string {
  const chunks: Buffer[] = [];
  writeFeatureCsv((c) => chunks.push(Buffer.from(c)), parts, columns, opts);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Writes a finite number's decimal text at `off` and returns the new offset; the text always
 * parses back to exactly `v`. Integers below 10^15 print as integers. Otherwise, with
 * m = round(v·10^k) at 16 significant digits (10^k exact, m < 2^53): when m / 10^k === v
 * (IEEE division is correctly rounded, exactly like parsing the text), m is printed, trailing
 * zeros dropped; else the 17th digit is derived from the exact product v·10^k (Dekker's
 * two-product), giving the correctly rounded 17-digit decimal, which always round-trips. Ties
 * too close to call, and magnitudes out of range, use JavaScript's own shortest text.
 */
export function formatNumberInto(buf: Buffer, off: number, v: number): number {
  if (v === 0) {
    buf[off] = 48;
    return off + 1;
  }
  let a = v;
  if (v < 0) {
    buf[off++] = 45;
    a = -v;
  }
  if (a < 1e15 && Number.isInteger(a)) return writeDigits(buf, off, a, 0);
  let k = 15 - Math.floor(Math.log10(a));
  if (k >= 1 && k <= 22) {
    const scale = POW10[k];
    const hi = a * scale;
    let m = Math.round(hi);
    if (m < MAX_EXACT) {
      if (m / scale === a) {
        while (k > 0) {
          const q = Math.floor(m / 10);
          if (q * 10 !== m) break;
          m = q;
          k--;
        }
        return writeDigits(buf, off, m, k);
      }
      // Exact a·scale = hi + lo (Dekker/Veltkamp split, no FMA needed).
      let t = SPLIT * a;
      const ah = t - (t - a);
      const al = a - ah;
      t = SPLIT * scale;
      const sh = t - (t - scale);
      const sl = scale - sh;
      const lo = ah * sh - hi + ah * sl + al * sh + al * sl;
      const tenths = (hi - m + lo) * 10;
      const digit = Math.round(tenths);
      if (Math.abs(Math.abs(tenths - Math.trunc(tenths)) - 0.5) > 1e-6 && m > 0) {
        const base = digit < 0 ? m - 1 : m;
        const last = digit < 0 ? digit + 10 : digit;
        if (last <= 9) {
          const end = writeDigits(buf, off, base, k);
          buf[end] = 48 + last;
          return end + 1;
        }
      }
    }
  }
  // Copying the characters in JS beats a native latin1Write call for a 20-byte string.
  const text = String(a);
  for (let i = 0; i < text.length; i++) buf[off + i] = text.charCodeAt(i);
  return off + text.length;
}

/** Digits of integer m (< 2^53) with a decimal point `decimals` digits from the right. */
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

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
