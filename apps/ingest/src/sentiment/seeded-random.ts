import { mulberry32 } from '../sources/sample/prng.ts';

/** The ingest app's one seedable PRNG (mulberry32), for the trainer's shuffles and the bootstrap. */
export { mulberry32 };

/** Fisher–Yates shuffle of 0..n-1 with the given PRNG. */
export function shuffled(n: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
