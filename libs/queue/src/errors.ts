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
