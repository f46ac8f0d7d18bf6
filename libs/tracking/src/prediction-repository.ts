import { type Db, modelVersions, predictions } from '@alphapulse/db';
import { desc, eq, inArray } from 'drizzle-orm';
import { chunks } from './db-helpers.ts';
import { TrackingInputError } from './errors.ts';

export interface PredictionInput {
  modelVersionId: number;
  symbol: string;
  /** Timestamp of the feature row scored (the bar it closes). */
  featureTs: Date;
  batchId: string;
  /** Probability that the next label is up, in [0, 1]. */
  probabilityUp: number;
  /** The champion was older than the configured maximum age when it scored. */
  stale: boolean;
  /** The scoring model version's skill verdict: `none` means no edge over the best baseline was shown. */
  skill: 'significant' | 'none';
}

export interface PredictionRecord extends PredictionInput {
  id: number;
  createdAt: Date;
  /** Kind of the model version that scored (null if the version row is gone). */
  modelKind: string | null;
  /** When that model version was registered. */
  modelCreatedAt: Date | null;
}

/** A prediction with the kind and age of the model version that made it. */
const PREDICTION_COLUMNS = {
  id: predictions.id,
  modelVersionId: predictions.modelVersionId,
  symbol: predictions.symbol,
  featureTs: predictions.featureTs,
  batchId: predictions.batchId,
  probabilityUp: predictions.probabilityUp,
  stale: predictions.stale,
  skill: predictions.skill,
  createdAt: predictions.createdAt,
  modelKind: modelVersions.modelKind,
  modelCreatedAt: modelVersions.createdAt,
};

export class PredictionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores predictions; a prediction already stored for the same model version, symbol and
   * feature timestamp is kept as it was (a retried job records nothing twice). Symbols are
   * stored upper-case. Returns how many rows were new.
   */
  async record(rows: PredictionInput[]): Promise<{ inserted: number }> {
    const values = rows.map((r, i) => {
      if (!Number.isInteger(r.modelVersionId) || r.modelVersionId < 1)
        throw new TrackingInputError(`[${i}].modelVersionId`, 'must be a positive integer');
      if (typeof r.symbol !== 'string' || r.symbol.trim() === '')
        throw new TrackingInputError(`[${i}].symbol`, 'must be non-empty');
      if (!(r.featureTs instanceof Date) || Number.isNaN(r.featureTs.getTime()))
        throw new TrackingInputError(`[${i}].featureTs`, 'must be a valid Date');
      if (typeof r.batchId !== 'string' || r.batchId === '') throw new TrackingInputError(`[${i}].batchId`, 'must be non-empty');
      if (typeof r.probabilityUp !== 'number' || !(r.probabilityUp >= 0 && r.probabilityUp <= 1)) {
        throw new TrackingInputError(`[${i}].probabilityUp`, 'must be a number in [0, 1]');
      }
      if (r.skill !== 'significant' && r.skill !== 'none') throw new TrackingInputError(`[${i}].skill`, 'must be significant or none');
      return { ...r, symbol: normalizeSymbol(r.symbol), stale: Boolean(r.stale) };
    });
    let inserted = 0;
    for (const part of chunks(values)) {
      const done = await this.db
        .insert(predictions)
        .values(part)
        .onConflictDoNothing({ target: [predictions.modelVersionId, predictions.symbol, predictions.featureTs] })
        .returning({ id: predictions.id });
      inserted += done.length;
    }
    return { inserted };
  }

  /** Predictions newest first (by feature timestamp), for one symbol or all. */
  async latest(options: { symbol?: string; limit?: number } = {}): Promise<PredictionRecord[]> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1) throw new TrackingInputError('limit', 'must be a positive integer');
    const rows = await this.db
      .select(PREDICTION_COLUMNS)
      .from(predictions)
      .leftJoin(modelVersions, eq(modelVersions.id, predictions.modelVersionId))
      .where(options.symbol !== undefined ? eq(predictions.symbol, normalizeSymbol(options.symbol)) : undefined)
      .orderBy(desc(predictions.featureTs), desc(predictions.id))
      .limit(limit);
    return rows;
  }

  /** The newest prediction of each symbol, symbols in alphabetical order. */
  async latestPerSymbol(): Promise<PredictionRecord[]> {
    const ids = this.db
      .selectDistinctOn([predictions.symbol], { id: predictions.id })
      .from(predictions)
      .orderBy(predictions.symbol, desc(predictions.featureTs), desc(predictions.id));
    const rows = await this.db
      .select(PREDICTION_COLUMNS)
      .from(predictions)
      .leftJoin(modelVersions, eq(modelVersions.id, predictions.modelVersionId))
      .where(inArray(predictions.id, ids))
      .orderBy(predictions.symbol);
    return rows;
  }
}

/** Symbols are compared upper-case, as SYMBOLS in the config is. */
export function normalizeSymbol(symbol: string): string {
  return symbol.trim().toUpperCase();
}
