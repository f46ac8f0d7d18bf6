import pino, { type Logger } from 'pino';
import { describeError, scrubSecrets, secretsOf } from './redaction.ts';

export type { Logger } from 'pino';
export { describeError, type ErrorField, redactUrl, scrubSecrets, secretsOf } from './redaction.ts';

/** Keys whose values are secret wherever they appear in a log object (pino paths). */
const REDACT_PATHS = [
  'API_TOKEN',
  'MINIO_SECRET_KEY',
  'DATABASE_URL',
  'REDIS_URL',
  'password',
  'token',
  '*.API_TOKEN',
  '*.MINIO_SECRET_KEY',
  '*.DATABASE_URL',
  '*.REDIS_URL',
  '*.password',
  '*.token',
  '*.secretKey',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  // ioredis errors carry the failed command; for AUTH/HELLO its arguments are the password.
  'err.command',
  '*.command.args',
];

export interface LoggerOptions {
  /** Values scrubbed from every line (see secretsOf); the secrets found in process.env always are. */
  secrets?: readonly string[];
  /** Where lines go (default: stderr, synchronously). */
  destination?: pino.DestinationStream;
}

/**
 * A structured logger writing JSON lines to stderr (stdout stays free for `--json` output).
 * Secrets are redacted three ways: by key name (REDACT_PATHS), errors serialised as type, code
 * and message only, and every finished line scrubbed of URL credentials and of the secret values
 * given (plus those in process.env), so a password inside an error message is censored too.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info', options: LoggerOptions = {}): Logger {
  const secrets = [...new Set([...(options.secrets ?? []), ...secretsOf(process.env)])];
  const err = (e: unknown) => describeError(e, secrets);
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err, error: err },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
