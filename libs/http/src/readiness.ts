import type { RequestHandler } from 'express';

/** A dependency probe: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<unknown>;

/** At most this long per dependency check. */
export const READINESS_TIMEOUT_MS = 2_000;

/** Resolves `up` when the check resolves within `timeoutMs`, else `down`; never rejects. */
export async function probe(check: ReadinessCheck, timeoutMs = READINESS_TIMEOUT_MS): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => 'up' as const, () => 'down' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /readyz`: runs every check at once, each bounded by READINESS_TIMEOUT_MS, and answers 200
 * `{ok: true, dependencies: {name: 'up', ...}}`, or 503 `{ok: false, dependencies}` naming the
 * ones down. Answers within the timeout whatever the dependencies do.
 */
export function readinessHandler(checks: Record<string, ReadinessCheck>, timeoutMs = READINESS_TIMEOUT_MS): RequestHandler {
  return async (_req, res) => {
    const names = Object.keys(checks);
    const states = await Promise.all(names.map((n) => probe(checks[n], timeoutMs)));
    const dependencies = Object.fromEntries(names.map((n, i) => [n, states[i]]));
    const ok = states.every((s) => s === 'up');
    res.status(ok ? 200 : 503).json({ ok, dependencies });
  };
}
