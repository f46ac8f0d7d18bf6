import { parseArgs } from 'node:util';
import { loadEnv } from '@alphapulse/config';
import { openDatabase } from '@alphapulse/db';
import { ModelRegistry, normalizeSymbol, PredictionRepository } from '@alphapulse/tracking';
import { UsageError } from '../usage-error.ts';

const HELP = `usage: alphapulse predict SYMBOL [--json]

The latest stored prediction for SYMBOL: the probability that the next session closes up, the
model version that made it, the feature row it scored, and whether that model was stale (older
than CHAMPION_MAX_AGE_DAYS) or has since been replaced as champion. Predictions are made by the
trainer for every new feature batch; this command only reads them. Exit 1 when there is none.
  --json   one JSON object on stdout: {symbol, prediction, champion, byCurrentChampion}
`;

/** `alphapulse predict SYMBOL`: reads the champion's latest stored prediction for a symbol. */
export async function run(args: string[]): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw new UsageError(`predict: ${(err as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0].trim() === '')
    throw new UsageError('predict: exactly one SYMBOL is required (e.g. alphapulse predict AAPL)');
  const symbol = normalizeSymbol(positionals[0]);

  const env = loadEnv(process.env);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const [prediction] = await new PredictionRepository(database.db).latest({ symbol, limit: 1 });
    const champion = await new ModelRegistry(database.db).championStatus(env.CHAMPION_MAX_AGE_DAYS);
    const byCurrentChampion = prediction !== undefined && champion !== null && prediction.modelVersionId === champion.versionId;
    if (values.json)
      process.stdout.write(`${JSON.stringify({ symbol, prediction: prediction ?? null, champion, byCurrentChampion })}\n`);
    if (!prediction) {
      process.stderr.write(
        `alphapulse predict: no prediction stored for ${symbol}. The champion scores each symbol of every new feature batch; ` +
          `${champion ? `the champion is v${champion.versionId}, so ${symbol} may not be in the ingested symbols` : 'there is no champion yet (see alphapulse models)'}.\n`,
      );
      return 1;
    }
    if (values.json) return 0;
    const p = prediction.probabilityUp;
    const lines = [
      `${symbol}: P(up) = ${p.toFixed(3)} → ${p > 0.5 ? 'up' : p < 0.5 ? 'down' : 'no edge'}, for the session after the feature row of ${prediction.featureTs.toISOString()}`,
      `  model v${prediction.modelVersionId} (${prediction.modelKind ?? 'unknown kind'}), skill ${prediction.skill}${prediction.skill === 'none' ? ' (no edge over the best baseline was shown: treat as a coin with a bias)' : ''}, batch ${prediction.batchId}, predicted ${prediction.createdAt.toISOString()}`,
      `  ${prediction.stale ? `STALE: the model was older than ${env.CHAMPION_MAX_AGE_DAYS} days when it scored` : 'the model was within its maximum age when it scored'}`,
    ];
    if (!byCurrentChampion) {
      lines.push(
        `  note: v${prediction.modelVersionId} is no longer the champion (${champion ? `now v${champion.versionId}` : 'there is none now'})`,
      );
    } else if (champion?.stale) {
      lines.push(`  note: the champion is now ${champion.ageDays.toFixed(1)} days old — stale (max ${champion.maxAgeDays})`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
