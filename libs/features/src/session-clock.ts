import { SessionSpecError } from './errors.ts';

/** Where and when a market's daily session closes. */
export interface SessionSpec {
  /** IANA time zone of the exchange, e.g. `America/New_York`. */
  timezone: string;
  /** Local closing time `HH:MM` (24 h). */
  close: string;
  /** True for markets with weekend sessions (crypto): news then stays on its own Saturday/Sunday. */
  weekends?: boolean;
}

/** The default market: US equities, closing 16:00 New York time. */
export const DEFAULT_SESSION: SessionSpec = { timezone: 'America/New_York', close: '16:00' };

const MS_PER_DAY = 86_400_000;
/** Offsets only change on quarter-hour boundaries in every IANA zone, so one lookup serves 15 minutes. */
const BUCKET_MS = 900_000;

/**
 * Converts between UTC instants and an exchange's wall clock with the platform's Intl time-zone
 * data (DST-correct), caching offsets per quarter hour so millions of bars cost a few thousand
 * Intl calls.
 */
export class SessionClock {
  readonly timezone: string;
  /** Close as minutes after local midnight. */
  readonly closeMinutes: number;
  readonly weekends: boolean;
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly closes = new Map<number, number>();

  constructor(spec: SessionSpec) {
    const m = /^(\d{2}):(\d{2})$/.exec(spec.close ?? '');
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new SessionSpecError(`session close ${JSON.stringify(spec.close)} is not HH:MM`);
    this.closeMinutes = Number(m[1]) * 60 + Number(m[2]);
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: spec.timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new SessionSpecError(`unknown time zone ${JSON.stringify(spec.timezone)}`);
    }
    this.timezone = spec.timezone;
    this.weekends = spec.weekends === true;
  }

  /** Local wall-clock time minus UTC, in ms, at instant `ms`. */
  offsetAt(ms: number): number {
    const bucket = Math.floor(ms / BUCKET_MS);
    let off = this.offsets.get(bucket);
    if (off === undefined) {
      const at = bucket * BUCKET_MS;
      const p: Record<string, number> = {};
      for (const part of this.format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
      this.offsets.set(bucket, off);
    }
    return off;
  }

  /** Local calendar day (days since 1970-01-01) and minutes after local midnight of instant `ms`. */
  localDayAndMinute(ms: number): { day: number; minute: number } {
    const local = ms + this.offsetAt(ms);
    const day = Math.floor(local / MS_PER_DAY);
    return { day, minute: Math.floor((local - day * MS_PER_DAY) / 60_000) };
  }

  /**
   * The UTC instant of the session close on local calendar `day`. When the close falls in a
   * DST gap (it never does on real exchanges) the instant just after the gap is used.
   */
  closeInstant(day: number): number {
    let at = this.closes.get(day);
    if (at === undefined) {
      const wall = day * MS_PER_DAY + this.closeMinutes * 60_000;
      const first = wall - this.offsetAt(wall);
      const second = wall - this.offsetAt(first);
      at = second + this.offsetAt(second) === wall ? second : Math.max(first, second);
      this.closes.set(day, at);
    }
    return at;
  }

  /**
   * The session (local calendar day) a bar belongs to. Daily bars stamped at exactly 00:00 UTC
   * are session dates (the CSV convention), so their UTC date is the session; any other stamp
   * (e.g. Yahoo's session-open time) is read on the exchange's wall clock.
   */
  barSessionDay(ts: number): number {
    if (ts % MS_PER_DAY === 0) return ts / MS_PER_DAY;
    return this.localDayAndMinute(ts).day;
  }
}

const clocks = new Map<string, SessionClock>();

/** A shared clock per (time zone, close), so its offset caches serve every series of a market. */
export function sessionClock(spec: SessionSpec): SessionClock {
  const key = `${spec.timezone}\u0000${spec.close}\u0000${spec.weekends === true}`;
  let clock = clocks.get(key);
  if (!clock) {
    clock = new SessionClock(spec);
    clocks.set(key, clock);
  }
  return clock;
}

/** Day of week of a day number, Monday = 0 … Sunday = 6 (pandas' `dayofweek`). */
export function dayOfWeek(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** `YYYY-MM-DD` of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of a `YYYY-MM-DD` string, or undefined when it is not a real date. */
export function isoToDay(iso: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return undefined;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) return undefined;
  return ms / MS_PER_DAY;
}
