/**
 * Test and benchmark helpers (not in the package's main entry): the plain feature CSV writer
 * that writeFeatureCsv must match byte for byte.
 */
import type { FeatureFrame } from './compute-features.ts';

const MS_PER_DAY = 86_400_000;

/**
 * The feature CSV written the obvious way, a string per cell: `toISOString()` dates
 * (`YYYY-MM-DD` at 00:00 UTC), `String(v)` numbers (`toFixed` would not parse back to the same
 * double), empty cells for NaN. `write` gets the text in pieces of about 1 MB.
 */
export function writePlainFeatureCsv(
  write: (text: string) => void,
  parts: readonly { symbol: string | null; frame: FeatureFrame }[],
  columns: readonly string[],
  { withSymbol = false } = {},
): void {
  let text = `${['date', ...(withSymbol ? ['symbol'] : []), ...columns].join(',')}\n`;
  for (const { symbol, frame } of parts) {
    const cols = columns.map((c) => frame.columns[c]);
    const name = symbol ?? '';
    const cell = /[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
    for (let t = 0; t < frame.ts.length; t++) {
      const iso = new Date(frame.ts[t]).toISOString();
      const row = [frame.ts[t] % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso];
      if (withSymbol) row.push(cell);
      for (const col of cols) row.push(Number.isNaN(col[t]) ? '' : String(col[t]));
      text += `${row.join(',')}\n`;
      if (text.length > 1 << 20) {
        write(text);
        text = '';
      }
    }
  }
  if (text) write(text);
}

/** writePlainFeatureCsv into one string. */
export function plainFeatureCsv(
  parts: readonly { symbol: string | null; frame: FeatureFrame }[],
  columns: readonly string[],
  opts: { withSymbol?: boolean } = {},
): string {
  const pieces: string[] = [];
  writePlainFeatureCsv((t) => pieces.push(t), parts, columns, opts);
  return pieces.join('');
}
