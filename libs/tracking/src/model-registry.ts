import { type Db, modelAliasEvents, modelAliases, modelVersions } from '@alphapulse/db';
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from './db-helpers.ts';
import { RollbackError, TrackingConflictError, TrackingInputError, UnknownModelVersionError } from './errors.ts';
import { fromJsonSafe, toJsonSafe } from './json-numbers.ts';
import { ageInDays, decidePromotion, type PromotionDecision, type WindowScore } from './promotion.ts';

export type ModelAlias = 'champion' | 'challenger';

/** Validation metrics of a model version: at least its window and log loss, plus whatever else was measured. */
export interface ValidationMetrics extends WindowScore {
  [metric: string]: unknown;
}

export interface RegisterModelInput {
  runId: string;
  modelKind: string;
  featureSetHash: string;
  /** Object-store prefix of the artifacts, `models/<runId>/`. */
  artifactPrefix: string;
  validationMetrics: ValidationMetrics;
  testMetrics: Record<string, unknown>;
}

export interface ModelVersionRecord {
  id: number;
  runId: string;
  modelKind: string;
  featureSetHash: string;
  artifactPrefix: string;
  validationMetrics: ValidationMetrics;
  testMetrics: Record<string, unknown>;
  createdAt: Date;
}

export type AliasEvent = typeof modelAliasEvents.$inferSelect;

export interface AliasChange {
  /** False when the alias already pointed there (nothing recorded). */
  changed: boolean;
  alias: ModelAlias;
  versionId: number;
  previousVersionId: number | null;
  event?: AliasEvent;
}

export interface AutoPromoteOptions {
  actor: string;
  /** Scores of the baselines (majority class, logistic regression, ...) on the candidate's validation window. */
  baselines: Record<string, WindowScore>;
  /**
   * The current champion re-scored on the candidate's validation window, when it was validated
   * elsewhere. It counts only if `versionId` still is the champion when the decision is taken
   * (another replica may have promoted a model since the re-score).
   */
  championOnSameWindow?: WindowScore & { versionId: number };
  minImprovement?: number;
}

export interface AutoPromoteResult {
  decision: PromotionDecision;
  /** The alias change made, if any (a challenger that already was challenger changes nothing). */
  change?: AliasChange;
}

export interface ChampionRecord extends ModelVersionRecord {
  promotedAt: Date;
}

export interface ChampionStatus {
  versionId: number;
  modelKind: string;
  createdAt: Date;
  promotedAt: Date;
  ageDays: number;
  maxAgeDays: number;
  /** Older than maxAgeDays (age counted from when the version was trained and registered). */
  stale: boolean;
}

// An arbitrary constant: serialises alias changes between trainer replicas and the API.
const ALIAS_LOCK = 7_411_903;

/**
 * Model versions (one per run), the `champion` / `challenger` aliases, and the append-only
 * history of every alias change: the registry part of what MLflow did.
 */
export class ModelRegistry {
  constructor(private readonly db: Db) {}

  /**
   * Registers the model of a completed run. Exactly one version per run: registering the run
   * again (a retried job) returns the existing version with `created: false`.
   */
  async register(input: RegisterModelInput): Promise<ModelVersionRecord & { created: boolean }> {
    for (const key of ['runId', 'modelKind', 'featureSetHash', 'artifactPrefix'] as const) {
      if (typeof input[key] !== 'string' || input[key].length === 0)
        throw new TrackingInputError(key, 'must be a non-empty string');
    }
    const v = input.validationMetrics;
    if (!v || typeof v.windowId !== 'string' || v.windowId.length === 0) {
      throw new TrackingInputError('validationMetrics.windowId', 'must name the validation window');
    }
    if (typeof v.logLoss !== 'number') throw new TrackingInputError('validationMetrics.logLoss', 'must be a number');
    const inserted = await this.db
      .insert(modelVersions)
      .values({ ...input, validationMetrics: toJsonSafe(v), testMetrics: toJsonSafe(input.testMetrics) })
      .onConflictDoNothing({ target: modelVersions.runId })
      .returning();
    if (inserted.length > 0) return { ...toRecord(inserted[0]), created: true };
    const [existing] = await this.db.select().from(modelVersions).where(eq(modelVersions.runId, input.runId));
    if (existing.artifactPrefix !== input.artifactPrefix) {
      throw new TrackingConflictError(
        `run ${input.runId} is already registered as version ${existing.id} at ${existing.artifactPrefix}`,
      );
    }
    return { ...toRecord(existing), created: false };
  }

