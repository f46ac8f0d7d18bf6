import { describe, expect, it } from 'vitest';
import { getFeatureSet, hashDefinition, listFeatureSets, UnknownFeatureSetError } from './index.ts';

describe('feature sets', () => {
  it('core has every feature incl. sentiment, technical the same without sentiment', () => {
    const core = getFeatureSet('core');
    const technical = getFeatureSet('technical');
    expect(core.columns).toEqual([
      'sma_20', 'ema_12', 'rsi_14', 'macd', 'macd_signal', 'macd_hist', 'bb_lower', 'bb_middle', 'bb_upper', 'bb_pctb', 'bb_width',
      'atr_14', 'logret_1', 'logret_5', 'logret_10', 'logret_20', 'close_sma_10', 'close_sma_20', 'close_sma_50', 'rv_20', 'vol_z_20',
      'stoch_k', 'stoch_d', 'obv', 'obv_flow_20', 'dow', 'sent_count', 'sent_mean', 'sent_pos', 'sent_neg',
    ]);
    expect(technical.columns).toEqual(core.columns.filter((c) => !c.startsWith('sent_')));
    expect(listFeatureSets()).toEqual(['core', 'technical']);
  });

  it('hashes the canonical definition: stable, and any change of a definition changes it', () => {
    const core = getFeatureSet('core');
    expect(core.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashDefinition(structuredClone(core.definition))).toBe(core.hash);
    // Key order does not matter; values do.
    const reordered = { version: core.definition.version, indicators: core.definition.indicators, name: core.definition.name };
    expect(hashDefinition(reordered)).toBe(core.hash);
    const params = structuredClone(core.definition);
    params.indicators[0].params.period = 21;
    expect(hashDefinition(params)).not.toBe(core.hash);
    const code = structuredClone(core.definition);
    code.indicators[2].codeVersion += 1;
    expect(hashDefinition(code)).not.toBe(core.hash);
    expect(getFeatureSet('technical').hash).not.toBe(core.hash);
  });

  it('core is at v2 with the model-scored sentiment (daily_sentiment code v2, polar threshold 1/3)', () => {
    const core = getFeatureSet('core');
    expect(core.version).toBe(2);
    const sentiment = core.definition.indicators.find((d) => d.indicator === 'daily_sentiment');
    expect(sentiment).toMatchObject({ codeVersion: 2, params: { polarThreshold: 1 / 3 } });
  });

  it('refuses an unknown set, listing the known ones', () => {
    expect(() => getFeatureSet('nope')).toThrow(UnknownFeatureSetError);
    expect(() => getFeatureSet('nope')).toThrow(/known sets: core, technical/);
    expect(() => getFeatureSet('toString')).toThrow(UnknownFeatureSetError);
  });
});
