import type { FaultScenario } from '../scenario.ts';
import { ScenarioStack } from '../scenario-stack.ts';

/** The same run without a fault: the yardstick for the recovery seconds of the others (from its study's start). */
export const baseline: FaultScenario = {
  id: 'baseline',
  fault: 'none (the same run, no fault)',
  short: false,
  async run({ postgres }) {
    const s = await ScenarioStack.start({ postgres });
    try {
      await s.startRun();
      const runId = await s.studyUnderWay();
      const { serviceBackSeconds, recoverySeconds } = await s.recovery(runId);
      await s.settle();
      return { serviceBackSeconds, recoverySeconds, ledger: await s.ledger(), checks: [], notes: ['seconds from the point where the others inject their fault (first trial done) to completion'] };
    } finally {
      await s.stop();
    }
  },
};
