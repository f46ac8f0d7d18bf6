import { featureBatches } from '@alphapulse/db';
import { describeProbe, type Probe, probe } from '../probes.ts';
import type { FaultScenario } from '../scenario.ts';
import { faultDuringStudy } from '../scenario-runner.ts';
import { SAMPLE_INGEST, type ScenarioStack } from '../scenario-stack.ts';

const DOWN_MS = 30_000;
/** Asked for while Redis is down: it must be refused, never queued for later (a ghost run). */
const GHOST = { ...SAMPLE_INGEST, symbols: ['SYN-TREND'] };

async function probeRound(s: ScenarioStack, trainerUrl: string): Promise<{ liveness: Probe[]; redisRoutes: Probe[] }> {
  const json = { method: 'POST', headers: s.auth, body: JSON.stringify(GHOST) };
  const [liveness, redisRoutes] = await Promise.all([
    Promise.all([probe('ingest GET /healthz', `${s.ingest.url}/healthz`), probe('trainer GET /healthz', `${trainerUrl}/healthz`)]),
    Promise.all([
      probe('ingest GET /readyz', `${s.ingest.url}/readyz`),
      probe('ingest GET /status', `${s.ingest.url}/status`, { headers: s.auth }),
      probe('ingest GET /schedules', `${s.ingest.url}/schedules`, { headers: s.auth }),
      probe('ingest GET /metrics', `${s.ingest.url}/metrics`, { headers: s.auth }),
      probe('ingest POST /ingest', `${s.ingest.url}/ingest`, json),
      probe('trainer GET /status', `${trainerUrl}/status`, { headers: s.auth }),
    ]),
  ]);
  return { liveness, redisRoutes };
}

/**
 * The scenario's redis-server shut down (its keys saved) for about 30 s mid-study and started again
 * with them. While it is down: liveness must answer at once, routes that need Redis must answer 503
 * within 2 s, and a request made then must not run later.
 */
export const redisDown: FaultScenario = {
  id: 'redis-down',
  fault: 'Redis down 30 s during a study',
  short: false,
  run: (context) =>
    faultDuringStudy(context, 'redis-down', {}, async (s) => {
      const trainerUrl = s.stack.trainers[0].url;
      const outage = s.redis.outage(DOWN_MS);
      const downAt = Date.now();
      const rounds: Awaited<ReturnType<typeof probeRound>>[] = [];
      for (const at of [2_000, 15_000]) {
        await new Promise((r) => setTimeout(r, Math.max(0, at - (Date.now() - downAt))));
        rounds.push(await probeRound(s, trainerUrl));
      }
      await outage;
      const liveness = rounds.flatMap((r) => r.liveness);
      const redisRoutes = rounds.flatMap((r) => r.redisRoutes);
      return {
        checks: [
          { name: '/healthz answers at once (200 in < 1 s)', ok: liveness.every((p) => p.status === 200 && p.ms < 1_000), detail: liveness.map(describeProbe).join('; ') },
          { name: 'Redis routes answer 503 within 2 s', ok: redisRoutes.every((p) => p.status === 503 && p.ms < 2_000), detail: redisRoutes.map(describeProbe).join('; ') },
        ],
        afterwards: async () => {
          const ghostJobs = await s.withQueues(async (queue) => {
            const jobs = [...(await queue('features').getJobs()), ...(await queue('ingest-bars').getJobs())];
            return jobs.filter((j) => JSON.stringify(j.data).includes('SYN-TREND')).length;
          });
          const ghostBatches = (await s.stack.db.db.select().from(featureBatches)).filter((b) => b.symbols.includes('SYN-TREND')).length;
          return {
            checks: [{ name: 'no ghost run from a request made during the outage', ok: ghostJobs === 0 && ghostBatches === 0, detail: `${ghostJobs} job(s) and ${ghostBatches} feature batch(es) for the request made then` }],
          };
        },
      };
    }),
};
