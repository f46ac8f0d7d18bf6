import { describeProbe, probe } from '../probes.ts';
import type { FaultScenario } from '../scenario.ts';
import { ScenarioStack } from '../scenario-stack.ts';

const DOWN_MS = 25_000;

/** The suite's Postgres cluster stopped (fast shutdown: every connection cut) for 25 s mid-study. */
export const postgresDown: FaultScenario = {
  id: 'postgres-down',
  fault: 'Postgres down 25 s during a study',
  short: true,
  async run({ postgres, log }) {
    const s = await ScenarioStack.start({ postgres });
    try {
      await s.startRun();
      const runId = await s.studyUnderWay();
      const before = await s.studyProgress(runId);
      log(`postgres-down: stopping Postgres at ${before.text}`);
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
      log('postgres-down: Postgres is back');
      const { serviceBackSeconds, recoverySeconds } = await s.recovery(runId);
      await s.settle();
      return {
        serviceBackSeconds,
        recoverySeconds,
        ledger: await s.ledger(),
        checks: [{ name: 'fault landed mid-study', ok: before.running && before.finished < before.budget, detail: before.text }],
        notes: [`down ${((Date.now() - stoppedAt) / 1000).toFixed(0)} s incl. restart`, `during: ${during.map(describeProbe).join('; ')}`],
      };
    } finally {
      await s.stop();
    }
  },
};
