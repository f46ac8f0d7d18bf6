import { parseArgs } from 'node:util';
import { loadEnv } from '@alphapulse/config';
import { resolveAuth } from '@alphapulse/http';
import { exitOnSignal, openRuntimeContext } from '@alphapulse/runtime';
import { UsageError } from '../usage-error.ts';

/**
 * `alphapulse serve ingest|trainer|all`: runs a tier until SIGTERM. `all` runs both tiers in one
 * process on one runtime (what a laptop or the embedded PGlite needs); production runs them apart.
 */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const which = positionals[0];
  if (which === 'ingest') {
    const { serveIngest } = await import('@alphapulse/ingest');
    await serveIngest();
    return new Promise<number>(() => {}); // runs until a signal ends the process
  }
  if (which === 'trainer') {
    const { serveTrainer } = await import('@alphapulse/trainer');
    await serveTrainer();
    return new Promise<number>(() => {});
  }
  if (which !== 'all') throw new UsageError('usage: alphapulse serve ingest|trainer|all');
  const env = loadEnv();
  const auth = resolveAuth(env);
  const [{ startIngestTier }, { startTrainerTier }] = await Promise.all([import('@alphapulse/ingest'), import('@alphapulse/trainer')]);
  const ctx = await openRuntimeContext(env, 'alphapulse');
  if (!auth.token) ctx.logger.warn('AUTH=off: mutating routes and the dashboard are open to anyone who can reach these ports');
  const trainer = await startTrainerTier(ctx, { auth });
  const ingest = await startIngestTier(ctx, { auth });
  exitOnSignal(async () => {
    await ingest.close();
    await trainer.close();
    await ctx.close();
  }, ctx.logger);
  return new Promise<number>(() => {});
}
