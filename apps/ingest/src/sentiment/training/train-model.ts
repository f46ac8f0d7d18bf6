import type { FeatureSpec } from '../feature-hashing.ts';
import { modelFeatures, weightRows } from '../finance-sentiment-model.ts';
import { financeWordScores } from '../finance-sentiment.ts';
import { type HeadlineTokens, tokenizeHeadline } from '../headline-tokens.ts';
import type { LabelledText } from '../labelled-csv.ts';
import type { BlendSpec } from '../model-artifact.ts';
import { mulberry32, shuffled } from '../seeded-random.ts';
import { type SentimentReport, sentimentReport } from '../sentiment-metrics.ts';
import { argmax3, CLASSES, logitsOf, NEGATIVE, POSITIVE, type SoftmaxWeights, softmax3 } from '../softmax-weights.ts';
import { fitTemperature, type TrainingRow, trainSoftmax } from './softmax-trainer.ts';

/** One alternative the trainer measures: features, blend and optimiser settings. */
export interface Candidate {
  name: string;
  features: FeatureSpec;
  blend: BlendSpec;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Scoring cost class: 1 word n-grams, 2 + the lexicon's word table, 3 + character n-grams. */
  cost: number;
  /** Why the candidate is measured but may not be chosen, if it may not. */
  ineligible?: string;
}

/** A headline prepared once (tokens, lexicon run lazily by modelFeatures) and its class. */
interface Prepared {
  text: string;
  tokens: HeadlineTokens;
  label: number;
}

export const prepare = (rows: readonly LabelledText[]): Prepared[] => rows.map((r) => ({ text: r.text, tokens: tokenizeHeadline(r.text), label: CLASSES.indexOf(r.label) }));

/** The training rows of a candidate: its features of each headline, and the class. */
function rowsFor(data: readonly Prepared[], c: Candidate): TrainingRow[] {
  const wordScores = financeWordScores();
  return data.map((d) => {
    const f = modelFeatures(d.text, d.tokens, c.features, c.blend.lexicon, c.blend.weight, wordScores);
    return { size: f.size, index: f.index.slice(0, f.size), value: f.value.slice(0, f.size), label: d.label };
  });
}

const fitRows = (rows: readonly TrainingRow[], c: Candidate, seed: number) =>
  trainSoftmax(rows, { rows: weightRows(c.features, c.blend.lexicon), epochs: c.epochs, learningRate: c.learningRate, l2: c.l2, seed });

/** Fits a candidate on all the given headlines. */
export function fitCandidate(data: readonly Prepared[], c: Candidate, seed: number): SoftmaxWeights {
  return fitRows(rowsFor(data, c), c, seed);
}

/** Score, label and confidence of a row under weights (the same rule as FinanceSentimentModel.score). */
export function predictRow(w: SoftmaxWeights, row: TrainingRow, temperature: number) {
  const p = softmax3(logitsOf(w, row.size, row.index, row.value, new Float64Array(3)), temperature);
  const k = argmax3(p);
  return { score: p[POSITIVE] - p[NEGATIVE], label: CLASSES[k], confidence: p[k] };
}

export interface CrossValidation {
  candidate: string;
  folds: number;
  /** Out-of-fold figures: every training row predicted by the model fitted without its fold. */
  report: SentimentReport;
  /** The selection criterion: mean of out-of-fold polarity accuracy and Pearson (the goals). */
  selection: number;
  /** Temperature fitted on the out-of-fold logits. */
  temperature: number;
}

/**
 * k-fold cross-validation on the training rows only: folds from one seeded shuffle, each fold
 * predicted by a model fitted on the others. The temperature is fitted on all out-of-fold rows, and
 * the report is taken at that temperature.
 */
export function crossValidate(data: readonly Prepared[], c: Candidate, folds: number, seed: number): CrossValidation {
  const order = shuffled(data.length, mulberry32(seed));
  const all = rowsFor(data, c);
  const heldRows: TrainingRow[] = [];
  const heldLogitModels: { w: SoftmaxWeights; row: TrainingRow; at: number }[] = [];
  for (let f = 0; f < folds; f++) {
    const lo = Math.floor((data.length * f) / folds);
    const hi = Math.floor((data.length * (f + 1)) / folds);
    const inFold = new Set(order.subarray(lo, hi));
    const w = fitRows(all.filter((_, i) => !inFold.has(i)), c, seed + f + 1);
    for (const i of inFold) {
      heldRows.push(all[i]);
      heldLogitModels.push({ w, row: all[i], at: i });
    }
  }
  // Out-of-fold logits as fixed one-hot rows of a 3-row "model", so one temperature fits them all.
  const logits = heldLogitModels.map(({ w, row }) => logitsOf(w, row.size, row.index, row.value, new Float64Array(3)));
  const identity: SoftmaxWeights = { rows: 3, weights: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), bias: new Float64Array(3), temperature: 1 };
  const asRows: TrainingRow[] = logits.map((z, i) => ({ size: 3, index: Int32Array.from([0, 1, 2]), value: Float32Array.from(z), label: heldRows[i].label }));
  const temperature = fitTemperature(identity, asRows);
  const gold = heldLogitModels.map(({ at }) => CLASSES[data[at].label]);
  const predicted = asRows.map((r) => predictRow(identity, r, temperature));
  const report = sentimentReport(gold, predicted);
  return { candidate: c.name, folds, report, selection: (report.polarityAccuracy + report.pearson) / 2, temperature };
}

/**
 * The vocabulary of the English check: words in at least two training headlines, plus the lexicon's
 * single words.
 */
export function buildVocabulary(data: readonly Prepared[]): string[] {
  const seen = new Map<string, number>();
  for (const d of data) for (const s of new Set(d.tokens.stems)) if (s.length >= 2) seen.set(s, (seen.get(s) ?? 0) + 1);
  const words = new Set([...seen].filter(([, n]) => n >= 2).map(([w]) => w));
  for (const w of financeWordScores().keys()) if (/^[a-z]+$/.test(w)) words.add(w);
  return [...words].sort();
}
