import type { Bar } from './bar.ts';
import { CsvFormatError } from './csv-format-error.ts';
import { parseOhlcvColumns } from './ohlcv-columns.ts';

/**
 * Parses an OHLCV CSV (`date,open,high,low,close,volume`, header case-insensitive, optional
 * `Adj Close` in every row or none) into bars sorted by date: the Bar view of parseOhlcvColumns,
 * with its rules. Any malformed row refuses the whole file: a CsvFormatError names its physical
 * line (blank lines counted) and the reason (missing field, non-numeric or non-positive price,
 * high below low, open/close outside the high-low range, negative volume, duplicate date, a day
 * given both as a date and as a timestamp, no rows after the header). A `symbol` column may hold
 * one symbol only.
 */
export function parseOhlcvCsv(input: string | Buffer): Bar[] {
  const { series } = parseOhlcvColumns(input);
  if (series.length > 1) {
    const names = series.map((s) => s.symbol).slice(0, 5);
    throw new CsvFormatError(
      0,
      `the file holds ${series.length} symbols (${names.join(', ')}${series.length > 5 ? ', ...' : ''}): import one symbol per file`,
    );
  }
  const s = series[0];
  const bars: Bar[] = new Array(s.ts.length);
  for (let i = 0; i < s.ts.length; i++) {
    bars[i] = {
      ts: new Date(s.ts[i]),
      open: s.open[i],
      high: s.high[i],
      low: s.low[i],
      close: s.close[i],
      volume: s.volume[i],
      adjClose: s.adjClose ? s.adjClose[i] : null,
    };
  }
  return bars;
}

/** Writes bars as an OHLCV CSV with an `adj_close` column when any bar has one. */
export function formatOhlcvCsv(bars: readonly Bar[]): string {
  const withAdj = bars.some((b) => b.adjClose != null);
  const lines = [withAdj ? 'date,open,high,low,close,adj_close,volume' : 'date,open,high,low,close,volume'];
  for (const b of bars) {
    const d = b.ts.toISOString().slice(0, 10);
    lines.push(
      withAdj
        ? `${d},${b.open},${b.high},${b.low},${b.close},${b.adjClose ?? ''},${b.volume}`
        : `${d},${b.open},${b.high},${b.low},${b.close},${b.volume}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
