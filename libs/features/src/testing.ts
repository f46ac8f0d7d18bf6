/**
 * Test and benchmark helpers (not in the package's main entry): the plain feature CSV writer
 * that writeFeatureCsv must match byte for byte.
 */
import type { FeatureFrame } from './compute-features.ts';

const MS_PER_DAY = 86_400_000;

/**
 * The feature CSV written the obvious way, one string per cell: `toISOString()` dates
 * (`YYYY-MM-DD` at 00:00 UTC), `String(v)` numbers, empty cells for NaN.
 */
export function plainFeatureCsv(parts: readonly { symbol: string | null; frame: FeatureFrame }[], columns: readonly string[], { withSymbol = false } = {}): string {
  const lines = [['date', ...(withSymbol ? ['symbol'] : []), ...columns].join(',')];
  for (const { symbol, frame } of parts) {
    const cols = columns.map((c) => frame.columns[c]);
    const cell = /[",\r\n]/.test(symbol ?? '') ? `"${(symbol ?? '').replace(/"/g, '""')}"` : (symbol ?? '');
    for (let t = 0; t < frame.ts.length; t++) {
      const iso = new Date(frame.ts[t]).toISOString();
      const row = [frame.ts[t] % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso];
      if (withSymbol) row.push(cell);
      for (const col of cols) row.push(Number.isNaN(col[t]) ? '' : String(col[t]));
      lines.push(row.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
