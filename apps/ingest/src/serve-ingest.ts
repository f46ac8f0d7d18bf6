import { loadEnv } from '@alphapulse/config';
import { resolveAuth } from '@alphapulse/http';
import { exitOnSignal, openRuntimeContext } from '@alphapulse/runtime';
import { startIngestTier } from './ingest-tier.ts';

/**
 * Runs the ingest tier as its own process until SIGTERM: refuses to start without API_TOKEN
 * unless AUTH=off, and fails with one line when Redis, the database or the store is unreachable.
 */
export async function serveIngest(): Promise<void> {
  const env = loadEnv();
  const auth = resolveAuth(env);
  const ctx = await openRuntimeContext(env, 'ingest');
  if (!auth.token) ctx.logger.warn('AUTH=off: mutating routes and the dashboard are open to anyone who can reach this port');
  const tier = await startIngestTier(ctx, { auth });
  exitOnSignal(async () => {
    await tier.close();
    await ctx.close();
  }, ctx.logger);
}
