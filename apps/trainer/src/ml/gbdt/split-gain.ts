/**
 * Second-order split arithmetic, as XGBoost computes it (without the paper's factor 1/2, so `gamma` is
 * compared with the same quantity XGBoost compares `min_split_loss` with).
 */

/** Optimal leaf weight before shrinkage: -G / (H + lambda). */
export function leafWeight(g: number, h: number, lambda: number): number {
  return -g / (h + lambda);
}

/** A node's score G² / (H + lambda): the loss reduction its optimal weight buys. */
export function nodeScore(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

/** Loss reduction of splitting (GL, HL) + (GR, HR): score(left) + score(right) - score(parent). */
export function splitGain(gl: number, hl: number, gr: number, hr: number, lambda: number): number {
  return nodeScore(gl, hl, lambda) + nodeScore(gr, hr, lambda) - nodeScore(gl + gr, hl + hr, lambda);
}
