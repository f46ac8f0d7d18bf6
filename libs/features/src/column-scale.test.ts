import { describe, expect, it } from 'vitest';
import { isScaleFree, LEVEL_COLUMNS } from './column-scale.ts';
import { getFeatureSet } from './feature-sets.ts';

describe('column scale', () => {
  it('names only real columns, and leaves scale-free columns for every indicator family', () => {
    const columns = getFeatureSet('core').columns;
    for (const c of LEVEL_COLUMNS) expect(columns).toContain(c);
    const free = columns.filter(isScaleFree);
    for (const c of ['rsi_14', 'bb_pctb', 'bb_width', 'logret_1', 'close_sma_20', 'rv_20', 'vol_z_20', 'stoch_k', 'obv_flow_20', 'sent_mean']) {
      expect(free).toContain(c);
    }
  });
});
