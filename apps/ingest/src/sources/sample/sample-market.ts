import type { Bar } from '@alphapulse/market';
import type { VolatilityShock } from '@alphapulse/queue/vocabulary';
import { gaussian, hashSeed, mulberry32 } from './prng.ts';

/**
 * The offline sample market: SYNTHETIC daily bars and headlines from a seeded simulator, so the
 * whole pipeline runs with no network. Nothing here is market data; every instrument, bar and
 * headline it produces is stored with `synthetic = true`.
 *
 * Each symbol's daily log return follows an AR(1) process r_t = phi * r_{t-1} + sigma * e_t.
 * phi = 0 is a pure random walk (a model must score chance on it); a positive phi plants a learnable
 * momentum effect. The planted effects all point the same way, at different strengths, on the same
 * volatility (one pooled model can learn "yesterday's sign continues" for all of them, on one scale),
 * so a per-symbol view shows what an
 * honest pipeline finds: a clear edge where the effect is strong, less where it is weak, none on the
 * random walk.
 */
export interface SampleInstrument {
  symbol: string;
  name: string;
  /** Lag-1 autocorrelation of daily returns. */
  phi: number;
  /** Daily volatility of log returns. */
  sigma: number;
  drift: number;
  startPrice: number;
}

export const SAMPLE_INSTRUMENTS: readonly SampleInstrument[] = [
  { symbol: 'SYN-RW', name: 'Synthetic Random Walk Corp', phi: 0, sigma: 0.012, drift: 0.0002, startPrice: 50 },
  { symbol: 'SYN-MOM', name: 'Synthetic Momentum Inc', phi: 0.5, sigma: 0.012, drift: 0.0002, startPrice: 80 },
  { symbol: 'SYN-TREND', name: 'Synthetic Trend Ltd', phi: 0.25, sigma: 0.012, drift: 0.0002, startPrice: 30 },
  { symbol: 'SYN-IDX', name: 'Synthetic Index Fund', phi: 0.1, sigma: 0.012, drift: 0.0002, startPrice: 100 },
];
export const SAMPLE_SYMBOLS: readonly string[] = SAMPLE_INSTRUMENTS.map((i) => i.symbol);

/** The simulation always starts here, so a date's bar does not depend on the range asked for. */
const ORIGIN = Date.UTC(2000, 0, 3);
const DAY = 86_400_000;
export const SAMPLE_DEFAULT_FROM = '2005-01-03';
export const SAMPLE_DEFAULT_TO = '2024-12-31';

export class UnknownSampleSymbolError extends Error {
  constructor(symbol: string) {
    super(`${symbol} is not a sample symbol (the sample market has ${SAMPLE_SYMBOLS.join(', ')})`);
    this.name = 'UnknownSampleSymbolError';
  }
}

export function sampleInstrument(symbol: string): SampleInstrument {
  const inst = SAMPLE_INSTRUMENTS.find((i) => i.symbol === symbol);
  if (!inst) throw new UnknownSampleSymbolError(symbol);
  return inst;
}

interface SimulatedDay {
  ts: number;
  bar: Bar;
  logReturn: number;
  /** The day's volatility (the shock's factor applied). */
  sigma: number;
}

