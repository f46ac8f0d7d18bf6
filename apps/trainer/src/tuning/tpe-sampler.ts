import standardNormalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { createRng, mixSeed, type Rng } from '../ml/rng.ts';
import type { TrialParams } from '../ml/types.ts';
import {
  type Distribution,
  isActive,
  type ParamSpec,
  type ParamValue,
  type SampledParams,
  type SearchSpace,
  SearchSpaceError,
} from './search-space.ts';

export type TrialStatus = 'complete' | 'pruned' | 'failed' | 'running';
export interface TrialHistoryEntry {
  /** The trial's sampled point (TrialParams is accepted as stored: its keys are the space's names). */
  params: SampledParams | TrialParams;
  /** Objective (lower is better); for pruned trials the best value reached before pruning. */
  value: number | null;
  status: TrialStatus;
}

export interface SuggestInput {
  space: SearchSpace;
  history: TrialHistoryEntry[];
  seed: number;
  /** The trial number being suggested (0-based). */
  number: number;
  /** Random trials before TPE takes over (counted over finished trials in history). */
  nStartup: number;
  /** Candidates drawn from l(x) per parameter (default 24). */
  candidates?: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

function numericBounds(d: Extract<Distribution, { type: 'float' | 'int' }>): [number, number] {
  const step = d.type === 'int' ? (d.step ?? 1) : 0;
  const low = d.low - step / 2;
  const high = d.high + step / 2;
  if (d.log) {
    if (d.low <= 0) throw new SearchSpaceError('a log-scaled parameter needs low > 0');
    return [Math.log(Math.max(low, d.low / 2)), Math.log(high)];
  }
  return [low, high];
}

function fromInternal(d: Extract<Distribution, { type: 'float' | 'int' }>, u: number): number {
  const x = d.log ? Math.exp(u) : u;
  if (d.type === 'float') return Math.min(d.high, Math.max(d.low, x));
  const step = d.step ?? 1;
  const k = Math.round((x - d.low) / step);
  return Math.min(d.high, Math.max(d.low, d.low + k * step));
}

const toInternal = (d: Extract<Distribution, { type: 'float' | 'int' }>, x: number) => (d.log ? Math.log(x) : x);

function sampleUniform(spec: Distribution, rng: Rng): ParamValue {
  if (spec.type === 'categorical') return spec.choices[rng.int(spec.choices.length)];
  const [lo, hi] = numericBounds(spec);
  return fromInternal(spec, lo + (hi - lo) * rng.next());
}

interface Parzen {
  mus: number[];
  sigmas: number[];
  weight: number;
  lo: number;
  hi: number;
}

/** A Parzen estimator: one truncated Gaussian per observation plus a wide prior component. */
function parzen(observations: number[], lo: number, hi: number): Parzen {
  const range = hi - lo;
  const mus = [...observations, (lo + hi) / 2];
  const sorted = [...observations].sort((a, b) => a - b);
  const minSigma = range / Math.min(100, observations.length + 1);
  const sigmas = observations.map((mu) => {
    const i = sorted.indexOf(mu);
    const left = mu - (i > 0 ? sorted[i - 1] : lo);
    const right = (i < sorted.length - 1 ? sorted[i + 1] : hi) - mu;
    return Math.min(range, Math.max(minSigma, left, right));
  });
  sigmas.push(range);
  return { mus, sigmas, weight: 1 / mus.length, lo, hi };
}

function logPdf(p: Parzen, u: number): number {
  let s = 0;
  for (let i = 0; i < p.mus.length; i++) {
    const z = (u - p.mus[i]) / p.sigmas[i];
    const mass = standardNormalCdf((p.hi - p.mus[i]) / p.sigmas[i], 0, 1) - standardNormalCdf((p.lo - p.mus[i]) / p.sigmas[i], 0, 1);
    s += (p.weight * Math.exp(-0.5 * z * z)) / (p.sigmas[i] * SQRT_2PI * Math.max(mass, 1e-12));
  }
  return Math.log(Math.max(s, 1e-300));
}

function sampleParzen(p: Parzen, rng: Rng): number {
  const i = rng.int(p.mus.length);
  for (let attempt = 0; attempt < 100; attempt++) {
    const u = p.mus[i] + p.sigmas[i] * rng.normal();
    if (u >= p.lo && u <= p.hi) return u;
  }
  return Math.min(p.hi, Math.max(p.lo, p.mus[i]));
}

function suggestOne(spec: ParamSpec, good: ParamValue[], bad: ParamValue[], rng: Rng, candidates: number): ParamValue {
  if (spec.type === 'categorical') {
    const k = spec.choices.length;
    const prob = (obs: ParamValue[]) =>
      spec.choices.map((c) => (obs.filter((o) => String(o) === String(c)).length + 1) / (obs.length + k));
    const l = prob(good);
    const g = prob(bad);
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < candidates; c++) {
      let r = rng.next();
      let idx = 0;
      while (idx < k - 1 && r >= l[idx]) r -= l[idx++];
      const score = Math.log(l[idx]) - Math.log(g[idx]);
      if (score > bestScore) {
        bestScore = score;
        best = idx;
      }
    }
    return spec.choices[best];
  }
  const [lo, hi] = numericBounds(spec);
  const l = parzen(
    good.map((v) => toInternal(spec, Number(v))),
    lo,
    hi,
  );
  const g = parzen(
    bad.map((v) => toInternal(spec, Number(v))),
    lo,
    hi,
  );
  let bestU = l.mus[0];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < candidates; c++) {
    const u = sampleParzen(l, rng);
    const score = logPdf(l, u) - logPdf(g, u);
    if (score > bestScore) {
      bestScore = score;
      bestU = u;
    }
  }
  return fromInternal(spec, bestU);
}

