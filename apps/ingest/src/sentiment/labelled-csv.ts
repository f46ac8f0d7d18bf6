import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type Polarity = 'positive' | 'negative' | 'neutral';

export interface LabelledText {
  text: string;
  label: Polarity;
  /** 1-based line of the record in its file (where the record starts). */
  line: number;
}

/** A labelled file that cannot be read as `text,label`: names the file and line. */
export class LabelledCsvError extends Error {
  override name = 'LabelledCsvError';
}

/**
 * Label spellings accepted in a `text,label` file, case-insensitive: words (bearish/bullish/neutral,
 * negative/positive/neutral, neg/pos/neu), signs (-1/1/0) and the Twitter Financial News ids
 * (0 bearish, 1 bullish, 2 neutral). "0" is bearish there, so the two numeric schemes cannot be mixed:
 * a file with a "-1" label is read as signs, any other numeric file as Twitter Financial News ids.
 */
const WORDS: Record<string, Polarity> = {
  bearish: 'negative', negative: 'negative', neg: 'negative',
  bullish: 'positive', positive: 'positive', pos: 'positive',
  neutral: 'neutral', neu: 'neutral',
};
const TWITTER_IDS: Record<string, Polarity> = { '0': 'negative', '1': 'positive', '2': 'neutral' };
const SIGNS: Record<string, Polarity> = { '-1': 'negative', '1': 'positive', '0': 'neutral', '+1': 'positive' };

/** Gold score of a label: +1 positive, −1 negative, 0 neutral (for Pearson). */
export const goldScore = (label: Polarity) => (label === 'positive' ? 1 : label === 'negative' ? -1 : 0);

/**
 * Reads a labelled CSV: a header row with columns `text` and `label` (others ignored, any order),
 * quoted fields may span lines. Refuses a missing column, an empty text, an unknown label, or bytes
 * that are not UTF-8, with LabelledCsvError naming the line.
 */
export function readLabelledCsv(file: string): LabelledText[] {
  const bytes = readFileSync(file);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LabelledCsvError(`${file} line ${firstBadUtf8Line(bytes)}: not valid UTF-8`);
  }
  return parseLabelledCsv(content, file);
}

/** As readLabelledCsv, from the file's text (`name` is used in errors). */
export function parseLabelledCsv(content: string, name = 'input'): LabelledText[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content.replace(/^\uFEFF/, ""), { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    throw new LabelledCsvError(`${name}: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new LabelledCsvError(`${name}: empty file (expected a header text,label)`);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const textAt = header.indexOf('text');
  const labelAt = header.indexOf('label');
  if (textAt < 0 || labelAt < 0) throw new LabelledCsvError(`${name} line 1: header must name the columns text and label (got ${header.join(',')})`);
  const rows = records.slice(1);
  const signs = rows.some((r) => r.record[labelAt]?.trim() === '-1');
  const numeric = signs ? SIGNS : TWITTER_IDS;
  // csv-parse reports the line where a record ends; a record starts after the previous one ended.
  let previousEnd = records[0].info.lines;
  return rows.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    const raw = (record[labelAt] ?? '').trim().toLowerCase();
    const label = WORDS[raw] ?? numeric[raw];
    if (!label) throw new LabelledCsvError(`${name} line ${line}: unknown label ${JSON.stringify(record[labelAt] ?? '')} (use bearish/bullish/neutral, negative/positive/neutral, 0/1/2 or -1/0/1)`);
    const text = record[textAt] ?? '';
    if (text.trim() === '') throw new LabelledCsvError(`${name} line ${line}: empty text`);
    return { text, label, line };
  });
}

/** 1-based line of the first byte sequence that is not UTF-8. */
export function firstBadUtf8Line(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
