import { runs } from '@alphapulse/db';
import type { FaultScenario } from '../scenario.ts';
import { runScenario } from '../scenario-runner.ts';

/**
 * kill -9 of the trainer while its training job is in the `fit` step (the winner's refit and the
 * single test-window evaluation), then a new trainer process: the job is taken over once its lock
 * lapses and resumes at `fit`; one run, one model version, one promotion decision.
 */
export const trainerKilledRefit: FaultScenario = {
  id: 'trainer-killed-refit',
  fault: 'kill -9 of a trainer mid-refit (final fit step), restarted',
  short: true,
  run: (context) =>
    runScenario(context, {}, async (s) => {
      await s.startRun();
      const runId = await s.runId();
      const [run] = await s.stack.db.db.select().from(runs);
      const victim = s.stack.trainers[0];
      const step = await s.withQueues(async (queue) => {
        const training = queue('training');
        return s.until('the fit step', 300_000, async () => {
          const job = await training.getJob(run.jobId as string);
          const at = (job?.data as { step?: string } | undefined)?.step;
          const past = at === 'publish' || at === 'record' || (await job?.isCompleted());
          if (at !== 'fit' && !past) return undefined;
          victim.child.kill('SIGKILL');
          return past ? `${at} (past the fit)` : at;
        }, 20);
      });
      const killedAt = performance.now();
      context.log(`trainer-killed-refit: killed in step ${step}`);
      const replacement = await s.stack.startTier('trainer');
      const fitFinished = victim.logs().includes('final model fitted and evaluated');
      return {
        runId,
        since: killedAt,
        service: replacement,
        checks: [{ name: 'fault landed in the final fit', ok: step === 'fit' && !fitFinished, detail: `killed in step ${step}; the killed trainer had ${fitFinished ? '' : 'not '}logged the fit as finished` }],
        notes: ["figures from the kill; service back: the new trainer's /status; the job lock (JOB_LOCK_MS) is 10 s"],
      };
    }),
};