/** Size of the "good" group: a quarter of the finished trials, at least 1, at most 25. */
export function goodCount(finished: number): number {
  return Math.max(1, Math.min(25, Math.ceil(0.25 * finished)));
}

/**
 * The params for trial `number`: uniform random while fewer than `nStartup` trials have finished, then a
 * TPE sampler (per parameter, l(x)/g(x) over Parzen estimators of the good and bad trials; pruned trials
 * count as bad, failed and running ones are ignored). Deterministic for (space, history, seed, number).
 */
export function suggestParams(input: SuggestInput): SampledParams {
  const { space, history, seed, number, nStartup } = input;
  if (!Number.isInteger(number) || number < 0)
    throw new SearchSpaceError(`trial number must be a non-negative integer, got ${number}`);
  const rng = createRng(mixSeed(seed, number, 0x7e3));
  const complete = history
    .filter((h) => h.status === 'complete' && Number.isFinite(h.value))
    .sort((a, b) => (a.value as number) - (b.value as number));
  const pruned = history.filter((h) => h.status === 'pruned');
  const finished = complete.length + pruned.length;
  const useTpe = finished >= Math.max(1, nStartup) && complete.length > 0;
  const nGood = goodCount(complete.length);
  const goodTrials = complete.slice(0, nGood);
  const badTrials = [...complete.slice(nGood), ...pruned];
  const out: SampledParams = {};
  for (const [key, spec] of Object.entries(space)) {
    const name = spec.name ?? key;
    if (!isActive(spec, out)) continue;
    if (!useTpe) {
      out[name] = sampleUniform(spec, rng);
      continue;
    }
    // Only trials where this spec was active inform it (another family's `learningRate` is another dimension).
    const values = (trials: TrialHistoryEntry[]) =>
      trials
        .filter((t) => isActive(spec, t.params as Record<string, unknown>))
        .map((t) => (t.params as Record<string, unknown>)[name])
        .filter((v): v is ParamValue => typeof v === 'number' || typeof v === 'string');
    const good = values(goodTrials);
    out[name] =
      good.length === 0 ? sampleUniform(spec, rng) : suggestOne(spec, good, values(badTrials), rng, input.candidates ?? 24);
  }
  return out;
}
