import { runs } from '@alphapulse/db';
import type { FaultScenario } from '../scenario.ts';
import { ScenarioStack } from '../scenario-stack.ts';

/**
 * kill -9 of the trainer while its training job is in the `fit` step (the winner's refit and the
 * single test-window evaluation), then a new trainer process: the job is taken over once its lock
 * lapses and resumes at `fit`; one run, one model version, one promotion decision.
 */
export const trainerKilledRefit: FaultScenario = {
  id: 'trainer-killed-refit',
  fault: 'kill -9 of a trainer mid-refit (final fit step), restarted',
  short: true,
  async run({ postgres, log }) {
    const s = await ScenarioStack.start({ postgres });
    try {
      await s.startRun();
      const runId = await s.runId();
      const [run] = await s.stack.db.db.select().from(runs);
      const victim = s.stack.trainers[0];
      const landed = await s.withQueues(async (queue) => {
        const training = queue('training');
        return s.until('the fit step', 300_000, async () => {
          const job = await training.getJob(run.jobId as string);
          const step = (job?.data as { step?: string } | undefined)?.step;
          const done = step === 'publish' || step === 'record' || (await job?.isCompleted());
          if (step !== 'fit' && !done) return undefined;
          victim.child.kill('SIGKILL');
          const progress = (job?.progress as { message?: string } | undefined)?.message ?? '';
          return { step: done ? `${step} (past the fit)` : step, progress };
        }, 20);
      });
      const killedAt = performance.now();
      log(`trainer-killed-refit: killed in step ${landed.step}`);
      await s.stack.startTier('trainer');
      const { serviceBackSeconds, recoverySeconds } = await s.recovery(runId, s.ingest, killedAt);
      await s.settle();
      const fitFinished = victim.logs().includes('final model fitted and evaluated');
      return {
        serviceBackSeconds,
        recoverySeconds,
        ledger: await s.ledger(),
        checks: [
          {
            name: 'fault landed in the final fit',
            ok: landed.step === 'fit' && !fitFinished,
            detail: `step ${landed.step} (${landed.progress.slice(0, 60)}); the killed trainer had ${fitFinished ? '' : 'not '}logged the fit as finished`,
          },
        ],
        notes: ['figures from the kill; the job lock (JOB_LOCK_MS) is 10 s'],
      };
    } finally {
      await s.stop();
    }
  },
};
