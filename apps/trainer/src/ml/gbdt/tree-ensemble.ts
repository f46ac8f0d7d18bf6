import type { FeatureBins } from './binning.ts';
import type { FeatureValues } from './matrix.ts';
import type { TreeBuilder } from './tree-builder.ts';

/**
 * Trees in flat arrays, node indices absolute (tree t owns nodes treeStarts[t] .. treeStarts[t+1]-1,
 * its root first). A node with feature -1 is a leaf with weight `value`; otherwise a row goes to the
 * left child `left` when its value is < threshold, to the right child `left + 1` when it is
 * >= threshold, and the `defaultLeft` way when it is NaN.
 */
export interface TreeArrays {
  treeStarts: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  value: Float64Array;
  gain: Float64Array;
}

/** The trees of a fit, appended one at a time from the builder; thresholds become raw values. */
export class TreeEnsembleWriter {
  private readonly starts: number[] = [0];
  private nodes = 0;
  private arrays: Omit<TreeArrays, 'treeStarts'>;

  constructor(capacity = 1024) {
    this.arrays = allocate(capacity);
  }

  get treeCount(): number {
    return this.starts.length - 1;
  }

  /** Appends the builder's current tree; a split on value bin b of feature j gets threshold cuts[j][b]. */
  append(tree: TreeBuilder, layout: FeatureBins): void {
    const count = tree.nodeCount;
    if (this.nodes + count > this.arrays.feature.length) this.grow(Math.max(2 * this.arrays.feature.length, this.nodes + count));
    const a = this.arrays;
    const offset = this.nodes;
    for (let i = 0; i < count; i++) {
      const o = offset + i;
      const j = tree.feature[i];
      a.feature[o] = j;
      a.value[o] = tree.value[i];
      a.gain[o] = tree.gain[i];
      if (j < 0) {
        a.threshold[o] = 0;
        a.defaultLeft[o] = 0;
        a.left[o] = -1;
        continue;
      }
      const cuts = layout.cuts[j];
      const b = tree.splitBin[i];
      // The last value bin has no upper cut: "every value left, missing right".
      a.threshold[o] = b < cuts.length ? cuts[b] : Number.POSITIVE_INFINITY;
      a.defaultLeft[o] = tree.defaultLeft[i];
      a.left[o] = offset + tree.left[i];
    }
    this.nodes += count;
    this.starts.push(this.nodes);
  }

  /** The first `trees` trees, in arrays of exactly their size. */
  finish(trees: number): TreeArrays {
    const end = this.starts[trees];
    const a = this.arrays;
    return {
      treeStarts: Int32Array.from(this.starts.slice(0, trees + 1)),
      feature: a.feature.slice(0, end),
      threshold: a.threshold.slice(0, end),
      defaultLeft: a.defaultLeft.slice(0, end),
      left: a.left.slice(0, end),
      value: a.value.slice(0, end),
      gain: a.gain.slice(0, end),
    };
  }

  private grow(capacity: number): void {
    const next = allocate(capacity);
    for (const k of Object.keys(next) as Array<keyof typeof next>) next[k].set(this.arrays[k].subarray(0, this.nodes) as never);
    this.arrays = next;
  }
}

function allocate(capacity: number): Omit<TreeArrays, 'treeStarts'> {
  return {
    feature: new Int32Array(capacity),
    threshold: new Float64Array(capacity),
    defaultLeft: new Uint8Array(capacity),
    left: new Int32Array(capacity),
    value: new Float64Array(capacity),
    gain: new Float64Array(capacity),
  };
}

/** Rows routed through every tree before the next block: the block's values stay in cache across trees. */
const ROW_BLOCK = 64;
const DEFAULT_LEFT_BIT = 1 << 24;

/**
 * The trees packed for prediction: per node two int32 (feature | defaultLeft << 24, or -1 for a leaf;
 * left child) and one float64 (threshold, or the leaf weight), so a step reads two arrays, not five.
 */
export interface PackedTrees {
  treeStarts: Int32Array;
  meta: Int32Array;
  num: Float64Array;
}

export function packTrees(t: TreeArrays): PackedTrees {
  const nodes = t.feature.length;
  const meta = new Int32Array(2 * nodes);
  const num = new Float64Array(nodes);
  for (let i = 0; i < nodes; i++) {
    const leaf = t.feature[i] < 0;
    meta[2 * i] = leaf ? -1 : t.feature[i] | (t.defaultLeft[i] === 1 ? DEFAULT_LEFT_BIT : 0);
    meta[2 * i + 1] = t.left[i];
    num[i] = leaf ? t.value[i] : t.threshold[i];
  }
  return { treeStarts: t.treeStarts, meta, num };
}

/**
 * Margins of n rows of `x` (n × f, row-major): base + the leaf values of every tree, added in tree order
 * (the order the fit added them in, so validation margins during the fit are bit-identical to these).
 * The child step is branch-free (right = left + (v >= threshold or NaN going right)): a data-dependent
 * branch there mispredicts half the time, and this way predicting is ~1.4× faster.
 */
export function predictMargins(trees: PackedTrees, base: number, x: FeatureValues, n: number, f: number): Float64Array {
  const { treeStarts, meta, num } = trees;
  const count = treeStarts.length - 1;
  const out = new Float64Array(n).fill(base);
  for (let r0 = 0; r0 < n; r0 += ROW_BLOCK) {
    const r1 = Math.min(n, r0 + ROW_BLOCK);
    for (let t = 0; t < count; t++) {
      const root = treeStarts[t];
      for (let r = r0, row = r0 * f; r < r1; r++, row += f) {
        let node = root;
        let fm = meta[2 * node];
        while (fm >= 0) {
          const v = x[row + (fm & 0xffffff)];
          const nanRight = (fm >>> 24) ^ 1;
          const right = ((v >= num[node]) as unknown as number) | ((Number.isNaN(v) as unknown as number) & nanRight);
          node = meta[2 * node + 1] + right;
          fm = meta[2 * node];
        }
        out[r] += num[node];
      }
    }
  }
  return out;
}
