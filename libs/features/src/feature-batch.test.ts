import type { Bar } from '@alphapulse/market';
import { describe, expect, it } from 'vitest';
import {
  buildTargets,
  computeFeatures,
  decodeFeatureBatch,
  encodeFeatureBatch,
  FeatureBatchFormatError,
  FeatureBatchHashMismatchError,
  featureBatchKey,
  getFeatureSet,
} from './index.ts';
import { loadYahooBars } from './test-support/yahoo-fixture.ts';

function part(symbol: string, bars: Bar[]) {
  return { symbol, frame: computeFeatures(bars, { set: 'technical' }), targets: buildTargets(bars) };
}

describe('feature batches', () => {
  const featureSet = getFeatureSet('technical');
  const msft = part('MSFT', loadYahooBars('msft').bars);
  const nvda = part('NVDA', loadYahooBars('nvda').bars);
  const aapl = part('AAPL', loadYahooBars('aapl').bars);

  it('round-trips every value, rows sorted by ts then symbol', () => {
    const batch = encodeFeatureBatch({ featureSet, parts: [nvda, msft, aapl] });
    expect(batch.id).toMatch(/^[0-9a-f]{32}$/);
    expect(batch.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(batch.rows).toBe(252 + 252 + 49);
    expect(batch.symbols).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(batch.startTs.toISOString()).toBe('2020-08-31T13:30:00.000Z');
    expect(batch.endTs.getTime()).toBe(Math.max(msft.frame.ts.at(-1) as number, nvda.frame.ts.at(-1) as number));

    const d = decodeFeatureBatch(batch.bytes, batch.contentHash);
    expect(d.schema).toEqual({ featureSet: 'technical', featureSetHash: featureSet.hash, columns: featureSet.columns });
    expect(d.rows).toBe(batch.rows);
    for (let i = 1; i < d.rows; i++) expect(d.ts[i - 1] < d.ts[i] || (d.ts[i - 1] === d.ts[i] && d.symbol[i - 1] < d.symbol[i])).toBe(true);
    // Every row of every part is found back, bit for bit.
    const byKey = new Map(d.symbol.map((s, i) => [`${s}@${d.ts[i]}`, i]));
    for (const p of [msft, nvda, aapl]) {
      for (let t = 0; t < p.frame.ts.length; t++) {
        const i = byKey.get(`${p.symbol}@${p.frame.ts[t]}`) as number;
        expect(d.availableAt[i]).toBe(p.frame.availableAt[t]);
        for (const c of featureSet.columns) expect(Object.is(d.features[c][i], p.frame.columns[c][t])).toBe(true);
        expect(Object.is(d.targets.nextReturn[i], p.targets.nextReturn[t])).toBe(true);
        expect(Object.is(d.targets.direction[i], p.targets.direction[t])).toBe(true);
      }
    }
  });

  it('is deterministic: same inputs in any order give the same bytes, hash and id', () => {
    const a = encodeFeatureBatch({ featureSet, parts: [msft, nvda] });
    const b = encodeFeatureBatch({ featureSet, parts: [part('NVDA', loadYahooBars('nvda').bars), part('MSFT', loadYahooBars('msft').bars)] });
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.id).toBe(a.id);
    expect(b.contentHash).toBe(a.contentHash);
    expect(encodeFeatureBatch({ featureSet, parts: [msft] }).id).not.toBe(a.id);
  });

  it('refuses bytes whose hash does not match, and malformed bytes', () => {
    const batch = encodeFeatureBatch({ featureSet, parts: [aapl] });
    const tampered = Buffer.from(batch.bytes);
    tampered[tampered.length - 20] ^= 1;
    expect(() => decodeFeatureBatch(tampered, batch.contentHash)).toThrow(FeatureBatchHashMismatchError);
    expect(() => decodeFeatureBatch(batch.bytes, 'f'.repeat(64))).toThrow(FeatureBatchHashMismatchError);
    expect(() => decodeFeatureBatch(Buffer.from('not a batch'))).toThrow(FeatureBatchFormatError);
    expect(() => decodeFeatureBatch(batch.bytes.subarray(0, batch.bytes.length - 8))).toThrow(/header describes/);
    expect(decodeFeatureBatch(Buffer.concat([Buffer.alloc(3), batch.bytes]).subarray(3)).rows).toBe(49);
  });

  it('refuses empty batches, missing columns, ragged arrays and duplicate symbols', () => {
    expect(() => encodeFeatureBatch({ featureSet, parts: [] })).toThrow(/at least one row/);
    expect(() => encodeFeatureBatch({ featureSet: getFeatureSet('core'), parts: [aapl] })).toThrow(/AAPL: column sent_count is missing/);
    expect(() => encodeFeatureBatch({ featureSet, parts: [{ ...aapl, targets: { ...aapl.targets, direction: new Float64Array(3) } }] })).toThrow(/has 3 rows/);
    expect(() => encodeFeatureBatch({ featureSet, parts: [aapl, aapl] })).toThrow(/more than one part/);
  });

  it('keys batches as features/<set>/<id>.apfb', () => {
    expect(featureBatchKey('core', '0123456789abcdef0123456789abcdef')).toBe('features/core/0123456789abcdef0123456789abcdef.apfb');
    expect(() => featureBatchKey('../x', '0123456789abcdef0123456789abcdef')).toThrow(FeatureBatchFormatError);
    expect(() => featureBatchKey('core', 'xyz')).toThrow(FeatureBatchFormatError);
  });
});
