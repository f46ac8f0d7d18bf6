import { type Db, driftReports } from '@alphapulse/db';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DriftReport } from './drift.ts';
import { TrackingInputError } from './errors.ts';
import { fromJsonSafe, toJsonSafe } from './json-numbers.ts';

export interface DriftReportRecord {
  id: number;
  batchId: string;
  modelVersionId: number;
  shareDrifted: number;
  drifted: boolean;
  /** The whole report: per-feature results, options, skipped features. */
  report: DriftReport;
  retrainJobId: string | null;
  createdAt: Date;
}

// An arbitrary constant (with the pair's hash): serialises recording the report of one batch and model.
const DRIFT_LOCK_SPACE = 7_411_904;

/** Drift reports: one per feature batch and model version. */
export class DriftRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores the report of a batch against a model version, once: recording the same pair again
   * (a retried job) returns the stored report with `created: false`, attaching `retrainJobId` if
   * the stored one had none.
   */
  async record(input: {
    batchId: string;
    modelVersionId: number;
    report: DriftReport;
    retrainJobId?: string;
  }): Promise<{ created: boolean; record: DriftReportRecord }> {
    if (!input.batchId) throw new TrackingInputError('batchId', 'must be non-empty');
    if (!Number.isInteger(input.modelVersionId) || input.modelVersionId < 1)
      throw new TrackingInputError('modelVersionId', 'must be a positive integer');
    if (!(input.report.shareDrifted >= 0 && input.report.shareDrifted <= 1))
      throw new TrackingInputError('report.shareDrifted', 'must be in [0, 1]');
    return this.db.transaction(async (tx) => {
      await tx.execute(
        sql`select pg_advisory_xact_lock(${DRIFT_LOCK_SPACE}, hashtext(${`${input.batchId}|${input.modelVersionId}`}))`,
      );
      const match = and(eq(driftReports.batchId, input.batchId), eq(driftReports.modelVersionId, input.modelVersionId));
      const [existing] = await tx.select().from(driftReports).where(match).orderBy(desc(driftReports.id)).limit(1);
      if (existing) {
        if (input.retrainJobId && existing.retrainJobId === null) {
          const [updated] = await tx
            .update(driftReports)
            .set({ retrainJobId: input.retrainJobId })
            .where(and(eq(driftReports.id, existing.id), isNull(driftReports.retrainJobId)))
            .returning();
          return { created: false, record: toRecord(updated) };
        }
        return { created: false, record: toRecord(existing) };
      }
      const [row] = await tx
        .insert(driftReports)
        .values({
          batchId: input.batchId,
          modelVersionId: input.modelVersionId,
          shareDrifted: input.report.shareDrifted,
          drifted: input.report.drifted,
          features: toJsonSafe(input.report),
          retrainJobId: input.retrainJobId ?? null,
        })
        .returning();
      return { created: true, record: toRecord(row) };
    });
  }

  /** Notes the retrain job a drift report caused. */
  async attachRetrainJob(reportId: number, retrainJobId: string): Promise<void> {
    await this.db.update(driftReports).set({ retrainJobId }).where(eq(driftReports.id, reportId));
  }

  /** Reports newest first. */
  async latest(options: { limit?: number } = {}): Promise<DriftReportRecord[]> {
    const limit = options.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1) throw new TrackingInputError('limit', 'must be a positive integer');
    const rows = await this.db.select().from(driftReports).orderBy(desc(driftReports.id)).limit(limit);
    return rows.map(toRecord);
  }
}

function toRecord(row: typeof driftReports.$inferSelect): DriftReportRecord {
  const { features, ...rest } = row;
  return { ...rest, report: fromJsonSafe(features) as DriftReport };
}
