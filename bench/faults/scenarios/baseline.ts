import type { FaultScenario } from '../scenario.ts';
import { faultDuringStudy } from '../scenario-runner.ts';

/** The same run without a fault: the yardstick for the recovery seconds of the others. */
export const baseline: FaultScenario = {
  id: 'baseline',
  fault: 'none (the same run, no fault)',
  short: false,
  run: (context) =>
    faultDuringStudy(context, 'baseline', {}, async () => ({ notes: ['seconds from the point where the others inject their fault (first trial done) to completion'] })),
};
