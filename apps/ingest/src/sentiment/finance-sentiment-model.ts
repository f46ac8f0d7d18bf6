import { fileURLToPath } from 'node:url';
import { type FeatureSpec, hashFeatures, type SparseFeatures } from './feature-hashing.ts';
import { financeWordScores, type HeadlineScore, scoreHeadlineLexicon } from './finance-sentiment.ts';
import { looksEnglish, mostlyNonLatin, scriptCounts, type UnscorableReason, unscorable } from './headline-guard.ts';
import { type HeadlineTokens, tokenizeHeadline } from './headline-tokens.ts';
import { type LexiconBlend, type ModelMeta, readModelArtifact } from './model-artifact.ts';
import { argmax3, CLASSES, logitsOf, NEGATIVE, NEUTRAL, POSITIVE, type SoftmaxWeights, softmax3 } from './softmax-weights.ts';

/** The committed model (trained by `npm run train:sentiment`). */
export const DEFAULT_MODEL_FILE = fileURLToPath(new URL('./model/finance-sentiment.json', import.meta.url));

export interface ModelHeadlineScore extends HeadlineScore {
  /** Calibrated probability of `label` (temperature-scaled softmax); 1 for an unscorable line. */
  confidence: number;
  probabilities: { negative: number; positive: number; neutral: number };
  /** 'unknown' when the text does not read as English, or was not looked at (see `reason`): then neutral, score 0. */
  language: 'en' | 'unknown';
  /** Why the line was scored neutral without looking at it (empty, too long, bad bytes, no words, not English). */
  reason?: UnscorableReason;
}

/** How many drivers `words` lists at most. */
const MAX_DRIVERS = 5;

/** The features of a headline as the model reads them (shared by training and scoring). */
export function modelFeatures(
  text: string,
  tokens: HeadlineTokens,
  spec: FeatureSpec,
  blend: LexiconBlend,
  blendWeight: number,
  wordScores: ReadonlyMap<string, number>,
  scratch?: SparseFeatures,
): SparseFeatures & { lexicon: number; lexiconWords: string[] } {
  const f = hashFeatures(tokens, spec, 2, scratch) as SparseFeatures & { lexicon: number; lexiconWords: string[] };
  let lexicon = 0;
  let lexiconWords: string[] = [];
  if (blend === 'phrases') {
    const s = scoreHeadlineLexicon(text);
    lexicon = s.score;
    lexiconWords = s.words;
  } else if (blend === 'words') {
    let raw = 0;
    for (let i = 0; i < tokens.stems.length; i++) {
      const v = wordScores.get(tokens.stems[i]);
      if (v) raw += tokens.negated[i] ? -v : v;
    }
    lexicon = Math.tanh(raw / 4);
  }
  if (blend !== 'none') {
    const rows = 1 << spec.hashBits;
    f.index[f.size] = rows;
    f.value[f.size] = Math.max(lexicon, 0) * blendWeight;
    f.source[f.size++] = LEXICON_SOURCE;
    f.index[f.size] = rows + 1;
    f.value[f.size] = Math.max(-lexicon, 0) * blendWeight;
    f.source[f.size++] = LEXICON_SOURCE;
  }
  f.lexicon = lexicon;
  f.lexiconWords = lexiconWords;
  return f;
}

/** `source` of the lexicon features (hashed features name a token index ≥ −1). */
const LEXICON_SOURCE = -2;

/** Rows of the weight matrix for a feature spec and blend: the hash buckets, plus two for the lexicon. */
export const weightRows = (spec: FeatureSpec, blend: LexiconBlend) => (1 << spec.hashBits) + (blend === 'none' ? 0 : 2);

/**
 * The learned finance sentiment model: a three-class (bearish / bullish / neutral) logistic
 * regression over hashed word uni- and bigrams of finance-aware tokens, blended with the finance
 * lexicon, its probabilities calibrated by temperature scaling. The score is
 * P(bullish) − P(bearish), in [−1, 1], the label the most probable class.
 */
export class FinanceSentimentModel {
  readonly meta: ModelMeta;
  private readonly weights: SoftmaxWeights;
  private readonly vocabulary: ReadonlySet<string>;
  private readonly wordScores: ReadonlyMap<string, number>;
  private readonly logits = new Float64Array(3);
  /** Scratch buffers reused across calls (one scorer per process, single-threaded). */
  private scratch: SparseFeatures | undefined;
  private pull = new Float64Array(64);

  constructor(meta: ModelMeta, weights: SoftmaxWeights) {
    this.meta = meta;
    this.weights = weights;
    this.vocabulary = new Set(meta.vocabulary);
    this.wordScores = financeWordScores();
  }

