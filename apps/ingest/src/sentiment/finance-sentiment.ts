/// <reference path="./sentiment.d.ts" />
import { createRequire } from 'node:module';
import Sentiment from 'sentiment';
import { ADVERSATIVE, CONCESSIVE, CONTRAST_WEIGHT, FINANCE_PHRASES, FINANCE_WORDS, NEGATION_WINDOW, NEGATORS, NEUTRAL_IN_FINANCE } from './finance-lexicon.ts';

export interface HeadlineScore {
  /** In [-1, 1]; 0 = neutral (no sentiment-bearing word). */
  score: number;
  label: 'positive' | 'negative' | 'neutral';
  /** The words (or phrase tokens) that drove the score, signed after negation, e.g. "not beats-estimates". */
  words: string[];
}

const LANGUAGE = 'en-finance';
const require = createRequire(import.meta.url);
const englishLabels = require('sentiment/languages/en/labels.json') as Record<string, number>;

function buildLabels(): Record<string, number> {
  const labels: Record<string, number> = { ...englishLabels, ...FINANCE_WORDS };
  for (const [, token, score] of FINANCE_PHRASES) if (token !== 'not') labels[token] = score;
  for (const word of NEUTRAL_IN_FINANCE) delete labels[word];
  for (const [word, score] of Object.entries(labels)) if (score === 0) delete labels[word];
  return labels;
}

/** Clause breaks (the tokenizer keeps '|' tokens): plain, concessive ("despite"), adversative ("but"). */
const BREAK = '|';
const CONCESSIVE_BREAK = '|c';
const ADVERSATIVE_BREAK = '|b';
const isBreak = (t: string) => t.startsWith('|');
const alternation = (words: readonly string[]) => words.map((w) => w.replace(/ /g, '\\s+')).join('|');
const CONCESSIVE_RE = new RegExp(`(?:^|\\s)(?:${alternation(CONCESSIVE)})\\s`, 'g');
const ADVERSATIVE_RE = new RegExp(`(?:^|\\s)(?:${alternation(ADVERSATIVE)})\\s`, 'g');

/** The weight of the clause a token is in: halved after a concessive marker or before an adversative one. */
function clauseWeight(tokens: string[], cursor: number): number {
  for (let k = cursor - 1; k >= 0; k--) {
    if (isBreak(tokens[k])) {
      if (tokens[k] === CONCESSIVE_BREAK) return CONTRAST_WEIGHT;
      break;
    }
  }
  for (let k = cursor + 1; k < tokens.length; k++) {
    if (isBreak(tokens[k])) return tokens[k] === ADVERSATIVE_BREAK ? CONTRAST_WEIGHT : 1;
  }
  return 1;
}

/** True when a negator precedes the token within the window, in the same clause, with no other scored word between. */
function negatedAt(tokens: string[], cursor: number, labels: Record<string, number>): boolean {
  for (let k = 1; k <= NEGATION_WINDOW && cursor - k >= 0; k++) {
    const t = tokens[cursor - k];
    if (NEGATORS.has(t)) return true;
    if (isBreak(t) || labels[t] !== undefined) return false;
  }
  return false;
}

let analyzer: Sentiment | undefined;
/** The finance language is registered once per process (sentiment keeps languages globally). */
function financeAnalyzer(): Sentiment {
  if (!analyzer) {
    const labels = buildLabelsCache();
    analyzer = new Sentiment();
    analyzer.registerLanguage(LANGUAGE, {
      labels,
      scoringStrategy: {
        apply: (tokens, cursor, score) => (negatedAt(tokens, cursor, labels) ? -score : score) * clauseWeight(tokens, cursor),
      },
    });
  }
  return analyzer;
}

/**
 * For each FINANCE_PHRASES pattern (same order), substrings one of which any match contains: a
 * pattern whose anchors are all absent cannot match, so its replace is skipped (most headlines
 * contain few of them). finance-sentiment.test.ts checks the result is the same as without anchors.
 */
