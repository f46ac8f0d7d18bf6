import { UnrecoverableError } from 'bullmq';
import type { ZodError } from 'zod';

/** A job payload that does not match its schema: it will never succeed, so it is not retried. */
export class InvalidPayloadError extends UnrecoverableError {
  constructor(jobName: string, readonly fields: { field: string; message: string }[]) {
    super(`invalid payload for ${jobName}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`);
    this.name = 'InvalidPayloadError';
  }

  static fromZod(jobName: string, error: ZodError): InvalidPayloadError {
    return new InvalidPayloadError(
      jobName,
      error.issues.map((i) => ({ field: i.path.join('.') || '(payload)', message: i.message })),
    );
  }
}

/** Input that can never succeed (unknown symbol, malformed file, hash mismatch): fail at once, no retry. */
export class PermanentJobError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** The worker's handler table does not cover its queue's jobs exactly: refuse to start. */
export class HandlerTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerTableError';
  }
}

export class RedisUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`redis unavailable at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RedisUnavailableError';
  }
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
const TRANSIENT_MESSAGES = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|connection (?:is )?closed|connection terminated|Connection is closed|the database system is (?:starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Stream isn't writeable|max retries per request|write CONNECTION_CLOSED|socket hang up|Redis unavailable/i;

/**
 * True for failures of a dependency rather than of the work: a database, Redis or object store that is
 * down, restarting or unreachable (connection refused or reset, Postgres SQLSTATE class 08 and 57P0x).
 * Work that failed this way is retried or resumed, never recorded as failed on its merits.
 */
export function isInfrastructureError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))) return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
