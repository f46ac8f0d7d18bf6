import { type Db, modelAliasEvents, modelAliases, modelVersions } from '@alphapulse/db';
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from './db-helpers.ts';
import { FeatureSetMismatchError, RollbackError, TrackingConflictError, TrackingInputError, UnknownModelVersionError } from './errors.ts';
import { fromJsonSafe, toJsonSafe } from './json-numbers.ts';
import { ageInDays, DEFAULT_PROMOTION_POLICY, decidePromotion, type PromotionDecision, type PromotionEvidence, type PromotionPolicy } from './promotion.ts';

export type ModelAlias = 'champion' | 'challenger';
export type SkillVerdict = 'significant' | 'none';

/** A window of time a model was trained, validated or tested on. */
export interface ModelWindow {
  start: string;
  end: string;
  n: number;
}

export interface RegisterModelInput {
  runId: string;
  modelKind: string;
  featureSetHash: string;
  /** Object-store prefix of the artifacts, `models/<runId>/`. */
  artifactPrefix: string;
  batchId: string;
  windows: Record<'train' | 'val' | 'test', ModelWindow>;
  skill: SkillVerdict;
  validationMetrics: Record<string, unknown>;
  testMetrics: Record<string, unknown>;
}

export interface ModelVersionRecord {
  id: number;
  runId: string;
  modelKind: string;
  featureSetHash: string;
  artifactPrefix: string;
  batchId: string | null;
  windows: Record<'train' | 'val' | 'test', ModelWindow> | null;
  skill: SkillVerdict;
  validationMetrics: Record<string, unknown>;
  testMetrics: Record<string, unknown>;
  /** The automatic decision taken when it was registered, once. */
  promotion: PromotionDecision | null;
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
  /**
   * What the trainer measured on the candidate's test window (the champion re-scored there). It
   * counts only if the champion it names still is the champion when the decision is taken: another
   * replica may have promoted a model since.
   */
  evidence: PromotionEvidence;
  policy?: PromotionPolicy;
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
    for (const key of ['runId', 'modelKind', 'featureSetHash', 'artifactPrefix', 'batchId'] as const) {
      if (typeof input[key] !== 'string' || input[key].length === 0)
        throw new TrackingInputError(key, 'must be a non-empty string');
    }
    if (input.skill !== 'significant' && input.skill !== 'none') throw new TrackingInputError('skill', 'must be significant or none');
    for (const w of ['train', 'val', 'test'] as const) {
      if (!input.windows?.[w]?.start || !input.windows[w].end) throw new TrackingInputError(`windows.${w}`, 'must give start and end');
    }
    const inserted = await this.db
      .insert(modelVersions)
      .values({
        ...input,
        validationMetrics: toJsonSafe(input.validationMetrics),
        testMetrics: toJsonSafe(input.testMetrics),
        windows: input.windows,
      })
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
   * Applies `decidePromotion` to a registered version's evidence and records the outcome with its
   * reason and numbers in the alias history: champion, or challenger otherwise. Exactly one decision
   * per version: deciding a version again (a retried job) returns the stored decision and changes
   * nothing. If the champion the evidence names is no longer the champion (another replica promoted
   * one meanwhile), the candidate stays challenger and the reason says so.
   */
  async autoPromote(versionId: number, options: AutoPromoteOptions): Promise<AutoPromoteResult> {
    return this.db.transaction(async (tx) => {
      await lockAliases(tx);
      const candidate = await requireVersion(tx, versionId);
      if (candidate.promotion) return { decision: candidate.promotion };
      const champion = await currentAlias(tx, 'champion');
      const named = options.evidence.champion?.versionId;
      let decision: PromotionDecision;
      if ((champion?.versionId ?? undefined) !== named) {
        decision = {
          outcome: 'challenger',
          rule: null,
          reason: `the champion changed while the evidence was gathered (v${named ?? 'none'} → v${champion?.versionId ?? 'none'}): kept as challenger, promote by hand after a look`,
          evidence: options.evidence,
        };
      } else {
        decision = decidePromotion(options.evidence, options.policy ?? DEFAULT_PROMOTION_POLICY);
      }
      await tx.update(modelVersions).set({ promotion: toJsonSafe(decision) }).where(eq(modelVersions.id, versionId));
      if (decision.outcome === 'unchanged') return { decision };
      const change = await setAlias(tx, decision.outcome, versionId, options.actor, `auto: ${decision.reason}`, { decision });
      if (decision.outcome === 'champion') await clearChallengerIf(tx, versionId, options.actor);
      return { decision, change };
    });
  }

  /**
   * Makes a version champion by hand (`POST /models/:id/promote`), recording who and why. Refuses
   * (FeatureSetMismatchError) a version trained on another feature set than the champion's.
   */
  async promote(versionId: number, options: { actor: string; reason: string }): Promise<AliasChange> {
    return this.db.transaction(async (tx) => {
      await lockAliases(tx);
      const version = await requireVersion(tx, versionId);
      const champion = await currentAlias(tx, 'champion');
      if (champion && champion.versionId !== versionId) {
        const current = await requireVersion(tx, champion.versionId);
        if (current.featureSetHash !== version.featureSetHash)
          throw new FeatureSetMismatchError(version.id, version.featureSetHash, current.id, current.featureSetHash);
      }
      const change = await setAlias(tx, 'champion', versionId, options.actor, `manual: ${options.reason}`, {
        candidate: { versionId, skill: version.skill, test: version.testMetrics },
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
        { candidate: { versionId: target.id, skill: target.skill, test: target.testMetrics } },
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

/** Version ids are Postgres `integer`s: an id outside 1..2^31-1 names no version (and must not reach the query). */
const MAX_VERSION_ID = 2_147_483_647;

async function requireVersion(tx: Tx, versionId: number): Promise<ModelVersionRecord> {
  if (!Number.isSafeInteger(versionId) || versionId < 1 || versionId > MAX_VERSION_ID) throw new UnknownModelVersionError(versionId);
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

function toRecord(row: typeof modelVersions.$inferSelect): ModelVersionRecord {
  return {
    ...row,
    validationMetrics: fromJsonSafe(row.validationMetrics) as Record<string, unknown>,
    testMetrics: fromJsonSafe(row.testMetrics) as Record<string, unknown>,
    windows: (row.windows as ModelVersionRecord['windows']) ?? null,
    skill: row.skill as SkillVerdict,
    promotion: row.promotion ? (fromJsonSafe(row.promotion) as PromotionDecision) : null,
  };
}
