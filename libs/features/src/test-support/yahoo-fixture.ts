import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bar } from '@alphapulse/market';

export const FIXTURES = {
  aapl: 'chart-AAPL-2020-08-31-to-2020-11-07.json',
  msft: 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json',
  nvda: 'historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json',
} as const;

interface ChartResult {
  meta: { exchangeTimezoneName: string };
  timestamp: number[];
  indicators: {
    quote: { open: (number | null)[]; high: (number | null)[]; low: (number | null)[]; close: (number | null)[]; volume: (number | null)[] }[];
    adjclose?: { adjclose: (number | null)[] }[];
  };
}

/** Bars of a recorded Yahoo chart response (rows with a null field skipped), and its exchange time zone. */
export function loadYahooBars(name: keyof typeof FIXTURES, { adjusted = true } = {}): { bars: Bar[]; timezone: string } {
  const path = fileURLToPath(new URL(`../../test-fixtures/${FIXTURES[name]}`, import.meta.url));
  const json = JSON.parse(readFileSync(path, 'utf8')) as { response: { bodyJson: { chart: { result: ChartResult[] } } } };
  const r = json.response.bodyJson.chart.result[0];
  const q = r.indicators.quote[0];
  const adj = r.indicators.adjclose?.[0]?.adjclose;
  const bars: Bar[] = [];
  r.timestamp.forEach((s, i) => {
    const [open, high, low, close, volume] = [q.open[i], q.high[i], q.low[i], q.close[i], q.volume[i]];
    if (open == null || high == null || low == null || close == null || volume == null) return;
    bars.push({ ts: new Date(s * 1000), open, high, low, close, volume, adjClose: adjusted ? (adj?.[i] ?? null) : null });
  });
  return { bars, timezone: r.meta.exchangeTimezoneName };
}
