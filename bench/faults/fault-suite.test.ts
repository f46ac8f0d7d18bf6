import { describe, expect, it } from 'vitest';
import { faultTable } from './fault-report.ts';
import { type FaultSuiteReport, selectScenarios, UnknownScenarioError, verdict } from './fault-suite.ts';
import type { Ledger } from './ledger.ts';

const clean: Ledger = { runs: 1, completedRuns: 1, stranded: 0, failedRuns: 0, jobsLost: 0, duplicateRuns: 0, duplicateVersions: 0, duplicateDecisions: 0, failedJobs: {}, findings: [] };

describe('the fault suite', () => {
  it('runs the short scenarios in CI and refuses an unknown one', () => {
    expect(selectScenarios({ short: true }).map((s) => s.id)).toEqual(['postgres-down', 'redis-restarted-empty', 'trainer-killed-refit']);
    expect(selectScenarios({ only: ['redis-down'] }).map((s) => s.id)).toEqual(['redis-down']);
    expect(() => selectScenarios({ only: ['nope'] })).toThrow(UnknownScenarioError);
  });

  it('passes a scenario only when its run completed with nothing stranded, lost or duplicated and every check held', () => {
    const base = { serviceBackSeconds: 1, recoverySeconds: 10, ledger: clean, checks: [], notes: [] };
    expect(verdict('a', 'f', base, 1)).toMatchObject({ recovered: true, passed: true });
    expect(verdict('a', 'f', { ...base, recoverySeconds: null, ledger: { ...clean, completedRuns: 0, stranded: 1 } }, 1)).toMatchObject({ recovered: false, passed: false });
    expect(verdict('a', 'f', { ...base, ledger: { ...clean, duplicateRuns: 1 } }, 1)).toMatchObject({ recovered: true, passed: false });
    expect(verdict('a', 'f', { ...base, ledger: { ...clean, jobsLost: 2 } }, 1).passed).toBe(false);
    expect(verdict('a', 'f', { ...base, checks: [{ name: 'c', ok: false, detail: 'd' }] }, 1).passed).toBe(false);
  });

  it('prints one table row per fault, an unrecovered one in bold', () => {
    const report: FaultSuiteReport = {
      startedAt: '',
      finishedAt: '',
      short: false,
      wallSeconds: 1,
      loadAverage: { start: 1, end: 1 },
      passed: false,
      results: [
        verdict('a', 'Postgres | down', { serviceBackSeconds: 0.1, recoverySeconds: 12.34, ledger: clean, checks: [], notes: [] }, 1),
        verdict('b', 'Redis down', { serviceBackSeconds: null, recoverySeconds: null, ledger: { ...clean, completedRuns: 0, stranded: 1, findings: ['run r still running'] }, checks: [], notes: [] }, 1),
      ],
    };
    const rows = faultTable(report).split('\n').slice(2);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Postgres \\| down | yes | 0.1 | 12.3 | 0 | 0 | 0 | 0 | 0 |');
    expect(rows[1]).toContain('Redis down | **no** | — | — | 1 | 0 | 0 | 0 | 0 | run r still running |');
  });
});
