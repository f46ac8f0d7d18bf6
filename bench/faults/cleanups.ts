/**
 * What the suite must undo even when it is interrupted (CI's step timeout sends SIGTERM): private
 * Postgres clusters, redis-servers and tier processes outlive a killed parent otherwise.
 */
const pending = new Set<() => Promise<void>>();

/** Registers `cleanup` until the returned function is called (after a normal cleanup). */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}

/** On SIGINT/SIGTERM: runs every registered cleanup (at most 30 s), then exits 130/143. */
export function cleanUpOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      console.error(`[faults] ${signal}: cleaning up`);
      const all = Promise.allSettled([...pending].map((c) => c()));
      const cap = new Promise((r) => setTimeout(r, 30_000).unref());
      void Promise.race([all, cap]).then(() => process.exit(code));
    });
  }
}
