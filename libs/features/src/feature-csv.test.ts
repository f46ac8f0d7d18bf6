import { describe, expect, it } from 'vitest';
import { type FeatureFrame, formatFeatureCsv, formatNumberInto, writeFeatureCsv } from './index.ts';
import { plainFeatureCsv } from './testing.ts';

const text = (v: number) => {
  const buf = Buffer.alloc(64);
  return buf.toString('latin1', 0, formatNumberInto(buf, 0, v));
};

function random(seed: number) {
  return () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
}

/** Doubles of every kind a feature column holds, and some it should not. */
function sampleValues(n: number, seed: number): number[] {
  const rnd = random(seed);
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const values = [
    0,
    -0,
    1,
    -1,
    0.1,
    0.5,
    1e-7,
    1e-6,
    1e-6 * (1 - 2 ** -53),
    123456789012345,
    1e15,
    999999999999999.9,
    2 ** 53,
    1e21,
    1.7976931348623157e308,
  ];
  values.push(
    5e-324,
    183.11072500000003,
    99.99999999999999,
    65.5409,
    0.1 + 0.2,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  );
  while (values.length < n) {
    const scale = 10 ** Math.floor(rnd() * 44 - 22);
    u32[0] = (rnd() * 2 ** 32) >>> 0;
    u32[1] = (rnd() * 2 ** 32) >>> 0;
    values.push(
      (rnd() - 0.3) * scale, // any magnitude, both signs
      Math.log(1 + rnd()) - 0.3, // log returns
      Math.round(rnd() * 1e6) / 1e4, // 4-decimal prices
      (100 * (rnd() + 1)) / (rnd() + 1), // ratios: 17 significant digits
      Math.round((rnd() - 0.5) * 1e12), // OBV-like integers
      2 ** Math.floor(rnd() * 120 - 60), // powers of two: their ulp below is half the one above
      Number.isFinite(f64[0]) ? f64[0] : rnd(), // random bit patterns
    );
  }
  return values;
}

describe('formatNumberInto', () => {
  it('prints exactly String(v): the shortest text that parses back to the same double', () => {
    const wrong = sampleValues(700_000, 3)
      .map((v) => [v, text(v), String(v)] as const)
      .filter(([, ours, plain]) => ours !== plain);
    expect(wrong).toEqual([]);
  });

  it('prints short forms for short numbers', () => {
    expect([0, 7, -12, 0.25, 12.5, 1e-5, 100.0001, 65.5409, 0.1 + 0.2, 1e-7, 1e21].map(text)).toEqual([
      '0',
      '7',
      '-12',
      '0.25',
      '12.5',
      '0.00001',
      '100.0001',
      '65.5409',
      '0.30000000000000004',
      '1e-7',
      '1e+21',
    ]);
  });
});

describe('writeFeatureCsv', () => {
  it('writes date[,symbol] and the columns, empty cells for NaN', () => {
    const frame: FeatureFrame = {
      ts: Float64Array.from([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3, 14, 30)]),
      availableAt: new Float64Array(2),
      columns: { a: Float64Array.from([Number.NaN, 1.5]), b: Float64Array.from([2, -0.125]) },
    };
    expect(formatFeatureCsv([{ symbol: 'X,Y', frame }], ['a', 'b'], { withSymbol: true })).toBe(
      'date,symbol,a,b\n2024-01-02,"X,Y",,2\n2024-01-03T14:30:00.000Z,"X,Y",1.5,-0.125\n',
    );
    expect(formatFeatureCsv([{ symbol: null, frame }], ['b'])).toBe('date,b\n2024-01-02,2\n2024-01-03T14:30:00.000Z,-0.125\n');
  });

  it('writes the same bytes as the plain toISOString/String writer, across chunks', () => {
    const rnd = random(11);
    const values = sampleValues(120_000, 5);
    // Empty cells in runs and alone, as in warm-up and gaps.
    for (let i = 0; i < values.length; i++) if (rnd() < 0.05 || i % 1000 < 30) values[i] = Number.NaN;
    const rows = 20_000;
    const columns = ['a', 'b', 'c', 'd', 'e', 'f'];
    const frame = (offset: number, firstDay: number, intraday: boolean): FeatureFrame => {
      const ts = new Float64Array(rows);
      // Consecutive days from `firstDay`, some of them stamped during the day (ms included).
      for (let t = 0; t < rows; t++)
        ts[t] = (firstDay + t) * 86_400_000 + (intraday && t % 3 === 0 ? Math.floor(rnd() * 86_400_000) : 0);
      return {
        ts,
        availableAt: new Float64Array(rows),
        columns: Object.fromEntries(
          columns.map((c, k) => [c, values.slice(offset + k * rows, offset + (k + 1) * rows) as unknown as Float64Array]),
        ),
      };
    };
    const parts = [
      { symbol: 'AAA', frame: frame(0, Date.UTC(1990, 0, 1) / 86_400_000, false) },
      // Years 0000-0054 and 9950-10004 (six-digit ISO years past 9999), intraday stamps too.
      { symbol: 'B,"Q"', frame: frame(0, -719_528 - 10, true) },
      { symbol: 'CCC', frame: frame(0, 2_932_896 - 10_000, true) },
    ];
    for (const p of parts) for (const c of columns) p.frame.columns[c] = Float64Array.from(p.frame.columns[c]);
    const chunks: number[] = [];
    const all: Buffer[] = [];
    writeFeatureCsv(
      (c) => {
        chunks.push(c.length);
        all.push(Buffer.from(c));
      },
      parts,
      columns,
      { withSymbol: true },
    );
    expect(chunks.length).toBeGreaterThan(1);
    const ours = Buffer.concat(all).toString('latin1');
    const plain = plainFeatureCsv(parts, columns, { withSymbol: true });
    if (ours !== plain) {
      const a = ours.split('\n');
      const b = plain.split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      expect(a[i]).toBe(b[i]);
    }
    expect(ours).toBe(plain);
  });
});
