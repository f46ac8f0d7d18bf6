import type { FaultScenario } from '../scenario.ts';
import { runScenario } from '../scenario-runner.ts';

/**
 * kill -9 of the ingest tier while a bars.fetch or features.build job of the run is active (the
 * ingestion flow, before training), then a new ingest process: the flow resumes, the run completes, once.
 */
export const ingestKilled: FaultScenario = {
  id: 'ingest-killed',
  fault: 'kill -9 of the ingest tier mid-flow (bars/features), restarted',
  short: false,
  run: (context) =>
    runScenario(context, {}, async (s) => {
      const active = await s.withQueues(async (queue) => {
        const bars = queue('ingest-bars');
        const features = queue('features');
        await s.startRun();
        return s.until('an active ingestion job', 60_000, async () => {
          const jobs = [...(await bars.getActive()), ...(await features.getActive())].filter((j) => j.name !== 'ingest.run');
          if (jobs.length === 0) return undefined;
          s.ingest.child.kill('SIGKILL');
          return jobs.map((j) => j.name);
        }, 20);
      });
      const killedAt = performance.now();
      context.log(`ingest-killed: killed with ${active.join(', ')} active`);
      const ingest = await s.stack.startTier('ingest');
      const restartSeconds = (performance.now() - killedAt) / 1000;
      return {
        runId: () => s.runId(),
        since: killedAt,
        service: ingest,
        checks: [{ name: 'fault landed mid-flow', ok: active.length > 0, detail: `active when killed: ${active.join(', ')}` }],
        notes: [`figures from the kill; the new process answered /healthz after ${restartSeconds.toFixed(1)} s`],
      };
    }),
};
