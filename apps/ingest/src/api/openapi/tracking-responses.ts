import { runSummarySchema, wireNumber } from '@alphapulse/tracking';
import { z } from 'zod';

// The JSON the tracking routes answer with (dates as ISO strings, non-finite numbers as null).
const datetime = z.iso.datetime();
const skill = z.enum(['significant', 'none']).meta({ description: '`none`: no edge over the best baseline was shown' });
const alias = z.enum(['champion', 'challenger']);

export const runListSchema = z.object({ runs: z.array(runSummarySchema) }).meta({ id: 'RunList' });

export const runDetailSchema = runSummarySchema
  .extend({
    codeVersion: z.string().nullable(),
    error: z.string().nullable(),
    jobId: z.string().nullable(),
    worker: z.string().nullable(),
    artifactPrefix: z.string().nullable(),
    summary: z.unknown().meta({ description: 'The run summary written when it completed (null before)' }),
    params: z.record(z.string(), z.string()),
    history: z
      .record(z.string(), z.array(wireNumber))
      .meta({ description: 'Per-epoch series: history[key][i] was logged at step i' }),
    progress: z
      .object({
        status: z.enum(['running', 'completed', 'failed']),
        trialsDone: z.number().int().meta({ description: 'Trials finished (complete, pruned or failed)' }),
        trialsTotal: z.number().int().meta({ description: "The study's budget" }),
        trialsRunning: z.number().int(),
        best: z
          .object({ number: z.number().int(), value: z.number(), model: z.string().nullable() })
          .nullable()
          .meta({ description: 'The best complete trial so far (lowest validation log loss)' }),
      })
      .nullable()
      .optional()
      .meta({ description: 'How far the study of this run is; null without a study' }),
  })
  .meta({ id: 'RunDetail', description: 'A run with its params, final metrics and per-epoch history' });

export const runComparisonSchema = z
  .object({
    runs: z.array(runSummarySchema),
    params: z.array(z.object({ key: z.string(), values: z.array(z.string().nullable()) })),
    metrics: z.array(z.object({ key: z.string(), values: z.array(wireNumber) })),
    missing: z.array(z.string()).max(0),
  })
  .meta({ id: 'RunComparison', description: 'Runs side by side: one column per run in the order asked, one row per key' });

const window = z.object({ start: z.string(), end: z.string(), n: z.number().int() });

export const promotionDecisionSchema = z
  .object({
    outcome: z.enum(['champion', 'challenger', 'unchanged']),
    rule: z.enum(['first-model', 'new-feature-set', 'replace-champion']).nullable(),
    reason: z.string(),
    evidence: z.record(z.string(), z.unknown()).meta({ description: 'The numbers the decision was taken on' }),
  })
  .meta({ id: 'PromotionDecision' });

export const modelVersionSchema = z
  .object({
    id: z.number().int(),
    runId: z.string(),
    modelKind: z.string(),
    featureSetHash: z.string(),
    artifactPrefix: z.string(),
    batchId: z.string().nullable(),
    windows: z.object({ train: window, val: window, test: window }).nullable(),
    skill,
    validationMetrics: z.record(z.string(), z.unknown()),
    testMetrics: z.record(z.string(), z.unknown()),
    promotion: promotionDecisionSchema.nullable(),
    createdAt: datetime,
    aliases: z.array(alias),
  })
  .meta({ id: 'ModelVersion' });

export const aliasEventSchema = z
  .object({
    id: z.number().int(),
    alias,
    versionId: z.number().int(),
    previousVersionId: z.number().int().nullable(),
    actor: z.string(),
    reason: z.string(),
    metrics: z.unknown(),
    at: datetime,
  })
  .meta({ id: 'AliasEvent', description: 'One entry of the append-only alias history' });

export const modelsSchema = z
  .object({
    versions: z.array(modelVersionSchema).meta({ description: 'Newest first' }),
    aliases: z.array(z.object({ alias, versionId: z.number().int(), updatedAt: datetime })),
    history: z.array(aliasEventSchema).meta({ description: 'The latest 50 alias changes, newest first' }),
    champion: z
      .object({
        versionId: z.number().int(),
        modelKind: z.string(),
        createdAt: datetime,
        promotedAt: datetime,
        ageDays: z.number(),
        maxAgeDays: z.number(),
        stale: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'Models' });

export const aliasChangeSchema = z
  .object({
    changed: z.boolean().meta({ description: 'False when the alias already pointed there (nothing recorded)' }),
    alias,
    versionId: z.number().int(),
    previousVersionId: z.number().int().nullable(),
    event: aliasEventSchema.optional(),
  })
  .meta({ id: 'AliasChange' });

export const predictionsSchema = z
  .object({
    predictions: z.array(
      z.object({
        id: z.number().int(),
        modelVersionId: z.number().int(),
        symbol: z.string(),
        featureTs: datetime,
        batchId: z.string(),
        probabilityUp: z.number().min(0).max(1),
        stale: z.boolean(),
        skill,
        createdAt: datetime,
        modelKind: z.string().nullable(),
        modelCreatedAt: datetime.nullable(),
      }),
    ),
  })
  .meta({ id: 'Predictions' });

export const driftReportsSchema = z
  .object({
    reports: z.array(
      z.object({
        id: z.number().int(),
        batchId: z.string(),
        modelVersionId: z.number().int(),
        shareDrifted: z.number(),
        drifted: z.boolean(),
        report: z.object({
          features: z.record(
            z.string(),
            z.object({
              psi: wireNumber,
              ks: wireNumber,
              ksPValue: wireNumber,
              drifted: z.boolean(),
              referenceN: z.number().int(),
              currentN: z.number().int(),
              referenceCounts: z
                .array(z.number().int())
                .optional()
                .meta({ description: 'Rows per reference bin in the training window (absent in old reports)' }),
              currentCounts: z.array(z.number().int()).optional().meta({ description: 'Rows of this batch on the same bins' }),
            }),
          ),
          shareDrifted: z.number(),
          drifted: z.boolean(),
          options: z.object({ psiThreshold: z.number(), ksAlpha: z.number(), shareThreshold: z.number() }),
          skipped: z.array(z.object({ feature: z.string(), reason: z.string() })),
        }),
        retrainJobId: z.string().nullable(),
        createdAt: datetime,
      }),
    ),
  })
  .meta({ id: 'DriftReports' });
