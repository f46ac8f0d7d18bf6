import type { FaultScenario } from '../scenario.ts';
import { ScenarioStack } from '../scenario-stack.ts';

async function schedulers(s: ScenarioStack): Promise<number> {
  const res = await fetch(`${s.ingest.url}/schedules`, { headers: s.auth, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET /schedules: ${res.status}`);
  return ((await res.json()) as { schedules: unknown[] }).schedules.length;
}

/** The scenario's redis-server shut down without saving and started again empty (a failover to an empty replica), mid-study. */
export const redisRestartedEmpty: FaultScenario = {
  id: 'redis-restarted-empty',
  fault: 'Redis restarted empty (no persistence) during a study',
  short: true,
  async run({ postgres, log }) {
    const s = await ScenarioStack.start({ postgres });
    try {
      const expected = await schedulers(s);
      await s.startRun();
      const runId = await s.studyUnderWay();
      const before = await s.studyProgress(runId);
      log(`redis-restarted-empty: restarting Redis empty at ${before.text}`);
      await s.redis.restartEmpty(3_000);
      const { serviceBackSeconds, recoverySeconds } = await s.recovery(runId);
      const restored = await s.until('schedulers restored', 60_000, async () => ((await schedulers(s)) >= expected ? true : undefined)).catch(() => false);
      await s.settle();
      const resumed = s.stack.trainers.some((t) => t.logs().includes('run-resumed'));
      return {
        serviceBackSeconds,
        recoverySeconds,
        ledger: await s.ledger(),
        checks: [
          { name: 'fault landed mid-study', ok: before.running && before.finished < before.budget, detail: before.text },
          { name: 'schedulers restored', ok: restored === true && expected > 0, detail: `${expected} scheduler(s) before, ${await schedulers(s).catch(() => -1)} after` },
        ],
        notes: [resumed ? 'reconciler logged run-resumed' : 'no run-resumed repair logged'],
      };
    } finally {
      await s.stop();
    }
  },
};