  /** Loads an artifact (default: the committed one). Throws ModelArtifactError when it is unusable. */
  static load(file = DEFAULT_MODEL_FILE): FinanceSentimentModel {
    const { meta, weights } = readModelArtifact(file);
    return new FinanceSentimentModel(meta, weights);
  }

  /** Scores one headline; never throws (bad input is scored neutral with a reason). */
  score(text: string): ModelHeadlineScore {
    const bad = unscorable(text);
    if (bad) return neutral(bad);
    const script = scriptCounts(text);
    if (mostlyNonLatin(script)) return neutral('not-english');
    if (script.ascii + script.accented === 0) return neutral('no-words');
    const tokens = tokenizeHeadline(text);
    if (!tokens.stems.some((s) => s !== '')) return neutral('no-words');
    if (!looksEnglish(script, tokens.stems, this.vocabulary)) return neutral('not-english');
    const { blend } = this.meta;
    const f = modelFeatures(text, tokens, this.meta.features, blend.lexicon, blend.weight, this.wordScores, this.scratch);
    this.scratch = f;
    const p = softmax3(logitsOf(this.weights, f.size, f.index, f.value, this.logits), this.weights.temperature);
    const k = argmax3(p);
    const score = p[POSITIVE] - p[NEGATIVE];
    return {
      score,
      label: CLASSES[k],
      words: this.drivers(tokens, f, Math.sign(score)),
      confidence: p[k],
      probabilities: { negative: p[NEGATIVE], positive: p[POSITIVE], neutral: p[NEUTRAL] },
      language: 'en',
    };
  }

  /**
   * The tokens, bigrams and lexicon words that pushed the score toward its sign, strongest first
   * (at most MAX_DRIVERS, none under 15% of the strongest): each feature's pull is
   * value × (W[bullish] − W[bearish]); the lexicon's pull goes to the lexicon's words.
   */
  private drivers(t: HeadlineTokens, f: ReturnType<typeof modelFeatures>, sign: number): string[] {
    if (sign === 0) return [];
    const W = this.weights.weights;
    const n = t.tokens.length;
    // Slots: 0..n-1 tokens, n..2n bigrams (slot n + s + 1 for the bigram starting at s ≥ −1), 2n+1 lexicon.
    const slots = 2 * n + 2;
    if (this.pull.length < slots) this.pull = new Float64Array(slots * 2);
    const pull = this.pull;
    pull.fill(0, 0, slots);
    for (let k = 0; k < f.size; k++) {
      const o = f.index[k] * 3;
      const v = f.value[k] * (W[o + POSITIVE] - W[o + NEGATIVE]) * sign;
      const s = f.source[k];
      pull[s === LEXICON_SOURCE ? 2 * n + 1 : f.bigram[k] ? n + s + 1 : s] += v;
    }
    // The bigrams with a start or end marker (slots n and 2n) name no pair of tokens: left out.
    pull[n] = 0;
    pull[2 * n] = 0;
    if (f.lexiconWords.length === 0) pull[2 * n + 1] = 0;
    const top: number[] = [];
    for (let slot = 0; slot < slots; slot++) {
      if (!(pull[slot] > 0)) continue;
      let at = top.length;
      while (at > 0 && pull[top[at - 1]] < pull[slot]) at--;
      if (at < MAX_DRIVERS * 2) top.splice(at, 0, slot);
      if (top.length > MAX_DRIVERS * 2) top.pop();
    }
    const names: string[] = [];
    const floor = top.length ? pull[top[0]] * 0.15 : 0;
    for (const slot of top) {
      if (names.length >= MAX_DRIVERS || pull[slot] < floor) break;
      const name =
        slot < n ? display(t.tokens[slot]) : slot === 2 * n + 1 ? f.lexiconWords.join(' + ') : `${display(t.tokens[slot - n - 1])} ${display(t.tokens[slot - n])}`;
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }
}

const display = (token: string) => (token.startsWith('not_') ? `not ${token.slice(4)}` : token);

/** The neutral score given to a line that cannot be scored, with its reason. */
export function neutral(reason: UnscorableReason): ModelHeadlineScore {
  return { score: 0, label: 'neutral', words: [], confidence: 1, probabilities: { negative: 0, positive: 0, neutral: 1 }, language: 'unknown', reason };
}

let defaultModel: FinanceSentimentModel | undefined;

/** The committed model, loaded once per process on first use (or by loadFinanceSentimentModel at start). */
export function financeSentimentModel(): FinanceSentimentModel {
  defaultModel ??= FinanceSentimentModel.load();
  return defaultModel;
}

/** Scores a headline with the committed model (see FinanceSentimentModel.score). */
export function scoreHeadline(text: string): ModelHeadlineScore {
  return financeSentimentModel().score(text);
}
