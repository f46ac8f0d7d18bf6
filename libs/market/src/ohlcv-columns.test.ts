import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseNumber, parseOhlcvColumns, parseOhlcvCsv } from './index.ts';

function columnsAsBars(text: string | Buffer) {
  const { series } = parseOhlcvColumns(text);
  expect(series.length).toBe(1);
  const s = series[0];
  return [...s.ts].map((ts, i) => ({
    ts: new Date(ts),
    open: s.open[i],
    high: s.high[i],
    low: s.low[i],
    close: s.close[i],
    volume: s.volume[i],
    adjClose: s.adjClose ? s.adjClose[i] : null,
  }));
}

function failure(fn: () => unknown): { line: number; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CsvFormatError);
    return { line: (err as CsvFormatError).line, message: (err as Error).message };
  }
  throw new Error('expected a CsvFormatError');
}

describe('parseOhlcvColumns', () => {
  it('reads Yahoo format, BOM, CRLF, quotes, spaces, timestamps, unsorted rows: bytes and text alike', () => {
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const bar = (
      ts: Date,
      open: number,
      high: number,
      low: number,
      close: number,
      volume: number,
      adjClose: number | null = null,
    ) => ({ ts, open, high, low, close, volume, adjClose });
    const files: [string, ReturnType<typeof bar>[]][] = [
      [
        'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-03,10,11,9,10.5,10.4,1000\n2024-01-02,9,10,8.5,9.5,9.4,900\n',
        [bar(day('2024-01-02'), 9, 10, 8.5, 9.5, 900, 9.4), bar(day('2024-01-03'), 10, 11, 9, 10.5, 1000, 10.4)],
      ],
      [
        '\ufeffdate,open,high,low,close,volume\r\n2024-01-02,1.25,2.5,0.5,1.5,10\r\n2024-01-03,1.5,2,1,1.75,1e3\r\n',
        [bar(day('2024-01-02'), 1.25, 2.5, 0.5, 1.5, 10), bar(day('2024-01-03'), 1.5, 2, 1, 1.75, 1000)],
      ],
      [
        'date,open,high,low,close,volume\n"2024-01-02","1.25",2.5,0.5,1.5,10\n2024-01-03, 1.5 ,2,1,1.75,"12"\n',
        [bar(day('2024-01-02'), 1.25, 2.5, 0.5, 1.5, 10), bar(day('2024-01-03'), 1.5, 2, 1, 1.75, 12)],
      ],
      [
        'timestamp,open,high,low,close,volume\n2024-01-02 14:30Z,1,2,0.5,1.5,10\n0099-01-03,1,2,0.5,1.5,10\n',
        [bar(new Date('0099-01-03T00:00:00Z'), 1, 2, 0.5, 1.5, 10), bar(new Date('2024-01-02T14:30:00Z'), 1, 2, 0.5, 1.5, 10)],
      ],
    ];
    for (const [text, expected] of files) {
      expect(columnsAsBars(text)).toEqual(expected);
      expect(columnsAsBars(Buffer.from(text))).toEqual(expected);
      expect(parseOhlcvCsv(text)).toEqual(expected);
    }
  });

  it('parses numbers exactly like Number() on random decimals', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(rnd() * 17);
      const s = (rnd() * 10 ** Math.floor(rnd() * 8)).toFixed(Math.floor(rnd() * digits));
      expect(parseNumber(s)).toBe(Number(s));
      const long = String(rnd() * 1000);
      expect(parseNumber(long)).toBe(Number(long));
      expect(parseNumber(`-${s}`)).toBe(-Number(s));
    }
  });

  it('reads bytes exactly like text on a large file with unusual rows mixed in', () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const lines = ['Date,Symbol,Open,High,Low,Close,Adj Close,Volume'];
    for (let i = 0; i < 3000; i++) {
      const symbol = ['AAA', 'BB', ' CC ', 'AAA'][Math.floor(rnd() * 4)];
      const day = new Date(Date.UTC(2000, 0, 1) + (symbol === 'BB' && rnd() < 0.2 ? -1 - i : i) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const low = Math.round((1 + rnd() * 100) * 1e4) / 1e4;
      const high = Math.round(low * (1 + rnd() / 10) * 1e4) / 1e4;
      const fmt = (v: number) => (rnd() < 0.05 ? v.toExponential() : rnd() < 0.05 ? ` ${v} ` : String(v));
      lines.push([day, symbol, fmt(low), fmt(high), fmt(low), fmt(high), fmt(high), Math.round(rnd() * 1e6)].join(','));
    }
    const text = `${lines.join(rnd() < 0.5 ? '\n' : '\r\n')}\n`;
    const fromBytes = parseOhlcvColumns(Buffer.from(text));
    const fromText = parseOhlcvColumns(text);
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes.series.map((s) => s.symbol)).toEqual(
      ['AAA', 'BB', 'CC']
        .filter((x) => fromText.series.some((s) => s.symbol === x))
        .sort((a, b) => fromText.series.findIndex((s) => s.symbol === a) - fromText.series.findIndex((s) => s.symbol === b)),
    );
    expect(fromBytes.series.reduce((n, s) => n + s.ts.length, 0)).toBe(3000);
  });

  it('groups rows by symbol, each sorted, dates unique per symbol only', () => {
    const text =
      'date,symbol,open,high,low,close,volume\n2024-01-03,B,2,2,2,2,1\n2024-01-02,A,1,1,1,1,1\n2024-01-02,B,3,3,3,3,1\n2024-01-03,A,4,4,4,4,1\n';
    const { hasSymbol, series } = parseOhlcvColumns(text);
    expect(hasSymbol).toBe(true);
    expect(series.map((s) => s.symbol)).toEqual(['B', 'A']);
    expect([...series[0].close]).toEqual([3, 2]);
    expect([...series[0].line]).toEqual([4, 2]);
    expect([...series[1].close]).toEqual([1, 4]);
    expect(parseOhlcvColumns(Buffer.from(text))).toEqual(parseOhlcvColumns(text));
    for (const input of [`${text}2024-01-02,A,1,1,1,1,1\n`, Buffer.from(`${text}2024-01-02,A,1,1,1,1,1\n`)]) {
      expect(failure(() => parseOhlcvColumns(input))).toEqual({
        line: 6,
        message: 'line 6: duplicate date 2024-01-02 (first on line 3)',
      });
    }
  });

  it.each([
    ['date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5\n', 2, 'missing volume'],
    [
      'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,abc,2,0.5,1.5,10\n',
      3,
      'open "abc" is not a finite number',
    ],
    ['date,open,high,low,close,volume\n2024-01-02,1,0.4,0.5,0.45,10\n', 2, 'high 0.4 is below low 0.5'],
    ['date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,-1\n', 2, 'volume -1 is negative'],
    [
      'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n',
      3,
      'duplicate date 2024-01-02 (first on line 2)',
    ],
    [
      'date,open,high,low,close,volume\n2024-01-03,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n',
      4,
      'duplicate date 2024-01-03 (first on line 2)',
    ],
    ['date,open,high,low,close,volume\n2024-02-30,1,2,0.5,1.5,1\n', 2, 'date "2024-02-30" is not YYYY-MM-DD'],
    ['date,open,high,low,close,volume\n2023-02-29,1,2,0.5,1.5,1\n', 2, 'date "2023-02-29" is not YYYY-MM-DD'],
    ['date,open,high,low,close,volume\n2024-01-02,0,2,0.5,1.5,1\n', 2, 'open 0 is not positive'],
    ['date,open,high,low,close,volume\n2024-01-02,NaN,2,0.5,1.5,1\n', 2, 'open "NaN" is not a finite number'],
    ['date,open,high,low,close,volume\n2024-01-02,Infinity,2,0.5,1.5,1\n', 2, 'open "Infinity" is not a finite number'],
    ['date,open,high,low,close,volume\n2024-01-02,1,2,0.5,3,1\n', 2, 'open/close outside the high-low range'],
    ['date,open,high,close,volume\n', 1, 'header lacks column(s) low'],
    ['', 1, 'empty file: expected a header date,open,high,low,close,volume'],
  ] as const)('refuses malformed input naming its line and reason (%#)', (text, line, reason) => {
    const expected = { line, message: `line ${line}: ${reason}` };
    expect(failure(() => parseOhlcvColumns(text))).toEqual(expected);
    expect(failure(() => parseOhlcvColumns(Buffer.from(text)))).toEqual(expected);
    expect(failure(() => parseOhlcvCsv(text))).toEqual(expected);
  });

  it('counts blank lines in line numbers, on every path (bytes, text, quoted)', () => {
    const plain = 'date,open,high,low,close,volume\n\n2024-01-02,1,2,0.5,1.5,1\n\n\r\n2024-01-03,1,2,0.5,x,1\n';
    const quoted = 'date,open,high,low,close,volume\n\n"2024-01-02",1,2,0.5,1.5,1\n\n\n2024-01-03,1,2,0.5,x,1\n';
    for (const input of [plain, Buffer.from(plain), quoted, Buffer.from(quoted)]) {
      expect(failure(() => parseOhlcvColumns(input))).toEqual({ line: 6, message: 'line 6: close "x" is not a finite number' });
    }
    expect(
      failure(() => parseOhlcvCsv('\n\ndate,open,high,low,close,volume\n\n2024-01-02,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n')),
    ).toEqual({
      line: 6,
      message: 'line 6: duplicate date 2024-01-02 (first on line 5)',
    });
    expect([...parseOhlcvColumns(Buffer.from(plain.replace(',x,', ',1.5,'))).series[0].line]).toEqual([3, 6]);
  });

  it('refuses a day given both as a date and as a timestamp, naming both lines, in either order', () => {
    const head = 'date,open,high,low,close,volume\n';
    const cases: [string, number, string][] = [
      [
        `${head}2024-01-02,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n2024-01-02T21:00:00Z,1,2,0.5,1.5,1\n`,
        4,
        '"2024-01-02T21:00:00Z" falls on the same day as a date on line 2: a daily file has one row per day (lines 2 and 4)',
      ],
      [
        `${head}2024-01-02 15:30,1,2,0.5,1.5,1\n\n2024-01-02,1,2,0.5,1.5,1\n`,
        4,
        '"2024-01-02" falls on the same day as a timestamp on line 2: a daily file has one row per day (lines 2 and 4)',
      ],
      [
        `${head}2024-01-01,1,2,0.5,1.5,1\n2024-01-03T10:00,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n`,
        5,
        '"2024-01-03" falls on the same day as a timestamp on line 3: a daily file has one row per day (lines 3 and 5)',
      ],
    ];
    for (const [text, line, reason] of cases) {
      for (const input of [text, Buffer.from(text)])
        expect(failure(() => parseOhlcvColumns(input))).toEqual({ line, message: `line ${line}: ${reason}` });
    }
    // Per symbol: the same day may be a date for one symbol and a timestamp for another.
    const bySymbol = 'date,symbol,open,high,low,close,volume\n2024-01-02,A,1,2,0.5,1.5,1\n2024-01-02T21:00Z,B,1,2,0.5,1.5,1\n';
    expect(parseOhlcvColumns(bySymbol).series).toHaveLength(2);
    // Timestamps on distinct days, or dates only, are fine.
    expect(parseOhlcvColumns(`${head}2024-01-02T21:00Z,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n`).series[0].ts).toHaveLength(2);
  });

  it('refuses a file with a header and no rows', () => {
    for (const text of [
      'date,open,high,low,close,volume\n',
      'date,open,high,low,close,volume\n\n\r\n',
      '\ndate,open,high,low,close,volume',
    ]) {
      const line = text.startsWith('\n') ? 2 : 1;
      for (const input of [text, Buffer.from(text)])
        expect(failure(() => parseOhlcvColumns(input))).toEqual({ line, message: `line ${line}: no rows after the header` });
      expect(failure(() => parseOhlcvCsv(text))).toEqual({ line, message: `line ${line}: no rows after the header` });
    }
  });

  it('parseOhlcvCsv refuses a file of several symbols', () => {
    const text = 'date,symbol,open,high,low,close,volume\n2024-01-02,A,1,2,0.5,1.5,1\n2024-01-02,B,1,2,0.5,1.5,1\n';
    expect(() => parseOhlcvCsv(text)).toThrow('the file holds 2 symbols (A, B): import one symbol per file');
    expect(parseOhlcvCsv(text.split('\n').slice(0, 2).join('\n'))).toHaveLength(1);
  });
});
