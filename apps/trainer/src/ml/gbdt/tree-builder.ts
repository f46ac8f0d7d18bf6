import type { FeatureBins, SlotMatrix } from './binning.ts';
import { leafWeight, nodeScore } from './split-gain.ts';

/** A split must reduce the loss by more than this (XGBoost's kRtEps), whatever `gamma` is. */
export const MIN_SPLIT_GAIN = 1e-6;

/** What shapes one tree. */
export interface TreeGrowthParams {
  maxDepth: number;
  minChildWeight: number;
  lambda: number;
  gamma: number;
  learningRate: number;
}

/** The binned training matrix the trees are grown on. */
export interface BinnedRows {
  /** n × f histogram slots, row-major (slotMatrix). */
  slots: SlotMatrix;
  /** n × f bin codes, column-major (codeColumns). */
  columns: Uint16Array;
  n: number;
  f: number;
  layout: FeatureBins;
}

/**
 * Grows one regression tree at a time on gradient/hessian histograms, depth-wise to `maxDepth`.
 *
 * Per level: the best split of every open node is searched over the tree's features (both default
 * directions for a feature with missing values in the node); split nodes partition their row range
 * (stably) into two children; the smaller child's histogram is built from its rows and the larger one's
 * is the parent's minus it, in the parent's buffer. Nodes of the last level never get a histogram.
 *
 * The result lives in the node arrays (root 0, children after their parent) until the next `grow`; the
 * row range [start, end) of a leaf in `rows` lists the sampled rows that landed in it.
 */
export class TreeBuilder {
  readonly feature: Int32Array;
  /** Value bin b of a split: codes <= b go left, the missing code goes the default way. */
  readonly splitBin: Int32Array;
  /** The same as a histogram slot: offsets[feature] + b. */
  readonly splitSlot: Int32Array;
  readonly defaultLeft: Uint8Array;
  /** Left child; the right child is always left + 1. */
  readonly left: Int32Array;
  /** Leaf weight after shrinkage (0 for internal nodes). */
  readonly value: Float64Array;
  /** Split gain (0 for leaves). */
  readonly gain: Float64Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Rows of the tree's sample, grouped by node; filled by the caller before `grow`. */
  readonly rows: Uint32Array;
  nodeCount = 0;

  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  private readonly tmp: Uint32Array;
  private readonly hists: Array<Float64Array | null>;
  private readonly pool: Float64Array[] = [];
  private readonly minHess: number;
  /** Per feature, the slot of its missing code. */
  private readonly missingSlot: Int32Array;
  private features: Int32Array = new Int32Array(0);
  private bestFeature = -1;
  private bestBin = 0;
  private bestDefaultLeft = 0;
  private bestGain = 0;
  private bestGL = 0;
  private bestHL = 0;

  constructor(
    private readonly data: BinnedRows,
    private readonly params: TreeGrowthParams,
  ) {
    const capacity = 2 ** (params.maxDepth + 1) - 1;
    this.feature = new Int32Array(capacity);
    this.splitBin = new Int32Array(capacity);
    this.splitSlot = new Int32Array(capacity);
    this.defaultLeft = new Uint8Array(capacity);
    this.left = new Int32Array(capacity);
    this.value = new Float64Array(capacity);
    this.gain = new Float64Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.sumG = new Float64Array(capacity);
    this.sumH = new Float64Array(capacity);
    this.hists = new Array(capacity).fill(null);
    this.rows = new Uint32Array(data.n);
    this.tmp = new Uint32Array(data.n);
    // min_child_weight 0 still needs a non-empty child.
    this.minHess = params.minChildWeight > 0 ? params.minChildWeight : Number.MIN_VALUE;
    const { offsets, valueBins } = data.layout;
    this.missingSlot = Int32Array.from(valueBins, (nb, j) => offsets[j] + nb);
  }

