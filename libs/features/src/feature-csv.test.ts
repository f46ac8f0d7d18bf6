import { describe, expect, it } from 'vitest';
import { type FeatureFrame, formatFeatureCsv, formatNumberInto } from './index.ts';

const text = (v: number) => {
  const buf = Buffer.alloc(64);
  return buf.toString('latin1', 0, formatNumberInto(buf, 0, v));
};

describe('formatNumberInto', () => {
  it('prints numbers that parse back to exactly the same double', () => {
    let seed = 3;
    const rnd = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const samples = [0, -0, 1, -1, 0.1, 0.5, 1e-7, 123456789012345, 1e15, 2 ** 53, 1.7976931348623157e308, 5e-324, 183.11072500000003, 99.99999999999999];
    for (let i = 0; i < 200_000; i++) {
      const scale = 10 ** Math.floor(rnd() * 24 - 12);
      samples.push((rnd() - 0.3) * scale, Math.round(rnd() * 1e6) / 1e4, Math.log(1 + rnd()));
    }
    const wrong = samples.filter((v) => Number(text(v)) !== v);
    expect(wrong).toEqual([]);
  });

  it('prints short forms for short numbers', () => {
    expect([0, 7, -12, 0.25, 12.5, 1e-5, 100.0001, 0.1 + 0.2].map(text)).toEqual(['0', '7', '-12', '0.25', '12.5', '0.00001', '100.0001', '0.30000000000000004']);
  });
});

describe('formatFeatureCsv', () => {
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
});
