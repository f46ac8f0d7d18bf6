/** Thrown when a benchmark would load a server that is not on this machine's loopback. */
export class NotLoopbackError extends Error {
  constructor(what: string, host: string) {
    super(`${what} points at ${host}: benchmarks only load servers on loopback (127.0.0.1, ::1, localhost)`);
    this.name = 'NotLoopbackError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Host and port of a redis:// or postgres:// URL, refusing anything but loopback. */
export function loopbackTarget(what: string, url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new NotLoopbackError(what, host);
  return { host: host.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : defaultPort };
}
