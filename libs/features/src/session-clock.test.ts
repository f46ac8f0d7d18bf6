import { describe, expect, it } from 'vitest';
import { SessionClock } from './session-clock.ts';
import { SAMPLE_MS, ZoneOffsets } from './zone-offsets.ts';

const DAY = 86_400_000;
const utc = (y: number, m = 1, d = 1) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
};

/** The offset the slow, obvious way: Intl's wall-clock fields of the whole second, minus the instant. */
function intlPath(timezone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
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
  return (ms) => {
    const at = Math.floor(ms / 1000) * 1000;
    const p: Record<string, string> = {};
    for (const part of format.formatToParts(at)) p[part.type] = part.value;
    const year = p.era.startsWith('B') ? 1 - Number(p.year) : Number(p.year);
    const wall = new Date(0);
    wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
    wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second));
    return wall.getTime() - at;
  };
}

function random(seed: number) {
  return () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
}

/** The zones of the brief, and ones whose rules are odd: half-hour DST, negative DST, date-line jumps, Ramadan suspensions, wartime double summer time, seconds-offset LMT. */
const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
  'Europe/London',
  'Europe/Dublin',
  'Africa/Casablanca',
  'Africa/Cairo',
  'America/Sao_Paulo',
  'Asia/Tehran',
  'Pacific/Apia',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Antarctica/Troll',
  'Asia/Manila',
  'America/Sitka',
  'America/St_Johns',
  'Europe/Moscow',
  'America/Boa_Vista',
  'Asia/Gaza',
];

