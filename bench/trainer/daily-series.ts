import { writeFileSync } from 'node:fs';
import { formatOhlcvCsv, type Bar } from '@alphapulse/market';
import { createRng } from '../../apps/trainer/src/ml/rng.ts';

/**
 * A synthetic daily OHLCV series of `bars` weekday sessions from 2003-01-02 (5,500 ≈ 22 years): a GBM with
 * GARCH(1,1)-like volatility clustering and no planted predictability, so an honest model should score
 * about chance. Deterministic for a seed.
 */
export function syntheticDailyBars(bars = 5500, seed = 2003): Bar[] {
  const rng = createRng(seed);
  const out: Bar[] = [];
  let close = 100;
  let variance = 0.012 ** 2;
  let lastShock = 0;
  for (let d = Date.UTC(2003, 0, 2); out.length < bars; d += 86_400_000) {
    const dow = new Date(d).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    variance = 0.000002 + 0.08 * lastShock ** 2 + 0.9 * variance;
    const sigma = Math.sqrt(variance);
    lastShock = sigma * rng.normal();
    const open = close * Math.exp(0.002 * rng.normal());
    const next = open * Math.exp(0.0003 - variance / 2 + lastShock);
    const high = Math.max(open, next) * (1 + Math.abs(0.004 * rng.normal()));
    const low = Math.min(open, next) * (1 - Math.abs(0.004 * rng.normal()));
    out.push({ ts: new Date(d), open, high, low, close: next, volume: Math.round(1e6 * Math.exp(0.4 * rng.normal())) });
    close = next;
  }
  return out;
}

export function writeDailyCsv(path: string, bars: Bar[]): void {
  writeFileSync(path, formatOhlcvCsv(bars));
}
