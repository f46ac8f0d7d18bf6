import { type Db, featureBatches, featureSets } from '@alphapulse/db';
import { desc, eq } from 'drizzle-orm';
import { TrackingConflictError, TrackingInputError } from './errors.ts';

export interface FeatureBatchInput {
  /** Deterministic id derived from the batch's inputs. */
  id: string;
  featureSetHash: string;
  featureSetName: string;
  featureSetDefinition: unknown;
  featureSetVersion: number;
  symbols: string[];
  startTs: Date;
  endTs: Date;
  rows: number;
  /** Hash of the object's bytes; a trainer re-checks it before training. */
  contentHash: string;
  objectKey: string;
  synthetic: boolean;
}

export interface FeatureBatchRecord {
  id: string;
  featureSetHash: string;
  featureSetName: string;
  featureSetVersion: number | null;
  symbols: string[];
  startTs: Date;
  endTs: Date;
  rows: number;
  contentHash: string;
  objectKey: string;
  synthetic: boolean;
  createdAt: Date;
}

const columns = {
  id: featureBatches.id,
  featureSetHash: featureBatches.featureSetHash,
  featureSetName: featureBatches.featureSetName,
  featureSetVersion: featureSets.version,
  symbols: featureBatches.symbols,
  startTs: featureBatches.startTs,
  endTs: featureBatches.endTs,
  rows: featureBatches.rows,
  contentHash: featureBatches.contentHash,
  objectKey: featureBatches.objectKey,
  synthetic: featureBatches.synthetic,
  createdAt: featureBatches.createdAt,
};

/** The catalogue of published feature batches and the feature sets they were computed with. */
export class FeatureBatchRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records a published batch and its feature set, once. Recording the same batch again is a
   * no-op (`created: false`); the same id with a different content hash or feature set is a
   * TrackingConflictError, because batch ids are derived from their inputs.
   */
  async record(input: FeatureBatchInput): Promise<{ created: boolean }> {
    validate(input);
    return this.db.transaction(async (tx) => {
      await tx
        .insert(featureSets)
        .values({
          hash: input.featureSetHash,
          name: input.featureSetName,
          version: input.featureSetVersion,
          definition: input.featureSetDefinition,
        })
        .onConflictDoNothing({ target: featureSets.hash });
      const inserted = await tx
        .insert(featureBatches)
        .values({
          id: input.id,
          featureSetHash: input.featureSetHash,
          featureSetName: input.featureSetName,
          symbols: input.symbols,
          startTs: input.startTs,
          endTs: input.endTs,
          rows: input.rows,
          contentHash: input.contentHash,
          objectKey: input.objectKey,
          synthetic: input.synthetic,
        })
        .onConflictDoNothing({ target: featureBatches.id })
        .returning({ id: featureBatches.id });
      if (inserted.length > 0) return { created: true };
      const [existing] = await tx.select().from(featureBatches).where(eq(featureBatches.id, input.id));
      if (existing.contentHash !== input.contentHash || existing.featureSetHash !== input.featureSetHash) {
        throw new TrackingConflictError(
          `feature batch ${input.id} already recorded with content hash ${existing.contentHash} and feature set ${existing.featureSetHash}`,
        );
      }
      return { created: false };
    });
  }

  /** The batch with this id, or undefined. */
  async get(id: string): Promise<FeatureBatchRecord | undefined> {
    const [row] = await this.db
      .select(columns)
      .from(featureBatches)
      .leftJoin(featureSets, eq(featureSets.hash, featureBatches.featureSetHash))
      .where(eq(featureBatches.id, id));
    return row;
  }

  /** The most recently recorded batch (of one feature set, when given), or undefined when none was. */
  async latest(options: { featureSetHash?: string } = {}): Promise<FeatureBatchRecord | undefined> {
    const [row] = await this.db
      .select(columns)
      .from(featureBatches)
      .leftJoin(featureSets, eq(featureSets.hash, featureBatches.featureSetHash))
      .where(options.featureSetHash ? eq(featureBatches.featureSetHash, options.featureSetHash) : undefined)
      .orderBy(desc(featureBatches.createdAt), desc(featureBatches.endTs))
      .limit(1);
    return row;
  }
}

function validate(input: FeatureBatchInput): void {
  for (const key of ['id', 'featureSetHash', 'featureSetName', 'contentHash', 'objectKey'] as const) {
    if (typeof input[key] !== 'string' || input[key].length === 0)
      throw new TrackingInputError(key, 'must be a non-empty string');
  }
  if (!Number.isInteger(input.featureSetVersion) || input.featureSetVersion < 1) {
    throw new TrackingInputError('featureSetVersion', 'must be a positive integer');
  }
  if (!Number.isInteger(input.rows) || input.rows < 0) throw new TrackingInputError('rows', 'must be a non-negative integer');
  for (const key of ['startTs', 'endTs'] as const) {
    if (!(input[key] instanceof Date) || Number.isNaN(input[key].getTime()))
      throw new TrackingInputError(key, 'must be a valid Date');
  }
  if (input.endTs < input.startTs) throw new TrackingInputError('endTs', 'must not be before startTs');
  if (!Array.isArray(input.symbols) || input.symbols.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new TrackingInputError('symbols', 'must be a list of non-empty strings');
  }
}
