import type { FaultScenario } from '../scenario.ts';
import { faultDuringStudy } from '../scenario-runner.ts';
import type { ScenarioStack } from '../scenario-stack.ts';

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
  run: (context) =>
    faultDuringStudy(context, 'redis-restarted-empty', {}, async (s) => {
      const expected = await schedulers(s);
      await s.redis.restartEmpty(3_000);
      return {
        afterwards: async () => {
          const restored = await s.until('schedulers restored', 60_000, async () => ((await schedulers(s)) >= expected ? true : undefined)).catch(() => false);
          const resumed = s.stack.trainers.some((t) => t.logs().includes('run-resumed'));
          return {
            checks: [{ name: 'schedulers restored', ok: restored === true && expected > 0, detail: `${expected} scheduler(s) before, ${await schedulers(s).catch(() => -1)} after` }],
            notes: [resumed ? 'reconciler logged run-resumed' : 'no run-resumed repair logged'],
          };
        },
      };
    }),
};
