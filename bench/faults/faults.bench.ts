import path from 'node:path';
import type { BenchContext, BenchResult, Ceilings } from '../run.ts';
import { resultNotes } from './fault-report.ts';
import { runFaultSuite } from './fault-suite.ts';
import { writeFaultReport } from './run-faults.ts';

/** The full suite takes about 10 minutes on a quiet 2-core machine: more than the default module limit. */
export const timeoutMinutes = 45;

/**
 * `npm run bench -- --only faults`: every fault scenario (the short ones with `--quick`), one row
 * per fault with the seconds until its run completed after the fault, and the details (service back,
 * stranded, lost, duplicated, checks) in the note. The full table goes to bench/out/faults/.
 */
export async function run(_ceilings: Ceilings, context: BenchContext): Promise<BenchResult[]> {
  const report = await runFaultSuite({ short: context.quick });
  await writeFaultReport(report, path.join(context.outDir, 'faults'));
  const rows: BenchResult[] = report.results.map((r) => ({
    name: `faults: ${r.fault}`,
    value: r.recoverySeconds ?? Number.NaN,
    unit: 's to completed',
    note:
      `${r.passed ? 'passed' : r.recovered ? 'recovered with findings' : 'NOT recovered'}; service back ${r.serviceBackSeconds?.toFixed(1) ?? '—'} s; ` +
      `stranded ${r.ledger.stranded}, lost ${r.ledger.jobsLost}, duplicate runs/versions/decisions ${r.ledger.duplicateRuns}/${r.ledger.duplicateVersions}/${r.ledger.duplicateDecisions}; ${resultNotes(r)}`,
  }));
  rows.push({ name: 'faults: scenarios passed', value: report.results.filter((r) => r.passed).length, unit: `of ${report.results.length}`, note: `${report.wallSeconds.toFixed(0)} s wall; table in bench/out/faults/results.md` });
  return rows;
}