function* simulate(inst: SampleInstrument, seed: number, until: number, shock?: VolatilityShock): Generator<SimulatedDay> {
  const u = mulberry32(hashSeed(`${inst.symbol}:${seed}`));
  const z = gaussian(u);
  const shockFrom = shock ? Date.parse(`${shock.from}T00:00:00Z`) : Number.POSITIVE_INFINITY;
  let prevClose = inst.startPrice;
  let prevReturn = 0;
  for (let t = ORIGIN; t <= until; t += DAY) {
    const dow = new Date(t).getUTCDay();
    if (dow === 0 || dow === 6) continue; // weekdays only; holidays are not simulated
    const sigma = t >= shockFrom ? inst.sigma * (shock?.factor ?? 1) : inst.sigma;
    const r = inst.drift + inst.phi * prevReturn + sigma * z();
    const close = prevClose * Math.exp(r);
    const open = prevClose * Math.exp(sigma * 0.3 * z());
    const high = Math.max(open, close) * Math.exp(Math.abs(sigma * 0.5 * z()));
    const low = Math.min(open, close) * Math.exp(-Math.abs(sigma * 0.5 * z()));
    const volume = Math.round(1_000_000 * Math.exp(0.3 * z() + 8 * Math.abs(r)));
    yield { ts: t, bar: { ts: new Date(t), open, high, low, close, volume, adjClose: close }, logReturn: r, sigma };
    prevClose = close;
    prevReturn = r;
  }
}

function range(from?: string, to?: string): [number, number] {
  const a = Date.parse(`${from ?? SAMPLE_DEFAULT_FROM}T00:00:00Z`);
  const b = Date.parse(`${to ?? SAMPLE_DEFAULT_TO}T00:00:00Z`);
  return [Math.max(a, ORIGIN), b];
}

export interface SimulationOptions {
  from?: string;
  to?: string;
  seed?: number;
  shock?: VolatilityShock;
}

/** Daily SYNTHETIC bars of a sample symbol for [from, to] (inclusive, YYYY-MM-DD), deterministic in (symbol, seed, shock). */
export function simulateBars(symbol: string, opts: SimulationOptions = {}): Bar[] {
  const inst = sampleInstrument(symbol);
  const [from, to] = range(opts.from, opts.to);
  const out: Bar[] = [];
  for (const day of simulate(inst, opts.seed ?? 1, to, opts.shock)) if (day.ts >= from) out.push(day.bar);
  return out;
}

export interface SampleHeadline {
  guid: string;
  title: string;
  publishedAt: Date;
  symbols: string[];
}

const UP = ['beats estimates as demand soars', 'raises guidance after record profit', 'upgraded to buy by analysts', 'rallies on strong quarterly sales'];
const DOWN = ['misses estimates, shares plunge', 'cuts guidance amid weak demand', 'downgraded to sell on margin fears', 'faces lawsuit over accounting'];
const FLAT = ['to hold annual shareholder meeting', 'names new chief financial officer', 'announces date of quarterly report', 'opens office in Berlin'];

/**
 * SYNTHETIC headlines: about one a day per symbol, published during the session (14:00–20:00 UTC)
 * or after the close, whose tone follows that day's simulated move — news that reacts to prices,
 * as real news mostly does. Deterministic in (symbol, seed).
 */
export function simulateHeadlines(symbol: string, opts: SimulationOptions = {}): SampleHeadline[] {
  const inst = sampleInstrument(symbol);
  const [from, to] = range(opts.from, opts.to);
  const u = mulberry32(hashSeed(`${symbol}:news:${opts.seed ?? 1}`));
  const out: SampleHeadline[] = [];
  for (const day of simulate(inst, opts.seed ?? 1, to, opts.shock)) {
    // Every day draws the same numbers whatever the range, so a day's headline never depends on it.
    const draw = u();
    const minutes = 14 * 60 + Math.floor(u() * 10 * 60); // 14:00–24:00 UTC: some after the US close
    const pick = u();
    if (day.ts < from || draw < 0.35) continue;
    const z = day.logReturn / day.sigma;
    const pool = z > 0.5 ? UP : z < -0.5 ? DOWN : FLAT;
    const text = pool[Math.floor(pick * pool.length)];
    const date = new Date(day.ts).toISOString().slice(0, 10);
    out.push({
      guid: `synthetic:${symbol}:${date}`,
      title: `[SYNTHETIC] ${inst.name} (${symbol}) ${text}`,
      publishedAt: new Date(day.ts + minutes * 60_000),
      symbols: [symbol],
    });
  }
  return out;
}
