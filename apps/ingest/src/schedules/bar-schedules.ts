/** One market's daily bar schedule: a cron in the market's time zone and the symbols it covers. */
export interface BarSchedule {
  id: string;
  cron: string;
  timezone: string;
  symbols: string[];
}

export class ScheduleConfigError extends Error {
  constructor(message: string) {
    super(`BAR_SCHEDULES: ${message}`);
    this.name = 'ScheduleConfigError';
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses `BAR_SCHEDULES` — `TZ@CRON=SYM,SYM;TZ@CRON=SYM` (e.g.
 * `America/New_York@30 16 * * 1-5=AAPL,MSFT;Europe/Berlin@0 18 * * 1-5=SAP.DE`). When empty, one
 * schedule from BARS_CRON, BARS_CRON_TZ and SYMBOLS. Throws ScheduleConfigError naming the entry.
 */
export function parseBarSchedules(text: string | undefined, fallback: { cron: string; timezone: string; symbols: string[] }): BarSchedule[] {
  const entries = (text ?? '').split(';').map((s) => s.trim()).filter(Boolean);
  const raw = entries.length
    ? entries.map((entry) => {
        const m = /^([^@]+)@([^=]+)=(.+)$/.exec(entry);
        if (!m) throw new ScheduleConfigError(`"${entry}" is not TZ@CRON=SYMBOLS`);
        return { timezone: m[1].trim(), cron: m[2].trim(), symbols: m[3].split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) };
      })
    : [fallback];
  return raw.map((s) => {
    if (!isTimeZone(s.timezone)) throw new ScheduleConfigError(`unknown time zone "${s.timezone}"`);
    if (s.cron.split(/\s+/).length < 5) throw new ScheduleConfigError(`"${s.cron}" is not a cron pattern (5 or 6 fields)`);
    if (s.symbols.length === 0) throw new ScheduleConfigError(`no symbols for ${s.timezone}`);
    return { ...s, id: `bars-daily-${s.timezone.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}` };
  });
}