  async get(versionId: number): Promise<ModelVersionRecord | undefined> {
    const [row] = await this.db.select().from(modelVersions).where(eq(modelVersions.id, versionId));
    return row && toRecord(row);
  }

  /** The version registered for a run, if any. */
  async byRun(runId: string): Promise<ModelVersionRecord | undefined> {
    const [row] = await this.db.select().from(modelVersions).where(eq(modelVersions.runId, runId));
    return row && toRecord(row);
  }

  /**
   * Applies `decidePromotion` to a registered version against the current champion and records
   * the outcome with its reason and the metrics compared: champion, or challenger otherwise.
   * Idempotent: re-deciding a version that already holds the alias records nothing.
   */
  async autoPromote(versionId: number, options: AutoPromoteOptions): Promise<AutoPromoteResult> {
    return this.db.transaction(async (tx) => {
      await lockAliases(tx);
      const candidate = await requireVersion(tx, versionId);
      const champion = await currentAlias(tx, 'champion');
      const championVersion = champion ? await requireVersion(tx, champion.versionId) : undefined;
      const decision = decidePromotion(
        { versionId, ...scoreOf(candidate.validationMetrics) },
        championVersion && {
          versionId: championVersion.id,
          validation: scoreOf(championVersion.validationMetrics),
          onCandidateWindow:
            options.championOnSameWindow?.versionId === championVersion.id ? options.championOnSameWindow : undefined,
        },
        options.baselines,
        { minImprovement: options.minImprovement },
      );
      if (decision.outcome === 'unchanged') return { decision };
      const metrics = {
        candidate: candidate.validationMetrics,
        champion: championVersion ? { versionId: championVersion.id, validation: championVersion.validationMetrics } : null,
        championOnSameWindow: options.championOnSameWindow ?? null,
        baselines: options.baselines,
        comparisons: decision.comparisons,
      };
      const change = await setAlias(tx, decision.outcome, versionId, options.actor, `auto: ${decision.reason}`, metrics);
      if (decision.outcome === 'champion') await clearChallengerIf(tx, versionId, options.actor);
      return { decision, change };
    });
  }

  /** Makes a version champion by hand (`POST /models/:id/promote`), recording who and why. */
  async promote(versionId: number, options: { actor: string; reason: string }): Promise<AliasChange> {
    return this.db.transaction(async (tx) => {
      await lockAliases(tx);
      const version = await requireVersion(tx, versionId);
      const change = await setAlias(tx, 'champion', versionId, options.actor, `manual: ${options.reason}`, {
        candidate: version.validationMetrics,
      });
      if (change.changed) await clearChallengerIf(tx, versionId, options.actor);
      return change;
    });
  }

  /** Points `champion` back at an earlier version than the current champion, recording who and why. */
  async rollback(toVersionId: number, options: { actor: string; reason: string }): Promise<AliasChange> {
    return this.db.transaction(async (tx) => {
      await lockAliases(tx);
      const target = await requireVersion(tx, toVersionId);
      const champion = await currentAlias(tx, 'champion');
      if (!champion) throw new RollbackError('there is no champion to roll back');
      if (target.id >= champion.versionId) {
        throw new RollbackError(`version ${target.id} is not earlier than the champion, version ${champion.versionId}`);
      }
      const change = await setAlias(
        tx,
        'champion',
        target.id,
        options.actor,
        `rollback from v${champion.versionId}: ${options.reason}`,
        {
          candidate: target.validationMetrics,
        },
      );
      await clearChallengerIf(tx, target.id, options.actor);
      return change;
    });
  }

  /** The champion version and when it became champion, or undefined. */
  async champion(): Promise<ChampionRecord | undefined> {
    const [row] = await this.db
      .select({ version: modelVersions, promotedAt: modelAliases.updatedAt })
      .from(modelAliases)
      .innerJoin(modelVersions, eq(modelVersions.id, modelAliases.versionId))
      .where(eq(modelAliases.alias, 'champion'));
    return row && { ...toRecord(row.version), promotedAt: row.promotedAt };
  }

