import { createHash } from 'node:crypto';
import type { PreparedDataset } from '../../ml/index.ts';

/**
 * Names the test window by what defines it (batch, time bounds, gap, rows): two decisions compared
 * the same rows exactly when their window ids are equal.
 */
export function testWindowId(batchId: string, ds: PreparedDataset): string {
  const { start, end } = ds.boundaries.test;
  return createHash('sha256').update(JSON.stringify([batchId, start, end, ds.gapBars, ds.test.n])).digest('hex').slice(0, 16);
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