  /**
   * Grows a tree on rows[0..m) (the caller fills `rows`, ascending) with the given gradients and
   * hessians, over `features` (ascending feature indices). `pause` is awaited after every level.
   */
  async grow(
    m: number,
    grad: Float64Array,
    hess: Float64Array,
    features: Int32Array,
    pause: () => Promise<void> | undefined,
  ): Promise<void> {
    const { maxDepth } = this.params;
    this.features = features;
    this.nodeCount = 1;
    this.start[0] = 0;
    this.end[0] = m;
    let g = 0;
    let h = 0;
    const rows = this.rows;
    for (let i = 0; i < m; i++) {
      g += grad[rows[i]];
      h += hess[rows[i]];
    }
    this.sumG[0] = g;
    this.sumH[0] = h;
    this.hists[0] = null;
    if (this.canSplit(0)) {
      const root = this.acquire();
      this.buildHistogram(root, 0, m, grad, hess);
      this.hists[0] = root;
    }
    let level = [0];
    for (let depth = 0; level.length > 0; depth++) {
      const parents: number[] = [];
      for (const node of level) {
        const hist = this.hists[node];
        if (hist && this.findSplit(hist, this.sumG[node], this.sumH[node])) {
          this.split(node);
          parents.push(node);
        } else {
          this.makeLeaf(node);
          if (hist) this.release(node);
        }
      }
      const next: number[] = [];
      for (const p of parents) {
        const l = this.left[p];
        const r = l + 1;
        next.push(l, r);
        const parentHist = this.hists[p] as Float64Array;
        this.hists[p] = null;
        this.hists[l] = null;
        this.hists[r] = null;
        const openL = depth + 1 < maxDepth && this.canSplit(l);
        const openR = depth + 1 < maxDepth && this.canSplit(r);
        if (!openL && !openR) {
          this.pool.push(parentHist);
          continue;
        }
        const leftSmaller = this.end[l] - this.start[l] <= this.end[r] - this.start[r];
        const small = leftSmaller ? l : r;
        const smallHist = this.acquire();
        this.buildHistogram(smallHist, this.start[small], this.end[small], grad, hess);
        if (leftSmaller ? openR : openL) {
          this.subtract(parentHist, smallHist);
          this.hists[leftSmaller ? r : l] = parentHist;
        } else {
          this.pool.push(parentHist);
        }
        if (leftSmaller ? openL : openR) this.hists[small] = smallHist;
        else this.pool.push(smallHist);
      }
      level = next;
      await pause();
    }
  }

  /** Adds each leaf's value to `margin` for the sampled rows, which the tree has already routed. */
  addToSampledMargins(margin: Float64Array): void {
    const rows = this.rows;
    for (let node = 0; node < this.nodeCount; node++) {
      if (this.feature[node] >= 0) continue;
      const v = this.value[node];
      for (let i = this.start[node]; i < this.end[node]; i++) margin[rows[i]] += v;
    }
  }

  /**
   * Routes rows given as histogram slots (n × f, row-major, slotMatrix under the same layout) through
   * the tree and adds the leaf values to `margin`; rows with `skip[r] === 1` are left alone.
   */
  addToMargins(slots: SlotMatrix, n: number, margin: Float64Array, skip?: Uint8Array): void {
    const { f } = this.data;
    const { feature, splitSlot, defaultLeft, left, value, missingSlot } = this;
    for (let r = 0, base = 0; r < n; r++, base += f) {
      if (skip && skip[r] === 1) continue;
      let node = 0;
      while (feature[node] >= 0) {
        const j = feature[node];
        const s = slots[base + j];
        const goLeft = s === missingSlot[j] ? defaultLeft[node] === 1 : s <= splitSlot[node];
        node = goLeft ? left[node] : left[node] + 1;
      }
      margin[r] += value[node];
    }
  }

  private canSplit(node: number): boolean {
    return this.end[node] - this.start[node] >= 2 && this.sumH[node] >= 2 * this.minHess;
  }

  private makeLeaf(node: number): void {
    const { lambda, learningRate } = this.params;
    const h = this.sumH[node];
    this.feature[node] = -1;
    this.gain[node] = 0;
    this.value[node] = h + lambda > 0 ? leafWeight(this.sumG[node], h, lambda) * learningRate : 0;
  }

  private split(node: number): void {
    const j = this.bestFeature;
    const b = this.bestBin;
    const defLeft = this.bestDefaultLeft;
    this.feature[node] = j;
    this.splitBin[node] = b;
    this.splitSlot[node] = this.data.layout.offsets[j] + b;
    this.defaultLeft[node] = defLeft;
    this.gain[node] = this.bestGain;
    this.value[node] = 0;
    const { columns, n } = this.data;
    const missing = this.data.layout.valueBins[j];
    const rows = this.rows;
    const tmp = this.tmp;
    const s = this.start[node];
    const e = this.end[node];
    const col = j * n;
    let w = s;
    let t = 0;
    for (let i = s; i < e; i++) {
      const r = rows[i];
      const c = columns[col + r];
      if (c === missing ? defLeft === 1 : c <= b) rows[w++] = r;
      else tmp[t++] = r;
    }
    rows.set(tmp.subarray(0, t), w);
    const l = this.nodeCount++;
    const r = this.nodeCount++;
    this.left[node] = l;
    this.start[l] = s;
    this.end[l] = w;
    this.start[r] = w;
    this.end[r] = e;
    this.sumG[l] = this.bestGL;
    this.sumH[l] = this.bestHL;
    this.sumG[r] = this.sumG[node] - this.bestGL;
    this.sumH[r] = this.sumH[node] - this.bestHL;
  }

