import os from 'node:os';
import type { FaultSuiteReport } from './fault-suite.ts';
import type { FaultResult } from './scenario.ts';

const seconds = (s: number | null) => (s === null ? '—' : s.toFixed(1));
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** What the table says about the checks and findings of one scenario. */
export function resultNotes(r: FaultResult): string {
  const parts = [
    ...(r.error ? [`error: ${r.error}`] : []),
    ...r.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`),
    ...r.ledger.findings,
    ...r.notes,
  ];
  return parts.join('; ');
}

/** The suite's results as a markdown table, one row per fault. */
export function faultTable(report: FaultSuiteReport): string {
  const lines = [
    '| fault | recovered | service back (s) | run completed (s) | runs stranded | jobs lost | duplicate runs | duplicate versions | duplicate promotion decisions | notes |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.results.map((r) =>
      [
        cell(r.fault),
        r.recovered ? (r.passed ? 'yes' : 'yes, with findings') : '**no**',
        seconds(r.serviceBackSeconds),
        seconds(r.recoverySeconds),
        r.ledger.stranded,
        r.ledger.jobsLost,
        r.ledger.duplicateRuns,
        r.ledger.duplicateVersions,
        r.ledger.duplicateDecisions,
        cell(resultNotes(r)),
      ].join(' | '),
    ).map((row) => `| ${row} |`),
  ];
  return lines.join('\n');
}

/** The whole report as markdown: when, how long, the table, and the verdict. */
export function faultMarkdown(report: FaultSuiteReport): string {
  const passed = report.results.filter((r) => r.passed).length;
  return [
    `# Fault suite${report.short ? ' (--short)' : ''}`,
    '',
    `${report.startedAt} → ${report.finishedAt}, ${report.wallSeconds.toFixed(0)} s wall, load average ${report.loadAverage.start} at the start and ${report.loadAverage.end} at the end on ${os.cpus().length} cores. ${passed} of ${report.results.length} scenarios passed.`,
    '',
    faultTable(report),
    '',
    'Seconds are counted from the end of the fault (dependency back, or the kill) to the ingest tier answering `GET /status` 200 and to the run being `completed`. Counts come from Postgres (runs, model_versions, automatic promotion decisions in model_alias_events, trials) and from BullMQ\'s failed sets, not from logs.',
    '',
  ].join('\n');
}
