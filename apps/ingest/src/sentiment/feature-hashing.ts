import type { HeadlineTokens } from './headline-tokens.ts';

/** Which features a model reads from a headline; stored in the artifact so training and scoring agree. */
export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  hashBits: number;
  /** Word (token) unigrams. */
  unigrams: boolean;
  /** Word (token) bigrams, with start and end markers. */
  bigrams: boolean;
  /** Character n-grams of each word, n in [charMin, charMax]; charMax 0 turns them off. */
  charMin: number;
  charMax: number;
  /** Weight of the character n-gram group relative to the word group. */
  charWeight: number;
}

/** A sparse feature vector, with the token each feature came from (for explanations). */
export interface SparseFeatures {
  size: number;
  index: Int32Array;
  value: Float32Array;
  /** Token index the feature came from; for a bigram, its first token; -1 for the start marker. */
  source: Int32Array;
  /** True for bigram features (source and source + 1). */
  bigram: Uint8Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SEED_UNIGRAM = 0x1b873593;
const SEED_CHAR = 0x5bd1e995;
const SEED_CHAR_NEGATED = 0x27d4eb2f;
const MARK_START = 0x9e3779b9;
const MARK_END = 0x85ebca6b;

/** FNV-1a of a string's UTF-16 code units, from a seed. */
function fnv(text: string, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** A final avalanche (murmur3 fmix32), so nearby inputs spread over the buckets. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const pairHash = (a: number, b: number) => mix((Math.imul(a, 31) ^ b ^ 0x2545f491) >>> 0);

/** Upper bound on the hashed features of a tokenised headline. */
function capacity(t: HeadlineTokens, spec: FeatureSpec): number {
  let chars = 0;
  for (const s of t.stems) chars += s.length + 2;
  const perChar = spec.charMax ? spec.charMax - spec.charMin + 1 : 0;
  return t.tokens.length * 2 + 2 + chars * perChar;
}

/**
 * Hashes a tokenised headline into a sparse vector. Each group (words: unigrams + bigrams; chars)
 * has unit L2 norm before weighting, so a long headline does not shout louder than a short one.
 * Repeated features keep separate entries (their weights add up). `spare` leaves room for that many
 * more entries after `size` (dense extras the caller appends). With `scratch` large enough, its
 * arrays are overwritten and returned instead of new ones (the scorer keeps one per model).
 */
export function hashFeatures(t: HeadlineTokens, spec: FeatureSpec, spare = 0, scratch?: SparseFeatures): SparseFeatures {
  const max = capacity(t, spec) + spare;
  const reuse = scratch !== undefined && scratch.index.length >= max;
  const index = reuse ? scratch.index : new Int32Array(max);
  const value = reuse ? scratch.value : new Float32Array(max);
  const source = reuse ? scratch.source : new Int32Array(max);
  const bigram = reuse ? scratch.bigram : new Uint8Array(max);
  if (reuse) bigram.fill(0, 0, max);
  const mask = (1 << spec.hashBits) - 1;
  let n = 0;
  const tokenHash: number[] = new Array(t.tokens.length);
  for (let i = 0; i < t.tokens.length; i++) tokenHash[i] = fnv(t.tokens[i], SEED_UNIGRAM);
  if (spec.unigrams) {
    for (let i = 0; i < t.tokens.length; i++) {
      index[n] = mix(tokenHash[i]) & mask;
      source[n++] = i;
    }
  }
  if (spec.bigrams && t.tokens.length) {
    let prev = MARK_START;
    for (let i = 0; i <= t.tokens.length; i++) {
      const h = i < t.tokens.length ? tokenHash[i] : MARK_END;
      index[n] = pairHash(prev, h) & mask;
      source[n] = i - 1;
      bigram[n++] = 1;
      prev = h;
    }
  }
  const wordCount = n;
  if (wordCount) {
    const v = 1 / Math.sqrt(wordCount);
    for (let k = 0; k < wordCount; k++) value[k] = v;
  }
  if (spec.charMax) {
    for (let i = 0; i < t.stems.length; i++) {
      const stem = t.stems[i];
      if (!stem) continue;
      const seed = t.negated[i] ? SEED_CHAR_NEGATED : SEED_CHAR;
      const len = stem.length + 2;
      // The word padded with boundary marks: code unit at p of "\u0002" + stem + "\u0003".
      const at = (p: number) => (p === 0 ? 2 : p === len - 1 ? 3 : stem.charCodeAt(p - 1));
      for (let start = 0; start + spec.charMin <= len; start++) {
        let h = (FNV_OFFSET ^ seed) >>> 0;
        for (let k = 0; k < spec.charMax && start + k < len; k++) {
          h = Math.imul(h ^ at(start + k), FNV_PRIME);
          if (k + 1 >= spec.charMin) {
            index[n] = mix(h >>> 0) & mask;
            source[n++] = i;
          }
        }
      }
    }
    const chars = n - wordCount;
    if (chars) {
      const v = spec.charWeight / Math.sqrt(chars);
      for (let k = wordCount; k < n; k++) value[k] = v;
    }
  }
  return { size: n, index, value, source, bigram };
}
