import type { FeatureFrame } from './compute-features.ts';

const MS_PER_DAY = 86_400_000;

/**
 * CSV text of feature frames, yielded in chunks of about `rowsPerChunk` rows: a header
 * `date[,symbol],<columns>` then one row per frame row. Dates stamped at 00:00 UTC print as
 * `YYYY-MM-DD`, others as ISO instants; empty (NaN) values print as empty cells; numbers print
 * in JavaScript's shortest round-trip form.
 */
export function* featureCsvChunks(
  parts: readonly { symbol: string | null; frame: FeatureFrame }[],
  columns: readonly string[],
  { withSymbol = false, rowsPerChunk = 4096 } = {},
): Generator<string> {
  yield `${['date', ...(withSymbol ? ['symbol'] : []), ...columns].join(',')}\n`;
  const dates = new Map<number, string>();
  const dateText = (ts: number) => {
    let s = dates.get(ts);
    if (s === undefined) {
      const iso = new Date(ts).toISOString();
      s = ts % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso;
      dates.set(ts, s);
    }
    return s;
  };
  for (const { symbol, frame } of parts) {
    const cols = columns.map((c) => frame.columns[c]);
    const prefix = withSymbol ? `,${csvCell(symbol ?? '')}` : '';
    const n = frame.ts.length;
    let chunk = '';
    for (let t = 0; t < n; t++) {
      let line = dateText(frame.ts[t]) + prefix;
      for (let k = 0; k < cols.length; k++) {
        const v = cols[k][t];
        line += v === v ? `,${v}` : ',';
      }
      chunk += `${line}\n`;
      if ((t + 1) % rowsPerChunk === 0) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
