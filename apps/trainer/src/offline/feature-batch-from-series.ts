import { buildTargetsFromSeries, computeFeaturesFromSeries, getFeatureSet, type OhlcvSeries } from '@alphapulse/features';
import type { DecodedFeatureBatch } from '../ml/types.ts';

/**
 * The in-memory equivalent of a decoded feature batch for offline use: features of the named set and
 * targets per symbol, pooled, rows ordered by time then symbol (as the batch file orders them).
 */
export function featureBatchFromSeries(
  parts: readonly { symbol: string; series: OhlcvSeries }[],
  featureSetName = 'technical',
): DecodedFeatureBatch {
  const featureSet = getFeatureSet(featureSetName);
  const computed = parts.map((p) => ({
    symbol: p.symbol,
    frame: computeFeaturesFromSeries(p.series, { set: featureSet.name }),
    targets: buildTargetsFromSeries(p.series),
  }));
  const refs: { part: number; row: number; ts: number }[] = [];
  computed.forEach((c, part) => {
    for (let row = 0; row < c.frame.ts.length; row++) refs.push({ part, row, ts: c.frame.ts[row] });
  });
  refs.sort((a, b) => a.ts - b.ts || (computed[a.part].symbol < computed[b.part].symbol ? -1 : 1));
  const n = refs.length;
  const pick = (get: (c: (typeof computed)[number]) => Float64Array) =>
    Float64Array.from(refs, (r) => get(computed[r.part])[r.row]);
  return {
    schema: { featureSet: featureSet.name, featureSetHash: featureSet.hash, columns: [...featureSet.columns] },
    rows: n,
    symbol: refs.map((r) => computed[r.part].symbol),
    ts: pick((c) => c.frame.ts),
    availableAt: pick((c) => c.frame.availableAt),
    features: Object.fromEntries(featureSet.columns.map((col) => [col, pick((c) => c.frame.columns[col])])),
    targets: { nextReturn: pick((c) => c.targets.nextReturn), direction: pick((c) => c.targets.direction) },
  };
}