const PHRASE_ANCHORS: readonly (readonly string[])[] = [
  ['fail'], ['no longer'], ['warning'],
  ['guidance', 'outlook', 'forecast', 'target', 'view'], ['guidance', 'outlook', 'forecast'], ['guidance', 'outlook', 'forecast', 'view'], ['guidance', 'outlook', 'forecast'], ['guidance', 'outlook', 'forecast'],
  ['target'], ['target'], ['target'], ['target'],
  ['record'], ['record'], ['record'], ['high'], ['low'], ['short of'],
  ['estimates', 'expectations', 'forecasts', 'consensus', 'views', 'projections'], ['estimates', 'expectations', 'forecasts', 'consensus', 'views', 'projections'],
  ['estimates', 'expectations', 'forecasts', 'consensus', 'views', 'targets', 'goals'], ['in line with'],
  ['than'], ['than'], ['dividend'], ['dividend'], ['dividend', 'payout'], ['buyback', 'repurchase'], ['cuts'], ['jobs', 'workers', 'staff', 'positions'],
  ['rate'], ['cost'], ['short'], ['margin'], ['health'], ['downgrade'],
];
if (PHRASE_ANCHORS.length !== FINANCE_PHRASES.length) throw new Error('PHRASE_ANCHORS must follow FINANCE_PHRASES one to one');

/** Lowercases and rewrites the finance phrases and negation idioms into single tokens. */
export function normaliseHeadline(text: string, anchored = true): string {
  let s = ` ${text.toLowerCase().replace(/[’‘]/g, "'").replace(/[–—]/g, ' ')} `;
  for (let i = 0; i < FINANCE_PHRASES.length; i++) {
    if (anchored && !PHRASE_ANCHORS[i].some((a) => s.includes(a))) continue;
    s = s.replace(FINANCE_PHRASES[i][0], FINANCE_PHRASES[i][1]);
  }
  // Clause boundaries stop negation; the tokenizer keeps '|' as a token of its own.
  s = s.replace(CONCESSIVE_RE, ` ${CONCESSIVE_BREAK} `).replace(ADVERSATIVE_RE, ` ${ADVERSATIVE_BREAK} `);
  return s.replace(/[;:!?]|[.,](?=\s|$)|\s(?:as|while|after|amid|on)\s/g, ` ${BREAK} `).replace(/\s+/g, ' ').trim();
}

/** Maps a lexicon sum to [-1, 1]: one strong word (±3) is about ±0.6, several saturate toward ±1. */
const squash = (raw: number) => Math.tanh(raw / 4);

/**
 * Scores a financial headline in [-1, 1] with the finance-aware lexicon: AFINN-165 + finance words
 * and phrases, misleading AFINN words neutralised, negation over NEGATION_WINDOW tokens. It was the
 * scorer before the learned model and is now its baseline and one of its inputs. The label
 * is positive or negative when any scored word remains, neutral when the score is exactly 0.
 */
export function scoreHeadlineLexicon(text: string): HeadlineScore {
  const result = financeAnalyzer().analyze(normaliseHeadline(text), { language: LANGUAGE });
  const raw = result.score;
  const words: string[] = [];
  // sentiment walks tokens from the end; report them in reading order.
  for (const entry of [...result.calculation].reverse()) {
    const [word, value] = Object.entries(entry)[0];
    const base = buildLabelsCache()[word];
    words.push(base !== undefined && Math.sign(base) !== Math.sign(value) ? `not ${word}` : word);
  }
  const score = squash(raw);
  return { score, label: raw > 0 ? 'positive' : raw < 0 ? 'negative' : 'neutral', words };
}

let labelsCache: Record<string, number> | undefined;
const buildLabelsCache = () => (labelsCache ??= buildLabels());

let wordScores: Map<string, number> | undefined;
/** The lexicon's word table (AFINN-165 + finance words, misleading words removed), for the model's blend. */
export function financeWordScores(): ReadonlyMap<string, number> {
  wordScores ??= new Map(Object.entries(buildLabelsCache()));
  return wordScores;
}

let plain: Sentiment | undefined;
/** Plain AFINN-165 (the `sentiment` package's English), on the same [-1, 1] scale: the baseline. */
export function scoreHeadlineAfinn(text: string): HeadlineScore {
  plain ??= new Sentiment();
  const result = plain.analyze(text);
  return {
    score: squash(result.score),
    label: result.score > 0 ? 'positive' : result.score < 0 ? 'negative' : 'neutral',
    words: [...result.words].reverse(),
  };
}
