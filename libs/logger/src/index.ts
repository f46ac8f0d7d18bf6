import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * A structured logger writing JSON lines to stderr (stdout stays free for `--json` output).
 * Secrets are redacted by key name wherever they appear in a log object.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: ['*.API_TOKEN', '*.MINIO_SECRET_KEY', '*.DATABASE_URL', 'headers.authorization', '*.password'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}
