import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type LabelledText, readLabelledCsv } from './labelled-csv.ts';

export interface LabelledHeadline extends LabelledText {
  /** In the third of headlines.csv that the lexicon was not tuned on (by hash of the text). */
  heldOut: boolean;
}

/** The project's own 340 headlines: a regression test of behaviours, not a source of figures. */
export const HEADLINES_CSV = fileURLToPath(new URL('../../../../data/sentiment/headlines.csv', import.meta.url));

/** The split is a pure function of the text, so it never changes as headlines are added. */
export const isHeldOut = (text: string) => createHash('sha256').update(text).digest()[0] % 3 === 0;

/** Reads data/sentiment/headlines.csv (`text,label`, label positive|negative|neutral). */
export function loadLabelledHeadlines(file = HEADLINES_CSV): LabelledHeadline[] {
  return readLabelledCsv(file).map((r) => ({ ...r, heldOut: isHeldOut(r.text) }));
}