  /** The champion's age against `maxAgeDays` (CHAMPION_MAX_AGE_DAYS), or null when there is none. */
  async championStatus(maxAgeDays: number, now: Date = new Date()): Promise<ChampionStatus | null> {
    const champion = await this.champion();
    if (!champion) return null;
    const ageDays = ageInDays(champion.createdAt, now);
    return {
      versionId: champion.id,
      modelKind: champion.modelKind,
      createdAt: champion.createdAt,
      promotedAt: champion.promotedAt,
      ageDays,
      maxAgeDays,
      stale: ageDays > maxAgeDays,
    };
  }

  /** All versions newest first with the aliases each holds, and where each alias points. */
  async list(): Promise<{
    versions: (ModelVersionRecord & { aliases: ModelAlias[] })[];
    aliases: { alias: ModelAlias; versionId: number; updatedAt: Date }[];
  }> {
    const [versions, aliases] = await Promise.all([
      this.db.select().from(modelVersions).orderBy(desc(modelVersions.id)),
      this.db.select().from(modelAliases).orderBy(modelAliases.alias),
    ]);
    const typed = aliases.map((a) => ({ alias: a.alias as ModelAlias, versionId: a.versionId, updatedAt: a.updatedAt }));
    return {
      versions: versions.map((v) => ({ ...toRecord(v), aliases: typed.filter((a) => a.versionId === v.id).map((a) => a.alias) })),
      aliases: typed,
    };
  }

  /** Alias changes newest first. */
  async history(options: { limit?: number } = {}): Promise<AliasEvent[]> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) throw new TrackingInputError('limit', 'must be a positive integer');
    const rows = await this.db.select().from(modelAliasEvents).orderBy(desc(modelAliasEvents.id)).limit(limit);
    return rows.map((r) => ({ ...r, metrics: fromJsonSafe(r.metrics) }));
  }
}

async function lockAliases(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ALIAS_LOCK})`);
}

async function requireVersion(tx: Tx, versionId: number): Promise<ModelVersionRecord> {
  const [row] = await tx.select().from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!row) throw new UnknownModelVersionError(versionId);
  return toRecord(row);
}

async function currentAlias(tx: Tx, alias: ModelAlias): Promise<{ versionId: number } | undefined> {
  const [row] = await tx.select({ versionId: modelAliases.versionId }).from(modelAliases).where(eq(modelAliases.alias, alias));
  return row;
}

async function setAlias(
  tx: Tx,
  alias: ModelAlias,
  versionId: number,
  actor: string,
  reason: string,
  metrics: unknown,
): Promise<AliasChange> {
  if (!actor) throw new TrackingInputError('actor', 'must be non-empty');
  const previous = await currentAlias(tx, alias);
  const previousVersionId = previous?.versionId ?? null;
  if (previousVersionId === versionId) return { changed: false, alias, versionId, previousVersionId };
  await tx
    .insert(modelAliases)
    .values({ alias, versionId })
    .onConflictDoUpdate({ target: modelAliases.alias, set: { versionId, updatedAt: sql`now()` } });
  const [event] = await tx
    .insert(modelAliasEvents)
    .values({ alias, versionId, previousVersionId, actor, reason, metrics: toJsonSafe(metrics) })
    .returning();
  return { changed: true, alias, versionId, previousVersionId, event };
}

/**
 * A version that becomes champion stops being the challenger. The history records the clearing
 * as an event on `challenger` whose version and previous version are both that version.
 */
async function clearChallengerIf(tx: Tx, versionId: number, actor: string): Promise<void> {
  const challenger = await currentAlias(tx, 'challenger');
  if (challenger?.versionId !== versionId) return;
  await tx.delete(modelAliases).where(eq(modelAliases.alias, 'challenger'));
  await tx.insert(modelAliasEvents).values({
    alias: 'challenger',
    versionId,
    previousVersionId: versionId,
    actor,
    reason: `cleared: v${versionId} became champion`,
    metrics: null,
  });
}

function scoreOf(metrics: ValidationMetrics): WindowScore {
  return {
    windowId: metrics.windowId,
    logLoss: typeof metrics.logLoss === 'number' ? metrics.logLoss : Number.NaN,
    n: metrics.n,
  };
}

function toRecord(row: typeof modelVersions.$inferSelect): ModelVersionRecord {
  return {
    ...row,
    validationMetrics: fromJsonSafe(row.validationMetrics) as ValidationMetrics,
    testMetrics: fromJsonSafe(row.testMetrics) as Record<string, unknown>,
  };
}
