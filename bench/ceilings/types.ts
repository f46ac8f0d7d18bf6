/**
 * The contract between `npm run bench` (bench/run.ts) and the benchmark modules
 * (bench/<area>/<name>.bench.ts). A module exports
 *
 *   export async function run(ceilings: Ceilings, context: BenchContext): Promise<BenchResult[]>
 *
 * and reports its figures; where a figure has a natural yardstick on this machine (Redis, BullMQ,
 * Postgres), it reports a ratio to the ceiling measured in the same run (`ratioTo`).
 */

/** One measured figure. */
export interface BenchResult {
  /** What was measured, e.g. "features: 1M bars, CSV in/out". */
  name: string;
  value: number;
  /** e.g. "rows/s", "jobs/s", "s", "MB". */
  unit: string;
  /** The figure as a share of a yardstick measured in the same run (0.5 = half the ceiling). */
  ratio?: { to: string; value: number };
  /** How it was measured, sizes, caveats. */
  note?: string;
}

/** The yardsticks `bench/ceilings` measures before any module runs. */
export type CeilingName =
  | 'redis.set'
  | 'redis.get'
  | 'redis.set.p16'
  | 'redis.get.p16'
  | 'bullmq.addBulk'
  | 'bullmq.worker.c1'
  | 'bullmq.worker.c16'
  | 'bullmq.worker.c64'
  | 'postgres.copy'
  | 'postgres.upsert5k';

export interface Ceiling {
  value: number;
  unit: string;
  note: string;
}

/** Ceilings measured in this run; a name is absent when it could not be measured (the run says why). */
export type Ceilings = Partial<Record<CeilingName, Ceiling>>;

export interface BenchContext {
  /** `--quick`: smaller sizes (also in process.env.BENCH_QUICK = '1'). */
  quick: boolean;
  /** Where a module may write files it wants kept (bench/out/<area>/). Created on demand by the module. */
  outDir: string;
}

export interface BenchModule {
  run(ceilings: Ceilings, context: BenchContext): Promise<BenchResult[]>;
}

/**
 * `value` as a ratio to a ceiling of this run, ready for BenchResult.ratio; undefined when that
 * ceiling was not measured (then report the figure without a ratio, never against a remembered one).
 */
export function ratioTo(ceilings: Ceilings, name: CeilingName, value: number): BenchResult['ratio'] | undefined {
  const ceiling = ceilings[name];
  if (!ceiling || !(ceiling.value > 0)) return undefined;
  return { to: `${name} (${formatNumber(ceiling.value)} ${ceiling.unit})`, value: value / ceiling.value };
}

/** 3 significant figures with thousands separators: 123456 → "123,000", 0.01234 → "0.0123". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  const rounded = Number(value.toPrecision(3));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: digits });
}
