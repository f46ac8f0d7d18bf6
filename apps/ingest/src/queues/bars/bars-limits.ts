import { PermanentJobError } from '@alphapulse/queue';

/**
 * The most bars one bars.fetch job may write: about 190 years of daily bars, more than the
 * widest range a request may ask for (1900-01-01 to tomorrow). A CSV with more rows, or a range
 * of more days (a daily series has at most one bar a day), fails the job before any work.
 */
export const MAX_BARS_PER_JOB = 50_000;

/**
 * A Yahoo or sample range longer than this is fetched and written in consecutive windows of this
 * many days (about 2,500 sessions, one Yahoo request and one short transaction each), so no step
 * comes near the job lock (30 s by default, renewed by the worker between steps) and memory stays
 * bounded whatever the range.
 */
export const BACKFILL_CHUNK_DAYS = 3_653;

const DAY = 86_400_000;

/** A job that would write more than MAX_BARS_PER_JOB bars. */
export class BarsCapError extends PermanentJobError {
  constructor(what: string) {
    super(`${what} exceeds the ${MAX_BARS_PER_JOB.toLocaleString('en-US')} bars one job may write: split it into smaller ranges or files`);
    this.name = 'BarsCapError';
  }
}

/** Throws BarsCapError when [from, to) spans more days than a job may write bars. */
export function assertRangeWithinCap(from: Date, to: Date): void {
  const days = Math.ceil((to.getTime() - from.getTime()) / DAY);
  if (days > MAX_BARS_PER_JOB) {
    throw new BarsCapError(`the range ${from.toISOString().slice(0, 10)} to ${new Date(to.getTime() - 1).toISOString().slice(0, 10)} (${days.toLocaleString('en-US')} days)`);
  }
}

/** Throws BarsCapError when a file holds more bars than a job may write. */
export function assertCountWithinCap(bars: number, what: string): void {
  if (bars > MAX_BARS_PER_JOB) throw new BarsCapError(`${what} (${bars.toLocaleString('en-US')} bars)`);
}

/** [from, to) cut into consecutive windows of at most `days` days, oldest first. */
export function dayWindows(from: Date, to: Date, days = BACKFILL_CHUNK_DAYS): { from: Date; to: Date }[] {
  const out: { from: Date; to: Date }[] = [];
  for (let a = from.getTime(); a < to.getTime(); a += days * DAY) out.push({ from: new Date(a), to: new Date(Math.min(a + days * DAY, to.getTime())) });
  return out;
}
