import os from 'node:os';
import { startPrivatePostgres } from '../../test/support/postgres-cluster.ts';
import { onInterrupt } from './cleanups.ts';
import type { FaultResult, FaultScenario } from './scenario.ts';
import { baseline } from './scenarios/baseline.ts';
import { ingestKilled } from './scenarios/ingest-killed.ts';
import { postgresDown } from './scenarios/postgres-down.ts';
import { redisDown } from './scenarios/redis-down.ts';
import { redisPasswordRotated } from './scenarios/redis-password-rotated.ts';
import { redisRestartedEmpty } from './scenarios/redis-restarted-empty.ts';
import { trainerKilledRefit } from './scenarios/trainer-killed-refit.ts';

/** Every scenario, in the order they run. */
export const SCENARIOS: FaultScenario[] = [baseline, postgresDown, redisRestartedEmpty, redisDown, redisPasswordRotated, ingestKilled, trainerKilledRefit];

export interface FaultSuiteOptions {
  /** Only the scenarios marked `short` (CI). */
  short?: boolean;
  /** Scenario ids to run (default: all, or the short ones). */
  only?: string[];
  log?: (line: string) => void;
}

export interface FaultSuiteReport {
  startedAt: string;
  finishedAt: string;
  short: boolean;
  wallSeconds: number;
  /** The machine's 1-minute load average at the start and at the end (the figures depend on it). */
  loadAverage: { start: number; end: number };
  results: FaultResult[];
  /** Every scenario passed. */
  passed: boolean;
}

/** Thrown for an unknown scenario id. */
export class UnknownScenarioError extends Error {
  override name = 'UnknownScenarioError';
}

export function selectScenarios(options: FaultSuiteOptions): FaultScenario[] {
  for (const id of options.only ?? []) {
    if (!SCENARIOS.some((s) => s.id === id)) throw new UnknownScenarioError(`no fault scenario ${id}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  }
  if (options.only?.length) return SCENARIOS.filter((s) => options.only?.includes(s.id));
  return options.short ? SCENARIOS.filter((s) => s.short) : SCENARIOS;
}

/** A scenario's result: recovered when its run completed; passed when, besides, nothing was stranded, lost or duplicated and every check held. */
export function verdict(id: string, fault: string, outcome: Omit<FaultResult, 'id' | 'fault' | 'recovered' | 'passed' | 'wallSeconds'>, wallSeconds: number): FaultResult {
  const l = outcome.ledger;
  const recovered = outcome.recoverySeconds !== null && l.completedRuns >= 1;
  const clean = l.stranded + l.jobsLost + l.duplicateRuns + l.duplicateVersions + l.duplicateDecisions + l.failedRuns === 0;
  return { id, fault, ...outcome, recovered, passed: recovered && clean && outcome.checks.every((c) => c.ok) && !outcome.error, wallSeconds };
}

const EMPTY_LEDGER = { runs: 0, completedRuns: 0, stranded: 0, failedRuns: 0, jobsLost: 0, duplicateRuns: 0, duplicateVersions: 0, duplicateDecisions: 0, failedJobs: {}, findings: [] };

/**
 * Runs the scenarios one after another on a Postgres cluster of the suite's own (a free loopback
 * port, dropped at the end); each scenario brings its own redis-server, database, s3rver and tiers.
 * A scenario that breaks is reported as not recovered, with the reason; the others still run.
 */
export async function runFaultSuite(options: FaultSuiteOptions = {}): Promise<FaultSuiteReport> {
  const log = options.log ?? ((line: string) => console.error(`[faults] ${line}`));
  const scenarios = selectScenarios(options);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const loadStart = os.loadavg()[0];
  const postgres = await startPrivatePostgres();
  const forget = onInterrupt(() => postgres.close());
  const results: FaultResult[] = [];
  try {
    for (const scenario of scenarios) {
      log(`${scenario.id} ...`);
      const t0 = performance.now();
      let result: FaultResult;
      try {
        const outcome = await scenario.run({ postgres, log });
        result = verdict(scenario.id, scenario.fault, outcome, (performance.now() - t0) / 1000);
      } catch (err) {
        const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        result = verdict(scenario.id, scenario.fault, { serviceBackSeconds: null, recoverySeconds: null, ledger: EMPTY_LEDGER, checks: [], notes: [], error }, (performance.now() - t0) / 1000);
        // The scenario may have left the cluster stopped.
        await postgres.start().catch(() => undefined);
      }
      log(`${scenario.id}: ${result.passed ? 'passed' : 'FAILED'} in ${result.wallSeconds.toFixed(0)} s${result.error ? ` (${result.error})` : ''}`);
      results.push(result);
    }
  } finally {
    forget();
    await postgres.close();
  }
  return { startedAt, finishedAt: new Date().toISOString(), short: options.short === true, wallSeconds: (performance.now() - started) / 1000,
    loadAverage: { start: Math.round(loadStart * 100) / 100, end: Math.round(os.loadavg()[0] * 100) / 100 },
    results, passed: results.every((r) => r.passed) };
}
