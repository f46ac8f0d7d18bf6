import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { adjustColumns, computeFeaturesFromSeries, getFeatureSet, writeFeatureCsv } from '@alphapulse/features';
import { parseOhlcvColumns } from '@alphapulse/market';
import { UsageError } from '../usage-error.ts';

const HELP = `usage: alphapulse features --input FILE.csv --out FILE.csv [--set NAME] [--timezone TZ] [--close HH:MM]

Reads an OHLCV CSV (date,open,high,low,close,volume; optional adj close and symbol columns) and
writes one row per input row: date[,symbol] and one column per feature of the set, empty
during warm-up. Offline: no Redis, no database.
  --set       feature set (default technical; core adds the sentiment columns, empty here
              since a CSV carries no news)
  --timezone  exchange time zone for sessions (default America/New_York)
  --close     session close HH:MM (default 16:00)
`;

/** `alphapulse features`: computes a feature set over a CSV file. Errors: one line on stderr, exit 1. */
export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        input: { type: 'string' },
        out: { type: 'string' },
        set: { type: 'string', default: 'technical' },
        timezone: { type: 'string', default: 'America/New_York' },
        close: { type: 'string', default: '16:00' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`features: ${(err as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.input || !values.out) throw new UsageError('features: --input FILE.csv and --out FILE.csv are required');
  try {
    const featureSet = getFeatureSet(values.set as string);
    const session = { timezone: values.timezone as string, close: values.close as string };
    const parsed = parseOhlcvColumns(readFileSync(values.input as string));
    const parts = parsed.series.map((s) => ({ symbol: s.symbol, frame: computeFeaturesFromSeries(adjustColumns(s), { set: featureSet.name, session }) }));
    const fd = openSync(values.out as string, 'w');
    try {
      writeFeatureCsv((chunk) => writeSync(fd, chunk), parts, featureSet.columns, { withSymbol: parsed.hasSymbol });
    } finally {
      closeSync(fd);
    }
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = e.code && e.path ? `${e.code}: cannot ${e.syscall ?? 'access'} ${e.path}` : e.message;
    process.stderr.write(`alphapulse features: ${String(message).split('\n')[0]}\n`);
    return 1;
  }
}
