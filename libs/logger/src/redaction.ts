/**
 * What never reaches a log line: credentials inside URLs, and the secret values of this process's
 * configuration wherever they appear (an error message, a stack, a field pino's paths missed).
 */

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):([^\s@/?#]*)@/gi;
/** Shorter values would censor ordinary words; secrets are far longer (API_TOKEN needs 16). */
const MIN_SECRET_LENGTH = 6;
const CENSOR = '***';

/** `redis://user:pw@host` → `redis://user:***@host`; a string that is not a URL comes back scrubbed. */
export function redactUrl(url: string): string {
  return url.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:${CENSOR}@`);
}

/**
 * The secret values in an environment: API_TOKEN, MINIO_SECRET_KEY and the passwords of
 * REDIS_URL and DATABASE_URL (raw and percent-decoded), each long enough to be told from prose.
 */
export function secretsOf(env: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) out.add(v);
  };
  add(env.API_TOKEN);
  add(env.MINIO_SECRET_KEY);
  for (const key of ['REDIS_URL', 'DATABASE_URL']) {
    const raw = env[key];
    if (typeof raw !== 'string') continue;
    try {
      const password = new URL(raw).password;
      add(password);
      add(decodeURIComponent(password));
    } catch {
      // not a URL: the schema reports it
    }
  }
  return [...out];
}

/** Replaces URL credentials and every given secret value (as written, or JSON-escaped) in `text`. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.includes('://') ? redactUrl(text) : text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join(CENSOR);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join(CENSOR);
  }
  return out;
}

export interface ErrorField {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

const STACK_CHARS = 2_000;

/**
 * An error as a log field: type, code, message and (unless `stack: false`) a bounded stack, all
 * scrubbed; never its other properties (an ioredis error's failed command holds AUTH's password).
 */
export function describeError(err: unknown, secrets: readonly string[] = [], { stack = true } = {}): ErrorField {
  // Duck-typed: ioredis reply errors are not always `instanceof Error` here.
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown };
  if (typeof e.message !== 'string') return { type: typeof err, message: scrubSecrets(String(err), secrets) };
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    message: scrubSecrets(e.message, secrets),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(stack && typeof e.stack === 'string' ? { stack: scrubSecrets(e.stack.slice(0, STACK_CHARS), secrets) } : {}),
  };
}
