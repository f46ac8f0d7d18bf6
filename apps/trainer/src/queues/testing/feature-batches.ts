import type { Db } from '@alphapulse/db';
import { buildTargets, computeFeatures, encodeFeatureBatch, featureBatchKey, getFeatureSet } from '@alphapulse/features';
import type { Bar } from '@alphapulse/market';
import type { ObjectStore } from '@alphapulse/storage';
import { FeatureBatchRepository } from '@alphapulse/tracking';
import { closesFromReturns, syntheticReturns } from '../../ml/testing/synthetic-series.ts';

/** Test-only helpers: feature batches published exactly as the ingest tier publishes them. */

const DAY = 86_400_000;
export const TEST_FEATURE_SET = getFeatureSet('technical');

/** `n` weekday bars from `startMs` of an AR(1) series (phi, sigma), deterministic in `seed`. */
export function syntheticBars(opts: { seed: number; n: number; startMs: number; sigma?: number; phi?: number }): Bar[] {
  const sigma = opts.sigma ?? 0.01;
  const closes = closesFromReturns(syntheticReturns(opts.n + 1, { seed: opts.seed, sigma, phi: opts.phi ?? 0 }));
  const out: Bar[] = [];
  for (let i = 1, day = opts.startMs; out.length < opts.n; day += DAY) {
    const dow = new Date(day).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const c = closes[i];
    const o = closes[i - 1];
    out.push({ ts: new Date(day), open: o, high: Math.max(o, c) * (1 + sigma / 2), low: Math.min(o, c) * (1 - sigma / 2), close: c, volume: 1e6 * (1 + (i % 7) / 10) });
    i++;
  }
  return out;
}

/** Encodes, stores and records a batch of the `technical` feature set; resolves to its id. */
export async function publishBatch(db: Db, store: ObjectStore, parts: Record<string, Bar[]>): Promise<string> {
  const set = TEST_FEATURE_SET;
  const encoded = encodeFeatureBatch({
    featureSet: set,
    parts: Object.entries(parts).map(([symbol, b]) => ({ symbol, frame: computeFeatures(b, { set: set.name }), targets: buildTargets(b) })),
  });
  const objectKey = featureBatchKey(set.name, encoded.id);
  await store.put(objectKey, encoded.bytes);
  await new FeatureBatchRepository(db).record({
    id: encoded.id,
    featureSetHash: set.hash,
    featureSetName: set.name,
    featureSetDefinition: set.definition,
    featureSetVersion: set.version,
    symbols: encoded.symbols,
    startTs: encoded.startTs,
    endTs: encoded.endTs,
    rows: encoded.rows,
    contentHash: encoded.contentHash,
    objectKey,
    synthetic: true,
  });
  return encoded.id;
}
