import { SessionSpecError } from './errors.ts';
import { type ZoneOffsets, zoneOffsets } from './zone-offsets.ts';

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

/**
 * Converts between UTC instants and an exchange's wall clock with the platform's Intl time-zone
 * data (DST-correct), through the zone's cached offset ranges (ZoneOffsets): a year of sessions
 * costs a few dozen Intl calls, then a range check per bar.
 */
export class SessionClock {
  readonly timezone: string;
  /** Close as minutes after local midnight. */
  readonly closeMinutes: number;
  readonly weekends: boolean;
  private readonly offsets: ZoneOffsets;

  constructor(spec: SessionSpec) {
    const m = /^(\d{2}):(\d{2})$/.exec(spec.close ?? '');
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new SessionSpecError(`session close ${JSON.stringify(spec.close)} is not HH:MM`);
    this.closeMinutes = Number(m[1]) * 60 + Number(m[2]);
    try {
      this.offsets = zoneOffsets(spec.timezone);
    } catch {
      throw new SessionSpecError(`unknown time zone ${JSON.stringify(spec.timezone)}`);
    }
    this.timezone = spec.timezone;
    this.weekends = spec.weekends === true;
  }

  /** Local wall-clock time minus UTC, in ms, at instant `ms`. */
  offsetAt(ms: number): number {
    return this.offsets.offsetAt(ms);
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
    const wall = day * MS_PER_DAY + this.closeMinutes * 60_000;
    const first = wall - this.offsets.offsetAt(wall);
    const second = wall - this.offsets.offsetAt(first);
    return second + this.offsets.offsetAt(second) === wall ? second : Math.max(first, second);
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

/** A shared clock per (time zone, close); the offset cache is shared per time zone. */
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
