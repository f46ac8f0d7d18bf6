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
  it('reads the same bars as parseOhlcvCsv: Yahoo format, BOM, CRLF, quotes, unsorted', () => {
    const files = [
      'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-03,10,11,9,10.5,10.4,1000\n2024-01-02,9,10,8.5,9.5,9.4,900\n',
      '\ufeffdate,open,high,low,close,volume\r\n2024-01-02,1.25,2.5,0.5,1.5,10\r\n2024-01-03,1.5,2,1,1.75,1e3\r\n',
      'date,open,high,low,close,volume\n"2024-01-02","1.25",2.5,0.5,1.5,10\n2024-01-03, 1.5 ,2,1,1.75,"12"\n',
      'timestamp,open,high,low,close,volume\n2024-01-02 14:30,1,2,0.5,1.5,10\n0099-01-03,1,2,0.5,1.5,10\n',
    ];
    for (const text of files) {
      expect(columnsAsBars(text)).toEqual(parseOhlcvCsv(text));
      expect(columnsAsBars(Buffer.from(text))).toEqual(parseOhlcvCsv(text));
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
      const day = new Date(Date.UTC(2000, 0, 1) + (symbol === 'BB' && rnd() < 0.2 ? -1 - i : i) * 86_400_000).toISOString().slice(0, 10);
      const low = Math.round((1 + rnd() * 100) * 1e4) / 1e4;
      const high = Math.round(low * (1 + rnd() / 10) * 1e4) / 1e4;
      const fmt = (v: number) => (rnd() < 0.05 ? v.toExponential() : rnd() < 0.05 ? ` ${v} ` : String(v));
      lines.push([day, symbol, fmt(low), fmt(high), fmt(low), fmt(high), fmt(high), Math.round(rnd() * 1e6)].join(','));
    }
    const text = `${lines.join(rnd() < 0.5 ? '\n' : '\r\n')}\n`;
    const fromBytes = parseOhlcvColumns(Buffer.from(text));
    const fromText = parseOhlcvColumns(text);
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes.series.map((s) => s.symbol)).toEqual(['AAA', 'BB', 'CC'].filter((x) => fromText.series.some((s) => s.symbol === x)).sort((a, b) => fromText.series.findIndex((s) => s.symbol === a) - fromText.series.findIndex((s) => s.symbol === b)));
    expect(fromBytes.series.reduce((n, s) => n + s.ts.length, 0)).toBe(3000);
  });

  it('groups rows by symbol, each sorted, dates unique per symbol only', () => {
    const text = 'date,symbol,open,high,low,close,volume\n2024-01-03,B,2,2,2,2,1\n2024-01-02,A,1,1,1,1,1\n2024-01-02,B,3,3,3,3,1\n2024-01-03,A,4,4,4,4,1\n';
    const { hasSymbol, series } = parseOhlcvColumns(text);
    expect(hasSymbol).toBe(true);
    expect(series.map((s) => s.symbol)).toEqual(['B', 'A']);
    expect([...series[0].close]).toEqual([3, 2]);
    expect([...series[0].line]).toEqual([4, 2]);
    expect([...series[1].close]).toEqual([1, 4]);
    expect(parseOhlcvColumns(Buffer.from(text))).toEqual(parseOhlcvColumns(text));
    for (const input of [`${text}2024-01-02,A,1,1,1,1,1\n`, Buffer.from(`${text}2024-01-02,A,1,1,1,1,1\n`)]) {
      expect(failure(() => parseOhlcvColumns(input))).toEqual({ line: 6, message: 'line 6: duplicate date 2024-01-02 (first on line 3)' });
    }
  });

  it.each([
    'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5\n',
    'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,abc,2,0.5,1.5,10\n',
    'date,open,high,low,close,volume\n2024-01-02,1,0.4,0.5,0.45,10\n',
    'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,-1\n',
    'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2024-01-03,1,2,0.5,1.5,1\n2024-01-02,1,2,0.5,1.5,1\n2024-01-03,1,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2024-02-30,1,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2023-02-29,1,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2024-01-02,0,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2024-01-02,NaN,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2024-01-02,Infinity,2,0.5,1.5,1\n',
    'date,open,high,low,close,volume\n2024-01-02,1,2,0.5,3,1\n',
    'date,open,high,close,volume\n',
    '',
  ])('refuses malformed input with parseOhlcvCsv\'s line and reason (%#)', (text) => {
    expect(failure(() => parseOhlcvColumns(text))).toEqual(failure(() => parseOhlcvCsv(text)));
    expect(failure(() => parseOhlcvColumns(Buffer.from(text)))).toEqual(failure(() => parseOhlcvCsv(text)));
  });
});
