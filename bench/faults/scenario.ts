import type { PrivatePostgres } from '../../test/support/postgres-cluster.ts';
import type { Ledger } from './ledger.ts';

/** A property a scenario asserts besides recovery (a route answered in time, no secret was printed). */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ScenarioContext {
  /** The suite's Postgres cluster; each scenario makes its own database on it (and may stop it). */
  postgres: PrivatePostgres;
  log(line: string): void;
}

/** What one scenario measured, from its sources of truth. */
export interface ScenarioOutcome {
  /** From the fault's end (dependency back, process replaced) until the ingest tier's /status answers 200. */
  serviceBackSeconds: number | null;
  /** From the fault's end until the run is `completed`; null when it was not within the scenario's limit. */
  recoverySeconds: number | null;
  ledger: Ledger;
  checks: Check[];
  /** Where the fault landed, what the routes answered, anything a reader needs to judge the figures. */
  notes: string[];
}

/** One fault, injected during a real run. */
export interface FaultScenario {
  id: string;
  /** The fault, as the README's table names it. */
  fault: string;
  /** Part of the short suite (`--short`, CI). */
  short: boolean;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}

/** A scenario's row in the report. */
export interface FaultResult extends ScenarioOutcome {
  id: string;
  fault: string;
  /** The run reached `completed` after the fault. */
  recovered: boolean;
  /** Recovered, nothing stranded, lost or duplicated, and every check held. */
  passed: boolean;
  wallSeconds: number;
  /** The scenario itself broke (set-up failed, a wait ran out before the fault). */
  error?: string;
}
