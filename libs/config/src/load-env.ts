import type { z } from 'zod';
import { type Env, envFields, envSchema } from './env-schema.ts';

/** Thrown when the environment does not satisfy the schema; the message names each variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment (process.env by default) into a typed, defaulted config.
 * Throws a ConfigError naming every offending variable.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseWith(envSchema, source);
}

/**
 * Parses only the named variables, for code that runs before the rest of the configuration
 * matters (telemetry starts first thing, and offline commands read no Redis or database settings).
 */
export function loadEnvKeys<K extends keyof Env>(keys: readonly K[], source: NodeJS.ProcessEnv = process.env): Pick<Env, K> {
  const mask = Object.fromEntries(keys.map((k) => [k, true]));
  return parseWith(envFields.pick(mask as never), source) as unknown as Pick<Env, K>;
}

function parseWith<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
  );
}
