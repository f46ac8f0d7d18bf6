/** One timed HTTP request: its status, or `timeout` / `error`, and how long it took. */
export interface Probe {
  what: string;
  status: number | 'timeout' | 'error';
  ms: number;
}

/** Sends one request, giving up after `timeoutMs` (the client side of a hung route). */
export async function probe(what: string, url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Probe> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return { what, status: res.status, ms: performance.now() - started };
  } catch (err) {
    const name = (err as Error).name;
    return { what, status: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'error', ms: performance.now() - started };
  }
}

/** `GET /status 503 in 1.2 s`, `POST /ingest timeout after 10 s`. */
export function describeProbe(p: Probe): string {
  const s = (p.ms / 1000).toFixed(p.ms < 10_000 ? 1 : 0);
  return p.status === 'timeout' ? `${p.what} no answer in ${s} s` : p.status === 'error' ? `${p.what} connection error after ${s} s` : `${p.what} ${p.status} in ${s} s`;
}

/** Polls `url` until it answers 200; resolves with the seconds that took, or null after `timeoutMs`. */
export async function secondsUntilOk(url: string, headers: Record<string, string>, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const p = await probe('poll', url, { headers }, 2_000);
    if (p.status === 200) return (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 250));
  }
  return null;
}
