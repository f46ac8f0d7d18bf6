import { createHash } from 'node:crypto';
import type { ModelRegistry, WindowScore } from '@alphapulse/tracking';
import type { ObjectStore } from '@alphapulse/storage';
import { logLoss } from '../../evaluation/index.ts';
import { loadModel, type PreparedDataset, predictSplit } from '../../ml/index.ts';

/**
 * Names a validation window by what defines it (batch, time bounds, gap): two models' validation
 * scores are comparable exactly when their window ids are equal.
 */
export function validationWindowId(batchId: string, ds: PreparedDataset): string {
  const { start, end } = ds.boundaries.val;
  return createHash('sha256').update(JSON.stringify([batchId, start, end, ds.gapBars, ds.val.n])).digest('hex').slice(0, 16);
}

/** Flattens nested metric objects into `a.b.c` keys with finite numeric values, for run_metrics. */
export function flattenMetrics(value: unknown, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && prefix) out[prefix] = value;
  } else if (typeof value === 'boolean') {
    if (prefix) out[prefix] = value ? 1 : 0;
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenMetrics(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/**
 * The current champion re-scored on the candidate's validation window, so the two can be compared
 * on the same rows. Undefined when there is no champion, it is the candidate, or it was trained on
 * a different feature set (its inputs do not exist in this batch): then no honest comparison exists.
 */
export async function championOnWindow(
  registry: ModelRegistry,
  store: ObjectStore,
  ds: PreparedDataset,
  windowId: string,
  candidateVersionId: number,
): Promise<(WindowScore & { versionId: number }) | undefined> {
  const champion = await registry.champion();
  if (!champion || champion.id === candidateVersionId || champion.featureSetHash !== ds.featureSetHash) return undefined;
  if (champion.validationMetrics.windowId === windowId) return { ...champion.validationMetrics, versionId: champion.id };
  const prefix = champion.artifactPrefix.replace(/\/$/, '');
  const files: Record<string, Buffer> = {};
  for (const key of await store.list(`${prefix}/`)) files[key.slice(prefix.length + 1)] = await store.get(key);
  const model = await loadModel(files);
  try {
    const p = predictSplit(model, ds, ds.val);
    return { versionId: champion.id, windowId, logLoss: logLoss(ds.val.y, p), n: ds.val.n };
  } finally {
    model.dispose?.();
  }
}
