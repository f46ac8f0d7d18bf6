import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackingInputError } from './errors.ts';
import { ModelRegistry } from './model-registry.ts';
import { PredictionRepository } from './prediction-repository.ts';
import { versionInput } from './testing.ts';

let t: TestDatabase;
let predictions: PredictionRepository;
let versionId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  predictions = new PredictionRepository(t.db);
  const v = await new ModelRegistry(t.db).register(versionInput('r1', { modelKind: 'lstm' }));
  versionId = v.id;
});
afterAll(async () => {
  await t?.drop();
});

const day = (d: string) => new Date(`${d}T21:00:00Z`);

describe('PredictionRepository', () => {
  it('records predictions once per model version, symbol and feature timestamp', async () => {
    const rows = [
      {
        modelVersionId: versionId,
        symbol: 'aapl',
        featureTs: day('2024-01-02'),
        batchId: 'b1',
        probabilityUp: 0.55,
        stale: false,
        skill: 'none' as const,
      },
      {
        modelVersionId: versionId,
        symbol: 'MSFT',
        featureTs: day('2024-01-02'),
        batchId: 'b1',
        probabilityUp: 0.45,
        stale: false,
        skill: 'none' as const,
      },
    ];
    expect(await predictions.record(rows)).toEqual({ inserted: 2 });
    expect(await predictions.record(rows)).toEqual({ inserted: 0 });
    expect(
      await predictions.record([
        {
          modelVersionId: versionId,
          symbol: 'AAPL',
          featureTs: day('2024-01-03'),
          batchId: 'b2',
          probabilityUp: 0.6,
          stale: true,
          skill: 'none' as const,
        },
      ]),
    ).toEqual({ inserted: 1 });
  });

  it('returns the newest first for a symbol, with the model that scored', async () => {
    const aapl = await predictions.latest({ symbol: 'aapl', limit: 5 });
    expect(aapl.map((p) => [p.symbol, p.featureTs.toISOString(), p.probabilityUp, p.stale])).toEqual([
      ['AAPL', '2024-01-03T21:00:00.000Z', 0.6, true],
      ['AAPL', '2024-01-02T21:00:00.000Z', 0.55, false],
    ]);
    expect(aapl[0]).toMatchObject({ modelVersionId: versionId, modelKind: 'lstm', batchId: 'b2' });
    expect(aapl[0].modelCreatedAt).toBeInstanceOf(Date);
    expect(await predictions.latest({ symbol: 'NVDA', limit: 5 })).toEqual([]);
    expect(await predictions.latest({ limit: 1 })).toHaveLength(1);
  });

  it('gives the newest prediction of every symbol', async () => {
    const latest = await predictions.latestPerSymbol();
    expect(latest.map((p) => [p.symbol, p.probabilityUp])).toEqual([
      ['AAPL', 0.6],
      ['MSFT', 0.45],
    ]);
  });

  it('refuses a probability outside [0, 1], naming the row', async () => {
    const bad = {
      modelVersionId: versionId,
      symbol: 'X',
      featureTs: day('2024-01-02'),
      batchId: 'b',
      probabilityUp: 1.2,
      stale: false,
      skill: 'none' as const,
    };
    await expect(predictions.record([bad])).rejects.toThrow(TrackingInputError);
    await expect(predictions.record([{ ...bad, probabilityUp: Number.NaN }])).rejects.toThrow(/\[0\]\.probabilityUp/);
  });
});
