const SECOND = 1000;
const MS_PER_DAY = 86_400_000;
/**
 * Offsets are sampled every 4 days and bisected where two samples differ, so an offset that lasts
 * less than 4 days would go unseen. The shortest offset periods in the IANA data from 1840 to
 * 2100 last 6.96 days (Boa Vista and Noronha in October 2000, Gaza's predicted Ramadan weeks of
 * 2040-2072); the next are 8-10 days (1940s wartime changes). Found by sampling every zone daily.
 */
export const SAMPLE_MS = 4 * MS_PER_DAY;
const WEEK_MS = 7 * MS_PER_DAY;
/** Offsets are found for a whole block of 364 days at a time, on its first use. */
const SAMPLES_PER_BLOCK = 91;
const BLOCK_MS = SAMPLES_PER_BLOCK * SAMPLE_MS;
/** 400 Gregorian years: 146,097 days, a whole number of weeks, so weekday rules repeat exactly. */
const CYCLE_MS = 146_097 * MS_PER_DAY;
/**
 * From 2100 on, every zone follows its final annual rule (the IANA data predicts no one-off
 * transitions after Morocco's of 2087), so offsets repeat every 400 years: instants from 2500
 * on are folded into 2100–2500 and 1M-day series do not pay for thousands of years of lookups.
 */
const RULES_FROM = Date.UTC(2100, 0, 1);
const FOLD_FROM = RULES_FROM + CYCLE_MS;

/**
 * One IANA zone's UTC offsets (local wall clock minus UTC, in ms), read from the platform's
 * Intl data a block of a year at a time and cached: a block costs about 95 Intl calls (91
 * samples, two per predicted change, a bisection to the second otherwise), after which every instant in it costs a
 * range check. Exact to the second, the resolution of the IANA data.
 */
export class ZoneOffsets {
  readonly timezone: string;
  private readonly format: Intl.DateTimeFormat;
  /** Per block index: [start, offset, start, offset, …], starts ascending from the block start. */
  private readonly blocks = new Map<number, number[]>();
  // The range of the last lookup, [lo, hi) with offset `off`: consecutive instants mostly hit it.
  private lo = 0;
  private hi = 0;
  private off = 0;
  /** The last changes found (NaN: none yet), to predict the next ones. */
  private readonly recent = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
  private recentNext = 0;

  /** Throws RangeError for a time zone Intl does not know. */
  constructor(timezone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    this.timezone = this.format.resolvedOptions().timeZone;
  }

  /** Local wall-clock time minus UTC, in ms, at instant `ms`. */
  offsetAt(ms: number): number {
    if (ms >= this.lo && ms < this.hi) return this.off;
    if (ms >= FOLD_FROM) {
      const shift = Math.ceil((ms - FOLD_FROM + 1) / CYCLE_MS) * CYCLE_MS;
      this.find(ms - shift);
      this.lo = Math.max(this.lo, RULES_FROM) + shift;
      this.hi += shift;
    } else {
      this.find(ms);
    }
    return this.off;
  }

  /**
   * The cached range of constant offset around `ms`: `from` is a change of offset or a cache
   * block's edge, as is `to` (exclusive).
   */
  rangeAt(ms: number): { from: number; to: number; offset: number } {
    const offset = this.offsetAt(ms);
    return { from: this.lo, to: this.hi, offset };
  }

  /** Sets lo/hi/off to the constant-offset range of the block that contains `ms`. */
  private find(ms: number): void {
    const block = Math.floor(ms / BLOCK_MS);
    let ranges = this.blocks.get(block);
    if (!ranges) {
      ranges = this.scan(block * BLOCK_MS);
      this.blocks.set(block, ranges);
    }
    let i = ranges.length - 2;
    while (ranges[i] > ms) i -= 2;
    this.lo = ranges[i];
    this.off = ranges[i + 1];
    this.hi = i + 2 < ranges.length ? ranges[i + 2] : (block + 1) * BLOCK_MS;
  }

  private scan(start: number): number[] {
    let prevAt = start;
    let prevOff = this.intlOffset(start);
    const ranges = [start, prevOff];
    for (let i = 1; i <= SAMPLES_PER_BLOCK; i++) {
      const at = start + i * SAMPLE_MS;
      const off = this.intlOffset(at);
      // More than one change between two samples: find them one after the other.
      while (off !== prevOff) {
        const change = this.predicted(prevAt, at, prevOff) ?? this.bisect(prevAt, at, prevOff);
        prevAt = change;
        prevOff = change === at ? off : this.intlOffset(change);
        this.recent[this.recentNext++ % this.recent.length] = change;
        if (change < start + BLOCK_MS) ranges.push(change, prevOff);
      }
      prevAt = at;
    }
    return ranges;
  }

  /**
   * Annual rules ("second Sunday of March, 02:00") put next year's change a whole number of
   * weeks after this year's, at the same time of day: a recent change shifted by weeks into
   * (lo, hi] is tried first, two Intl calls instead of a bisection's twenty.
   */
  private predicted(lo: number, hi: number, before: number): number | undefined {
    for (const past of this.recent) {
      if (Number.isNaN(past)) continue;
      const at = past + Math.ceil((lo + SECOND - past) / WEEK_MS) * WEEK_MS;
      if (at <= hi && this.intlOffset(at - SECOND) === before && this.intlOffset(at) !== before) return at;
    }
    return undefined;
  }

  /** The first second in (lo, hi] whose offset is not `before`, given offset(lo) = before ≠ offset(hi). */
  private bisect(lo: number, hi: number, before: number): number {
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
      if (this.intlOffset(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** The offset at a whole second, straight from Intl. */
  private intlOffset(at: number): number {
    // `format` (one string) is several times cheaper than formatToParts: read its digit runs,
    // month/day/year hour:minute:second, and the era (years before 1 AD count down).
    const text = this.format.format(at);
    const f = [0, 0, 0, 0, 0, 0];
    let k = -1;
    let inDigits = false;
    let bc = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        if (!inDigits) {
          k++;
          inDigits = true;
        }
        f[k] = f[k] * 10 + (c - 48);
      } else {
        inDigits = false;
        if (c === 66) bc = true; // 'B' of "BC"
      }
    }
    if (k !== 5) throw new Error(`unexpected Intl date format ${JSON.stringify(text)} for ${this.timezone}`);
    const year = bc ? 1 - f[2] : f[2];
    // Date.UTC reads years 0-99 as 1900-1999: shift those by one 400-year cycle and back.
    if (year >= 0 && year < 100) return Date.UTC(year + 400, f[0] - 1, f[1], f[3], f[4], f[5]) - CYCLE_MS - at;
    return Date.UTC(year, f[0] - 1, f[1], f[3], f[4], f[5]) - at;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** The shared offsets of a zone, so every clock of it fills one cache. */
export function zoneOffsets(timezone: string): ZoneOffsets {
  let zone = zones.get(timezone);
  if (!zone) {
    zone = new ZoneOffsets(timezone);
    zones.set(timezone, zone);
  }
  return zone;
}
