import { parseArgs } from 'node:util';
import { loadEnv } from '@alphapulse/config';
import { openDatabase } from '@alphapulse/db';
import { ModelRegistry } from '@alphapulse/tracking';
import { UsageError } from '../usage-error.ts';

const HELP = `usage: alphapulse models [--json] [--history N]

Model versions newest first with their aliases (champion, challenger), the champion's age
against CHAMPION_MAX_AGE_DAYS, and the most recent alias changes (who, when, why).
Reads DATABASE_URL, or the embedded database in DATA_DIR.
  --json      one JSON object on stdout: {versions, aliases, champion, history}
  --history   how many alias changes to show (default 10)
`;

/** `alphapulse models`: the registry at a glance. */
export async function run(args: string[]): Promise<number> {
  let values: { json?: boolean; history?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, history: { type: 'string', default: '10' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`models: ${(err as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const historyLimit = Number(values.history);
  if (!Number.isInteger(historyLimit) || historyLimit < 1) throw new UsageError('models: --history must be a positive integer');

  const env = loadEnv(process.env);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const registry = new ModelRegistry(database.db);
    const [list, history, champion] = await Promise.all([
      registry.list(),
      registry.history({ limit: historyLimit }),
      registry.championStatus(env.CHAMPION_MAX_AGE_DAYS),
    ]);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...list, champion, history })}\n`);
      return 0;
    }
    const out: string[] = [];
    if (list.versions.length === 0) {
      out.push('No model versions registered yet (a completed training run registers one).');
    } else {
      out.push(
        champion
          ? `Champion: v${champion.versionId} (${champion.modelKind}), trained ${iso(champion.createdAt)}, ${champion.ageDays.toFixed(1)} days old` +
              (champion.stale ? ` — STALE (older than ${champion.maxAgeDays} days)` : ` (max ${champion.maxAgeDays} days)`)
          : 'Champion: none yet',
        '',
        'Versions',
        ...table(
          ['version', 'aliases', 'kind', 'skill', 'run', 'test window', 'test acc', 'p vs majority', 'test logloss', 'created'],
          list.versions.map((v) => [
            `v${v.id}`,
            v.aliases.join(',') || '-',
            v.modelKind,
            v.skill,
            v.runId,
            v.windows ? `${v.windows.test.start.slice(0, 10)}..${v.windows.test.end.slice(0, 10)}` : '-',
            num(v.testMetrics.accuracy),
            num(v.testMetrics.pValue),
            num(v.testMetrics.logLoss),
            iso(v.createdAt),
          ]),
        ),
      );
    }
    if (history.length > 0) {
      out.push(
        '',
        'Recent alias changes',
        ...table(
          ['at', 'alias', 'version', 'previous', 'actor', 'reason'],
          history.map((e) => [
            iso(e.at),
            e.alias,
            `v${e.versionId}`,
            e.previousVersionId === null ? '-' : `v${e.previousVersionId}`,
            e.actor,
            e.reason,
          ]),
        ),
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

function iso(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 16);
}

function num(x: unknown): string {
  return typeof x === 'number' ? (Number.isFinite(x) ? x.toFixed(4) : String(x)) : '-';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`;
  return [line(header), ...rows.map(line)];
}
