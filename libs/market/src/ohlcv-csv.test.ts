import { describe, expect, it } from 'vitest';
import { CsvFormatError, formatOhlcvCsv, parseOhlcvCsv } from './index.ts';

const good = `Date,Open,High,Low,Close,Adj Close,Volume
2024-01-03,10,11,9,10.5,10.4,1000
2024-01-02,9,10,8.5,9.5,9.4,900
`;

describe('parseOhlcvCsv', () => {
  it('reads Yahoo download format, case-insensitive, sorted by date', () => {
    const bars = parseOhlcvCsv(good);
    expect(bars.map((b) => b.ts.toISOString().slice(0, 10))).toEqual(['2024-01-02', '2024-01-03']);
    expect(bars[1]).toMatchObject({ open: 10, high: 11, low: 9, close: 10.5, adjClose: 10.4, volume: 1000 });
  });

  it('round-trips through formatOhlcvCsv', () => {
    expect(parseOhlcvCsv(formatOhlcvCsv(parseOhlcvCsv(good)))).toEqual(parseOhlcvCsv(good));
  });

  it.each([
    ['date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5\n', 2, /missing volume/],
    [
      'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,abc,2,0.5,1.5,10\n',
      3,
      /open "abc" is not a finite number/,
    ],
    ['date,open,high,low,close,volume\n2024-01-02,1,0.4,0.5,0.45,10\n', 2, /high 0.4 is below low 0.5/],
    ['date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,-1\n', 2, /volume -1 is negative/],
    [
      'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n',
      3,
      /duplicate date 2024-01-02 \(first on line 2\)/,
    ],
    ['date,open,high,low,close,volume\n2024-02-30,1,2,0.5,1.5,1\n', 2, /not YYYY-MM-DD/],
    ['date,open,high,low,close,volume\n2024-01-02,0,2,0.5,1.5,1\n', 2, /open 0 is not positive/],
    ['date,open,high,low,close,volume\n2024-01-02,NaN,2,0.5,1.5,1\n', 2, /not a finite number/],
    ['date,open,high,close,volume\n', 1, /header lacks column\(s\) low/],
  ])('refuses the whole file on a malformed row (%#)', (csv, line, reason) => {
    try {
      parseOhlcvCsv(csv);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvFormatError);
      expect((err as CsvFormatError).line).toBe(line);
      expect((err as Error).message).toMatch(reason);
    }
  });
});
