import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelledCsvError, parseLabelledCsv, readLabelledCsv } from './labelled-csv.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'labelled-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseLabelledCsv', () => {
  it('reads the label spellings: words, the Twitter Financial News ids, signs', () => {
    const words = parseLabelledCsv('text,label\na,Bullish\nb,bearish\nc,neutral\nd,positive\ne,NEGATIVE\n');
    expect(words.map((r) => r.label)).toEqual(['positive', 'negative', 'neutral', 'positive', 'negative']);
    // 0 bearish, 1 bullish, 2 neutral (the dataset's README).
    expect(parseLabelledCsv('text,label\na,0\nb,1\nc,2\n').map((r) => r.label)).toEqual(['negative', 'positive', 'neutral']);
    // A -1 anywhere makes the file signs: 0 is then neutral.
    expect(parseLabelledCsv('text,label\na,-1\nb,0\nc,1\n').map((r) => r.label)).toEqual(['negative', 'neutral', 'positive']);
  });

  it('takes the columns by name, in any order, and quoted texts over several lines with their starting line', () => {
    const rows = parseLabelledCsv('label,id,text\n1,x,"Line one\nline two, with comma"\n0,y,Plain\n');
    expect(rows).toEqual([
      { text: 'Line one\nline two, with comma', label: 'positive', line: 2 },
      { text: 'Plain', label: 'negative', line: 4 },
    ]);
  });

  it('refuses a bad header, an unknown label or an empty text, naming the line', () => {
    expect(() => parseLabelledCsv('headline,sentiment\na,1\n', 'f.csv')).toThrow(/f\.csv line 1: header must name the columns text and label/);
    expect(() => parseLabelledCsv('text,label\na,1\nb,maybe\n', 'f.csv')).toThrow(/f\.csv line 3: unknown label "maybe"/);
    expect(() => parseLabelledCsv('text,label\n" ",1\n', 'f.csv')).toThrow(/line 2: empty text/);
    expect(() => parseLabelledCsv('', 'f.csv')).toThrow(LabelledCsvError);
  });
});

describe('readLabelledCsv', () => {
  it('refuses bytes that are not UTF-8 with the line they are on', () => {
    const file = path.join(dir, 'latin1.csv');
    writeFileSync(file, Buffer.concat([Buffer.from('text,label\nfine,1\n'), Buffer.from([0x43, 0x61, 0x66, 0xe9]), Buffer.from(',2\n')]));
    expect(() => readLabelledCsv(file)).toThrow(/latin1\.csv line 3: not valid UTF-8/);
  });

  it('reads the shared training file: 9,543 rows, the README counts per label', () => {
    const rows = readLabelledCsv(path.join(import.meta.dirname, '../../../../data/sentiment/twitter-financial-news/twitter-financial-news-train.csv'));
    expect(rows).toHaveLength(9543);
    const count = (l: string) => rows.filter((r) => r.label === l).length;
    expect([count('negative'), count('positive'), count('neutral')]).toEqual([1442, 1923, 6178]);
  });
});
