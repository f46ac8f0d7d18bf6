import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HeadlineScore } from './finance-sentiment.ts';

export type Polarity = 'positive' | 'negative' | 'neutral';
export interface LabelledHeadline {
  text: string;
  label: Polarity;
  /** Held out: never looked at while the lexicon was tuned (a third of the set, by hash of the text). */
  heldOut: boolean;
}

export const HEADLINES_CSV = fileURLToPath(new URL('../../../../data/sentiment/headlines.csv', import.meta.url));

/** The split is a pure function of the text, so it never changes as headlines are added. */
export const isHeldOut = (text: string) => createHash('sha256').update(text).digest()[0] % 3 === 0;

function parseCsvLine(line: string, lineNo: number): [string, string] {
  const m = /^(?:"((?:[^"]|"")*)"|([^",]*)),([a-z]+)$/.exec(line);
  if (!m) throw new Error(`headlines.csv line ${lineNo}: expected text,label`);
  return [m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2], m[3]];
}

/** Reads data/sentiment/headlines.csv (`text,label`, label positive|negative|neutral). */
export function loadLabelledHeadlines(file = HEADLINES_CSV): LabelledHeadline[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0] !== 'text,label') throw new Error(`${file}: header must be text,label`);
  return lines.slice(1).map((line, i) => {
    const [text, label] = parseCsvLine(line, i + 2);
    if (label !== 'positive' && label !== 'negative' && label !== 'neutral') throw new Error(`${file} line ${i + 2}: label ${label}`);
    return { text, label, heldOut: isHeldOut(text) };
  });
}

export interface EvaluationReport {
  n: number;
  /** Share of headlines whose label (positive/negative/neutral) is right. */
  accuracy: number;
  /** Among polar headlines (positive or negative) that the scorer scored non-zero, share with the right sign. */
  polarityAccuracy: number;
  /** Share of polar headlines that got a non-zero score. */
  coverage: number;
  /** Share of neutral headlines scored exactly 0. */
  neutralPrecision: number;
}

/** Accuracy and coverage of a scorer on labelled headlines. */
export function evaluateScorer(scorer: (text: string) => HeadlineScore, items: readonly LabelledHeadline[]): EvaluationReport {
  let right = 0;
  let polar = 0;
  let covered = 0;
  let signRight = 0;
  let neutral = 0;
  let neutralZero = 0;
  for (const item of items) {
    const { label } = scorer(item.text);
    if (label === item.label) right++;
    if (item.label === 'neutral') {
      neutral++;
      if (label === 'neutral') neutralZero++;
    } else {
      polar++;
      if (label !== 'neutral') {
        covered++;
        if (label === item.label) signRight++;
      }
    }
  }
  return {
    n: items.length,
    accuracy: right / items.length,
    polarityAccuracy: covered ? signRight / covered : 0,
    coverage: polar ? covered / polar : 0,
    neutralPrecision: neutral ? neutralZero / neutral : 0,
  };
}
