import { loadEnv } from '@alphapulse/config';
import { resolveAuth } from '@alphapulse/http';
import { exitOnSignal, openRuntimeContext } from '@alphapulse/runtime';
import { startTrainerTier } from './trainer-tier.ts';

/** Runs the trainer tier as its own process until SIGTERM (same start-up rules as the ingest tier). */
export async function serveTrainer(): Promise<void> {
  const env = loadEnv();
  const auth = resolveAuth(env);
  const ctx = await openRuntimeContext(env, 'trainer');
  if (!auth.token) ctx.logger.warn('AUTH=off: mutating routes are open to anyone who can reach this port');
  const tier = await startTrainerTier(ctx, { auth });
  exitOnSignal(async () => {
    await tier.close();
    await ctx.close();
  }, ctx.logger);
}