  /** The best split of a node with totals (G, H) into the best* fields; false when none is allowed. */
  private findSplit(hist: Float64Array, G: number, H: number): boolean {
    const { offsets, valueBins, hasMissing } = this.data.layout;
    const parent = nodeScore(G, H, this.params.lambda);
    const features = this.features;
    this.bestGain = Number.NEGATIVE_INFINITY;
    for (let q = 0; q < features.length; q++) {
      const j = features[q];
      const off = offsets[j] << 1;
      const nb = valueBins[j];
      const gm = hist[off + 2 * nb];
      const hm = hist[off + 2 * nb + 1];
      const withMissing = hasMissing[j] === 1 && hm > 0;
      // With no missing value seen here, an unseen one will follow the heavier child (-1).
      const missingRight = withMissing ? 0 : -1;
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < nb; b++) {
        gl += hist[off + 2 * b];
        hl += hist[off + 2 * b + 1];
        // Missing values (if any) right: every b, and b = nb - 1 splits "value" from "missing".
        if (b < nb - 1 || withMissing) this.consider(j, b, gl, hl, G, H, parent, missingRight);
        if (withMissing && b < nb - 1) this.consider(j, b, gl + gm, hl + hm, G, H, parent, 1);
      }
    }
    return this.bestGain > MIN_SPLIT_GAIN && this.bestGain >= this.params.gamma;
  }

  /** Keeps (feature j, bin b, left sums gl/hl) if it beats the best so far; defaultLeft -1 = heavier side. */
  private consider(
    j: number,
    b: number,
    gl: number,
    hl: number,
    G: number,
    H: number,
    parent: number,
    defaultLeft: number,
  ): void {
    const hr = H - hl;
    if (hl < this.minHess || hr < this.minHess) return;
    const lambda = this.params.lambda;
    const gr = G - gl;
    const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
    if (!(gain > this.bestGain)) return;
    this.bestGain = gain;
    this.bestFeature = j;
    this.bestBin = b;
    this.bestDefaultLeft = defaultLeft === -1 ? (hl >= hr ? 1 : 0) : defaultLeft;
    this.bestGL = gl;
    this.bestHL = hl;
  }

  /**
   * Gradient and hessian sums per (feature, bin) of rows[s..e), interleaved [g, h] per slot. This loop
   * is most of the fit's time: its inner loop is unrolled by four (V8 does not unroll), and the
   * all-features case has its own copy without the feature-list indirection.
   */
  private buildHistogram(hist: Float64Array, s: number, e: number, grad: Float64Array, hess: Float64Array): void {
    const { slots, f } = this.data;
    const { offsets } = this.data.layout;
    const features = this.features;
    const k = features.length;
    const rows = this.rows;
    for (let q = 0; q < k; q++) hist.fill(0, offsets[features[q]] << 1, offsets[features[q] + 1] << 1);
    if (k === f) {
      for (let i = s; i < e; i++) {
        const r = rows[i];
        const g = grad[r];
        const h = hess[r];
        let p = r * f;
        const end = p + f;
        for (; p + 3 < end; p += 4) {
          const a = slots[p] << 1;
          const b = slots[p + 1] << 1;
          const c = slots[p + 2] << 1;
          const d = slots[p + 3] << 1;
          hist[a] += g;
          hist[a + 1] += h;
          hist[b] += g;
          hist[b + 1] += h;
          hist[c] += g;
          hist[c + 1] += h;
          hist[d] += g;
          hist[d + 1] += h;
        }
        for (; p < end; p++) {
          const a = slots[p] << 1;
          hist[a] += g;
          hist[a + 1] += h;
        }
      }
      return;
    }
    for (let i = s; i < e; i++) {
      const r = rows[i];
      const g = grad[r];
      const h = hess[r];
      const base = r * f;
      let q = 0;
      for (; q + 3 < k; q += 4) {
        const a = slots[base + features[q]] << 1;
        const b = slots[base + features[q + 1]] << 1;
        const c = slots[base + features[q + 2]] << 1;
        const d = slots[base + features[q + 3]] << 1;
        hist[a] += g;
        hist[a + 1] += h;
        hist[b] += g;
        hist[b + 1] += h;
        hist[c] += g;
        hist[c + 1] += h;
        hist[d] += g;
        hist[d + 1] += h;
      }
      for (; q < k; q++) {
        const a = slots[base + features[q]] << 1;
        hist[a] += g;
        hist[a + 1] += h;
      }
    }
  }

  /** parent -= child over the tree's features: the parent's buffer becomes the sibling's histogram. */
  private subtract(parent: Float64Array, child: Float64Array): void {
    const { offsets } = this.data.layout;
    const features = this.features;
    for (let q = 0; q < features.length; q++) {
      const end = offsets[features[q] + 1] << 1;
      for (let i = offsets[features[q]] << 1; i < end; i++) parent[i] -= child[i];
    }
  }

  private acquire(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.data.layout.totalSlots * 2);
  }

  private release(node: number): void {
    const h = this.hists[node];
    if (h) this.pool.push(h);
    this.hists[node] = null;
  }
}
