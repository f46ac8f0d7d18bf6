import type { TierProcess } from '../../test/support/tier-process.ts';
import type { Check, ScenarioContext, ScenarioOutcome } from './scenario.ts';
import { ScenarioStack, type ScenarioStackOptions } from './scenario-stack.ts';

/** What a fault injection reports once the fault has ended. */
export interface Injected {
  /** The run to wait for, or a wait for it (a fault that struck before the run existed). */
  runId: string | (() => Promise<string>);
  /** Recovery is measured from this performance.now() reading; default: when the injection returned. */
  since?: number;
  /** The tier whose `/status` tells that service is back; default the first ingest tier. */
  service?: TierProcess;
  checks?: Check[];
  notes?: string[];
  /** Checks made once the run has completed and the queues have settled. */
  afterwards?: () => Promise<{ checks?: Check[]; notes?: string[] }>;
}

/**
 * One scenario's whole life: a stack of its own, `inject` (which starts the run and injects and ends
 * the fault), then the recovery figures, the settled queues, the counts, and the stack torn down.
 */
export async function runScenario(
  context: ScenarioContext,
  options: Omit<ScenarioStackOptions, 'postgres'>,
  inject: (s: ScenarioStack) => Promise<Injected>,
): Promise<ScenarioOutcome> {
  const s = await ScenarioStack.start({ ...options, postgres: context.postgres });
  try {
    const injected = await inject(s);
    const { serviceBackSeconds, recoverySeconds } = await s.recovery(injected.runId, injected.service ?? s.ingest, injected.since);
    await s.settle();
    const later = (await injected.afterwards?.()) ?? {};
    return {
      serviceBackSeconds,
      recoverySeconds,
      ledger: await s.ledger(),
      checks: [...(injected.checks ?? []), ...(later.checks ?? [])],
      notes: [...(injected.notes ?? []), ...(later.notes ?? [])],
    };
  } finally {
    await s.stop();
  }
}

/**
 * runScenario for a fault during a study: starts the sample run, waits until its first trial is
 * done, then calls `inject` (which returns once the fault has ended), and checks the fault landed
 * while the study was still running.
 */
export async function faultDuringStudy(
  context: ScenarioContext,
  id: string,
  options: Omit<ScenarioStackOptions, 'postgres'>,
  inject: (s: ScenarioStack, runId: string) => Promise<Omit<Injected, 'runId'>>,
): Promise<ScenarioOutcome> {
  return runScenario(context, options, async (s) => {
    await s.startRun();
    const runId = await s.studyUnderWay();
    const before = await s.studyProgress(runId);
    context.log(`${id}: injecting at ${before.text}`);
    const injected = await inject(s, runId);
    context.log(`${id}: fault over`);
    const landed: Check = { name: 'fault landed mid-study', ok: before.running && before.finished < before.budget, detail: before.text };
    return { ...injected, runId, checks: [landed, ...(injected.checks ?? [])] };
  });
}
