import { describeProbe, probe } from '../probes.ts';
import type { FaultScenario } from '../scenario.ts';
import { faultDuringStudy } from '../scenario-runner.ts';

const DOWN_MS = 25_000;

/** The suite's Postgres cluster stopped (fast shutdown: every connection cut) for 25 s mid-study. */
export const postgresDown: FaultScenario = {
  id: 'postgres-down',
  fault: 'Postgres down 25 s during a study',
  short: true,
  run: (context) =>
    faultDuringStudy(context, 'postgres-down', {}, async (s) => {
      const { postgres } = context;
      await postgres.stop();
      const stoppedAt = Date.now();
      await new Promise((r) => setTimeout(r, 5_000));
      const during = await Promise.all([
        probe('ingest GET /healthz', `${s.ingest.url}/healthz`),
        probe('ingest GET /readyz', `${s.ingest.url}/readyz`),
        probe('ingest GET /runs', `${s.ingest.url}/runs`, { headers: s.auth }),
      ]);
      await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - stoppedAt))));
      await postgres.start();
      const downSeconds = (Date.now() - stoppedAt) / 1000;
      return { notes: [`down ${downSeconds.toFixed(0)} s, from stopped to accepting connections`, `during: ${during.map(describeProbe).join('; ')}`] };
    }),
};
