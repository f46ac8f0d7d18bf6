import { parseArgs } from 'node:util';
import { startTelemetry } from '@alphapulse/telemetry';
import { UsageError } from '../usage-error.ts';

/** `service.name` of each way to serve, unless OTEL_SERVICE_NAME says otherwise. */
const SERVICE_NAMES = { ingest: 'alphapulse-ingest', trainer: 'alphapulse-trainer', all: 'alphapulse' } as const;

/**
 * `alphapulse serve ingest|trainer|all`: runs a tier until SIGTERM. `all` runs both tiers in one
 * process on one runtime (what a laptop or the embedded PGlite needs); production runs them apart.
 * Telemetry starts before anything else is imported (the tiers, express, the clients), so its
 * instrumentations see them load.
 */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const which = positionals[0];
  if (which !== 'ingest' && which !== 'trainer' && which !== 'all') throw new UsageError('usage: alphapulse serve ingest|trainer|all');
  await startTelemetry(SERVICE_NAMES[which]);
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
  const [{ loadEnv }, { resolveAuth }, { exitOnSignal, openRuntimeContext }, { startIngestTier }, { startTrainerTier }] = await Promise.all([
    import('@alphapulse/config'),
    import('@alphapulse/http'),
    import('@alphapulse/runtime'),
    import('@alphapulse/ingest'),
    import('@alphapulse/trainer'),
  ]);
  const env = loadEnv();
  const auth = resolveAuth(env);
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