describe('ZoneOffsets', () => {
  it.each(ZONES)('%s: every offset and range matches the Intl path, from 1000 BC to the year 200,000', (timezone) => {
    const zone = new ZoneOffsets(timezone);
    const intl = intlPath(timezone);
    const rnd = random(timezone.length * 7919 + 1);
    const instants: number[] = [];
    const span = (from: number, to: number, n: number) => {
      for (let i = 0; i < n; i++) instants.push(Math.floor(from + rnd() * (to - from)));
    };
    // Each instant in a new 364-day block costs that block's scan (~95 Intl calls): a few hundred blocks a zone.
    span(utc(1840), utc(2100), 800); // the IANA data's explicit transitions
    span(utc(1900), utc(4638), 200); // a 1M-day series
    span(utc(-1000), utc(1840), 40); // local mean time and before the Gregorian calendar
    span(utc(2100), utc(9999), 100); // rules only (folded onto 2100-2500)
    span(utc(10_000), utc(200_000), 20);
    const wrong: string[] = [];
    const expectOffset = (ms: number, offset: number, what: string) => {
      const want = intl(ms);
      if (want !== offset)
        wrong.push(`${what} ${new Date(ms).toISOString()}: ${offset / 60_000} min, Intl says ${want / 60_000}`);
    };
    let changes = 0;
    for (const ms of instants) {
      const { from, to, offset } = zone.rangeAt(ms);
      expect(zone.offsetAt(ms)).toBe(offset);
      expect(from <= ms && ms < to).toBe(true);
      expectOffset(ms, offset, 'at');
      expectOffset(from, offset, 'range start');
      expectOffset(to - 1, offset, 'range end');
      expectOffset(from + Math.floor(rnd() * (to - from)), offset, 'inside');
      // A range that starts at a change starts exactly there, to the second.
      if (intl(from - 1000) !== offset) changes++;
    }
    expect(wrong).toEqual([]);
    if (!['UTC', 'Asia/Tokyo', 'Asia/Kolkata'].includes(timezone)) expect(changes).toBeGreaterThan(10);
  });

  it('finds the shortest offset periods in the data exactly: one-week DST and Ramadan suspensions', () => {
    for (const [timezone, at, days] of [
      ['America/Boa_Vista', utc(2000, 10, 10), 7],
      ['America/Noronha', utc(2000, 10, 10), 7],
      ['Asia/Gaza', utc(2040, 10, 22), 7],
      ['Asia/Gaza', utc(2054, 3, 30), 7],
      ['Africa/Tunis', utc(1943, 4, 20), 9],
      ['Africa/Casablanca', utc(2012, 8, 1), 32],
      ['Africa/Casablanca', utc(2013, 7, 20), 35],
      ['Africa/Cairo', utc(2014, 7, 10), 36],
      ['Africa/Casablanca', utc(2030, 1, 20), 43],
    ] as const) {
      const zone = new ZoneOffsets(timezone);
      const intl = intlPath(timezone);
      const { from, to, offset } = zone.rangeAt(at);
      expect(intl(from)).toBe(offset);
      expect(intl(from - 1000)).not.toBe(offset);
      expect(intl(to - 1000)).toBe(offset);
      expect(intl(to)).not.toBe(offset);
      expect(to - from).toBeLessThan(days * DAY);
      // Two changes closer than the sampling step could fall between two samples and go unseen.
      expect(to - from).toBeGreaterThan(SAMPLE_MS);
    }
  });

  it('every zone repeats its offsets every 400 years from 2100 on, as the folding assumes', () => {
    const rnd = random(17);
    const cycle = 146_097 * DAY;
    const wrong: string[] = [];
    for (const timezone of Intl.supportedValuesOf('timeZone')) {
      const intl = intlPath(timezone);
      const zone = new ZoneOffsets(timezone);
      for (let i = 0; i < 12; i++) {
        // Around the spring and autumn changes of both hemispheres, where a difference would show.
        const year = 2100 + Math.floor(rnd() * 400);
        const ms = utc(year, [3, 4, 9, 10, 11][i % 5], 1) + Math.floor(rnd() * 40 * DAY);
        if (intl(ms) !== intl(ms + cycle)) wrong.push(`${timezone} ${new Date(ms).toISOString()}`);
        // And through the cache (each of these scans a block: two a zone).
        if (i < 2) {
          const far = ms + Math.ceil(rnd() * 20) * cycle;
          if (zone.offsetAt(far) !== intl(far)) wrong.push(`${timezone} folded ${new Date(far).toISOString()}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('rejects a time zone Intl does not know', () => {
    expect(() => new ZoneOffsets('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('SessionClock', () => {
  it.each([
    ['America/New_York', '16:00'],
    ['Europe/Berlin', '17:30'],
    ['Australia/Sydney', '16:00'],
    ['Asia/Kolkata', '15:30'],
    ['Asia/Tokyo', '15:00'],
  ])('%s close %s: closeInstant reads the close on the local wall clock of every day, 1900-4638', (timezone, close) => {
    const clock = new SessionClock({ timezone, close });
    const intl = intlPath(timezone);
    const rnd = random(5);
    const first = utc(1900) / DAY;
    const wrong: string[] = [];
    for (let i = 0; i < 400; i++) {
      const day = first + Math.floor(rnd() * 1_000_000);
      const at = clock.closeInstant(day);
      const wall = at + intl(at);
      if (wall !== day * DAY + clock.closeMinutes * 60_000)
        wrong.push(`${new Date(day * DAY).toISOString().slice(0, 10)}: ${new Date(wall).toISOString()}`);
      expect(clock.localDayAndMinute(at)).toEqual({ day, minute: clock.closeMinutes });
    }
    expect(wrong).toEqual([]);
  });
});

describe('ZoneOffsets cost', () => {
  it('1M consecutive days cost about a hundred Intl calls a year over 600 years, then none', () => {
    const zone = new ZoneOffsets('Europe/Paris');
    const inner = zone as unknown as { intlOffset(at: number): number };
    const intlOffset = inner.intlOffset.bind(zone);
    let calls = 0;
    inner.intlOffset = (at) => {
      calls++;
      return intlOffset(at);
    };
    const first = utc(1900) / DAY;
    for (let day = first; day < first + 1_000_000; day++) zone.offsetAt(day * DAY + 15.5 * 3_600_000);
    // 1900-2500 scanned (91 samples a year, two calls per predicted change), 2500-4638 folded onto it.
    expect(calls).toBeLessThan(600 * 100);
    expect(calls).toBeGreaterThan(600 * 91);
    const before = calls;
    for (let day = first; day < first + 1_000_000; day++) zone.offsetAt(day * DAY + 15.5 * 3_600_000);
    expect(calls).toBe(before);
  });
});
