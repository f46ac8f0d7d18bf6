import type { Logger } from '@alphapulse/logger';
import { shutdownTelemetry } from '@alphapulse/telemetry';

/**
 * Runs `stop` once on SIGTERM or SIGINT, flushes the last spans (when tracing is on), then exits 0
 * (1 if stopping failed or took longer than `timeoutMs`). A second signal exits at once.
 */
export function exitOnSignal(stop: () => Promise<void>, logger: Logger, timeoutMs = 60_000): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: no new jobs; finishing or releasing the current ones');
    const timer = setTimeout(() => {
      logger.error('graceful stop timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop()
      .finally(() => shutdownTelemetry().catch(() => {}))
      .then(
        () => {
          logger.info('stopped cleanly');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'error while stopping');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
