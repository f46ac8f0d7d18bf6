/** Thrown for a key that could address something outside its bucket or directory. */
export class InvalidObjectKeyError extends Error {
  constructor(key: string, why: string) {
    super(`invalid object key ${JSON.stringify(key)}: ${why}`);
    this.name = 'InvalidObjectKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9_=+@-][A-Za-z0-9._=+@-]*$/;

/**
 * Returns the key unchanged when it is a relative path of safe segments (no `..`, no `.`,
 * no empty segment, no leading slash, no backslash or control characters); throws otherwise.
 */
export function assertSafeKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidObjectKeyError(String(key), 'empty');
  if (key.length > 512) throw new InvalidObjectKeyError(key.slice(0, 40), 'longer than 512 characters');
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '' ) throw new InvalidObjectKeyError(key, 'empty path segment (leading, trailing or double slash)');
    if (segment === '.' || segment === '..') throw new InvalidObjectKeyError(key, `"${segment}" segment`);
    if (!SEGMENT.test(segment)) throw new InvalidObjectKeyError(key, `segment "${segment}" has characters outside [A-Za-z0-9._=+@-]`);
  }
  return key;
}

/** Same check for a listing prefix, which may end with a slash. */
export function assertSafePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  assertSafeKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}
