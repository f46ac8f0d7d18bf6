import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '@alphapulse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareToReference, referenceHistograms } from './drift.ts';
import { DriftRepository } from './drift-repository.ts';
import { FeatureBatchRepository } from './feature-batch-repository.ts';
import { ModelRegistry } from './model-registry.ts';
import { PredictionRepository } from './prediction-repository.ts';
import { RunRepository } from './run-repository.ts';
import { StudyRepository } from './study-repository.ts';
import { evidenceFor, versionInput } from './testing.ts';

// The demo and first contact run on embedded PGlite: every statement kind the repositories use
// (upserts, row locks, advisory locks, DISTINCT ON, NaN in float8, transactions) must work there too.
const dir = mkdtempSync(path.join(tmpdir(), 'ap-tracking-pglite-'));
let database: Database;
beforeAll(async () => {
  database = await openDatabase({ dataDir: dir });
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tracking on PGlite', () => {
  it('runs the whole tracking path', async () => {
    const db = database.db;
    expect(database.kind).toBe('pglite');
    const batches = new FeatureBatchRepository(db);
    expect(
      await batches.record({
        id: 'b1',
        featureSetHash: 'fs',
        featureSetName: 'core',
        featureSetDefinition: { f: 1 },
        featureSetVersion: 1,
        symbols: ['AAPL'],
        startTs: new Date('2020-01-01'),
        endTs: new Date('2021-01-01'),
        rows: 10,
        contentHash: 'c',
        objectKey: 'features/core/b1',
        synthetic: true,
      }),
    ).toEqual({ created: true });

    const runs = new RunRepository(db);
    const input = {
      id: 'r1',
      batchId: 'b1',
      featureSetHash: 'fs',
      mode: 'ultra_fast',
      backend: 'wasm',
      codeVersion: 'x',
      seed: 1,
      jobId: 'j',
      worker: 'w',
      reason: 'demo',
    };
    await runs.start(input);
    expect((await runs.start(input)).created).toBe(false);
    await runs.logParams('r1', { units: 8 });
    await runs.logMetrics('r1', { auc: Number.NaN, acc: 0.5 });
    await runs.logHistory('r1', 'loss', [0.7, 0.6]);
    await runs.complete('r1', {
      summary: { ok: true },
      suspectedLeak: false,
      artifactPrefix: 'models/r1/',
      modelKind: 'mlp',
      backend: 'wasm',
    });
    const run = await runs.get('r1');
    expect(run?.metrics.auc).toBeNaN();
    expect(run?.history.loss).toEqual([0.7, 0.6]);
    expect((await runs.compare(['r1'])).metrics.map((m) => m.key)).toEqual(['acc', 'auc']);

    const studies = new StudyRepository(db);
    await studies.create({ id: 's1', runId: 'r1', batchId: 'b1', mode: 'ultra_fast', budget: 5, seed: 1 });
    await studies.startTrial('s1', 0, { lr: 0.01 }, 'w');
    expect((await studies.startTrial('s1', 0, { lr: 0.01 }, 'w2')).trial.attempts).toBe(2);
    await studies.finishTrial('s1', 0, { status: 'complete', value: 0.69, curve: [0.7, 0.69], durationMs: 3 });
    expect(await studies.complete('s1')).toBe(true);

    const registry = new ModelRegistry(db);
    const v = await registry.register(versionInput('r1'));
    const decided = await registry.autoPromote(v.id, { actor: 'demo', evidence: evidenceFor(v.id) });
    expect(decided.decision.outcome).toBe('champion');
    expect((await registry.champion())?.id).toBe(v.id);

    const predictions = new PredictionRepository(db);
    await predictions.record([
      {
        modelVersionId: v.id,
        symbol: 'AAPL',
        featureTs: new Date('2021-01-01'),
        batchId: 'b1',
        probabilityUp: 0.6,
        stale: false,
        skill: 'none',
      },
    ]);
    expect((await predictions.latestPerSymbol()).map((p) => p.symbol)).toEqual(['AAPL']);

    const reference = referenceHistograms({ x: Float64Array.from({ length: 100 }, (_, i) => i) });
    const report = compareToReference(
      reference,
      { x: Float64Array.from({ length: 50 }, (_, i) => i * 2) },
      { psiThreshold: 0.2, ksAlpha: 0.05, shareThreshold: 0.3 },
    );
    const drift = new DriftRepository(db);
    expect((await drift.record({ batchId: 'b1', modelVersionId: v.id, report })).created).toBe(true);
    expect((await drift.record({ batchId: 'b1', modelVersionId: v.id, report })).created).toBe(false);
  });
});
