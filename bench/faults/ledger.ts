import { type Database, modelAliasEvents, modelVersions, runs, studies, trials } from '@alphapulse/db';
import { connectRedis, QUEUES } from '@alphapulse/queue';
import { Queue } from 'bullmq';
import { inArray, like } from 'drizzle-orm';

/**
 * What a fault left behind, counted from the sources of truth (Postgres rows, BullMQ sets), never
 * from logs. Every count but `runs` must be 0 after a recovery.
 */
export interface Ledger {
  /** Run rows in the database. */
  runs: number;
  completedRuns: number;
  /** Runs still `running`: work that will never end by itself. */
  stranded: number;
  /** Runs that ended `failed`. */
  failedRuns: number;
  /** Work asked for and never done: trials of a finished study that did not finish, failed jobs nobody redid, a completed run without its model version or promotion decision. */
  jobsLost: number;
  /** Run rows beyond the one requested (a duplicate, or a ghost of a request the client gave up on). */
  duplicateRuns: number;
  /** Model versions beyond one per run. */
  duplicateVersions: number;
  /** Automatic promotion decisions (alias events) beyond one per version. */
  duplicateDecisions: number;
  /** Jobs in BullMQ's failed sets, per queue (those counted in jobsLost and those whose work was redone). */
  failedJobs: Record<string, number>;
  /** Human-readable reasons for every non-zero count. */
  findings: string[];
}

const FINISHED_TRIAL = new Set(['complete', 'pruned']);

interface FailedJob {
  queue: string;
  id: string;
  name: string;
  data: Record<string, unknown>;
  reason: string;
}

async function failedJobs(redisUrl: string, prefix: string): Promise<FailedJob[]> {
  const redis = await connectRedis({ url: redisUrl });
  const out: FailedJob[] = [];
  try {
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection: redis, prefix });
      try {
        for (const job of await queue.getFailed(0, -1)) {
          out.push({ queue: name, id: String(job.id), name: job.name, data: job.data as Record<string, unknown>, reason: job.failedReason ?? '' });
        }
      } finally {
        await queue.close();
      }
    }
  } finally {
    redis.disconnect();
  }
  return out;
}

/** Counts, for one scenario's database and queue prefix, what was stranded, lost or duplicated. `expectedRuns`: how many runs were asked for. */
export async function countLedger(db: Database, redisUrl: string, prefix: string, expectedRuns = 1): Promise<Ledger> {
  const findings: string[] = [];
  const runRows = await db.db.select().from(runs);
  const runIds = runRows.map((r) => r.id);
  const versionRows = runIds.length ? await db.db.select().from(modelVersions).where(inArray(modelVersions.runId, runIds)) : [];
  const decisions = await db.db.select().from(modelAliasEvents).where(like(modelAliasEvents.reason, 'auto:%'));
  const studyRows = runIds.length ? await db.db.select().from(studies).where(inArray(studies.runId, runIds)) : [];
  const trialRows = studyRows.length ? await db.db.select().from(trials).where(inArray(trials.studyId, studyRows.map((s) => s.id))) : [];
  const failed = await failedJobs(redisUrl, prefix);

  const stranded = runRows.filter((r) => r.status === 'running');
  for (const r of stranded) findings.push(`run ${r.id} still running`);
  const failedRuns = runRows.filter((r) => r.status === 'failed');
  for (const r of failedRuns) findings.push(`run ${r.id} failed: ${(r.error ?? '').slice(0, 160)}`);
  const duplicateRuns = Math.max(0, runRows.length - expectedRuns);
  if (duplicateRuns) findings.push(`${runRows.length} runs for ${expectedRuns} requested`);

  let lost = 0;
  let duplicateVersions = 0;
  let duplicateDecisions = 0;
  for (const run of runRows) {
    const versions = versionRows.filter((v) => v.runId === run.id);
    if (versions.length > 1) {
      duplicateVersions += versions.length - 1;
      findings.push(`run ${run.id}: ${versions.length} model versions`);
    }
    if (run.status === 'completed') {
      if (versions.length === 0) {
        lost++;
        findings.push(`run ${run.id} completed without a model version`);
      } else if (!versions[0].promotion) {
        lost++;
        findings.push(`version ${versions[0].id} has no promotion decision`);
      }
    }
    for (const v of versions) {
      const n = decisions.filter((d) => d.versionId === v.id).length;
      if (n > 1) {
        duplicateDecisions += n - 1;
        findings.push(`version ${v.id}: ${n} automatic promotion decisions`);
      }
    }
    const study = studyRows.find((s) => s.runId === run.id);
    if (study && study.status !== 'running') {
      const rows = trialRows.filter((t) => t.studyId === study.id);
      const unfinished = rows.filter((t) => !FINISHED_TRIAL.has(t.status));
      const missing = Math.max(0, study.budget - rows.length);
      if (unfinished.length + missing > 0) {
        lost += unfinished.length + missing;
        findings.push(`study ${study.id}: ${unfinished.length} trials unfinished (${unfinished.map((t) => `#${t.number} ${t.status}`).join(', ')}), ${missing} never recorded, of ${study.budget}`);
      }
    }
  }
  // A failed job is lost work unless what it was for got done anyway.
  const redone = (job: FailedJob): boolean => {
    if (job.name === 'trials.run') {
      const t = trialRows.find((r) => r.studyId === job.data.studyId && r.number === job.data.number);
      return t !== undefined && FINISHED_TRIAL.has(t.status);
    }
    if (job.name === 'training.run') return runRows.some((r) => r.jobId === job.id && r.status === 'completed');
    return false;
  };
  const failedByQueue: Record<string, number> = {};
  for (const job of failed) {
    failedByQueue[job.queue] = (failedByQueue[job.queue] ?? 0) + 1;
    if (!redone(job)) {
      lost++;
      findings.push(`job ${job.queue}/${job.id} failed: ${job.reason.slice(0, 160)}`);
    }
  }
  return {
    runs: runRows.length,
    completedRuns: runRows.filter((r) => r.status === 'completed').length,
    stranded: stranded.length,
    failedRuns: failedRuns.length,
    jobsLost: lost,
    duplicateRuns,
    duplicateVersions,
    duplicateDecisions,
    failedJobs: failedByQueue,
    findings,
  };
}
