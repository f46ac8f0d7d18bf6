import {
  type ApiDocument,
  buildApiDocument,
  createApiRegistry,
  errorBodySchema,
  errorResponses,
  jsonResponse,
  security,
} from '@alphapulse/http';
import { RUN_ID_PATTERN } from '@alphapulse/queue';
import { z } from 'zod';
import { BULL_BOARD_PATH } from '../bull-board.ts';
import { ingestBody } from '../ingest-router.ts';
import { trainBody } from '../train-router.ts';
import {
  compareQuery,
  driftQuery,
  predictionsQuery,
  promoteBody,
  runParams,
  runsQuery,
  versionParams,
} from '../tracking-router.ts';
import { registerConsolePaths } from './console-paths.ts';
import { ingestStatusSchema, ingestSubmission, schedulesSchema, trainSubmission } from './ingest-responses.ts';
import {
  aliasChangeSchema,
  driftReportsSchema,
  modelsSchema,
  predictionsSchema,
  runComparisonSchema,
  runDetailSchema,
  runListSchema,
} from './tracking-responses.ts';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ingestRequest = ingestBody.meta({ id: 'IngestRequest', description: 'What to ingest; `source` picks the shape' });
const trainRequest = trainBody.meta({ id: 'TrainRequest' });
const promoteRequest = promoteBody.meta({ id: 'PromoteRequest' });
const reportParams = z.object({ id: z.string().regex(RUN_ID_PATTERN).meta({ description: 'A run id (run-<hex>)' }) });
/** A GET of the tracking API whose query the router validates. */
const listing = (
  operationId: string,
  path: string,
  summary: string,
  query: z.ZodObject,
  ok: ReturnType<typeof jsonResponse>,
) => ({
  method: 'get' as const,
  path,
  operationId,
  tags: ['tracking'],
  summary,
  request: { query },
  responses: { 200: ok, 400: errorResponses.invalid },
});
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

/**
 * The ingest tier's OpenAPI 3.1 document: its own routes, the tracking API, Bull Board and the
 * common routes, with the request schemas the routers validate with and the responses they send.
 */
export function buildIngestApiDocument(): ApiDocument {
  const r = createApiRegistry('ingest');

  r.registerPath({
    method: 'post',
    path: '/ingest',
    operationId: 'ingest',
    tags: ['work'],
    summary: 'Ingest bars (sample, Yahoo or CSV), build features and, by default, train',
    description:
      'Queues the ingestion flow. Posting the same request again answers 200 with the existing job; `force: true` runs it again.',
    security: security.bearer,
    request: { body: { required: true, ...json(ingestRequest) } },
    responses: {
      202: jsonResponse('Queued', ingestSubmission.accepted),
      200: jsonResponse('Already queued, running or done', ingestSubmission.deduplicated),
      400: errorResponses.invalid,
      401: errorResponses.unauthorized,
      413: errorResponses.tooLarge,
    },
  });
  r.registerPath({
    method: 'post',
    path: '/train',
    operationId: 'train',
    tags: ['work'],
    summary: 'Queue a training study on a feature batch (the latest when none is named)',
    security: security.bearer,
    request: { body: json(trainRequest) },
    responses: {
      202: jsonResponse('Queued', trainSubmission.accepted),
      200: jsonResponse('Already queued, running or done', trainSubmission.deduplicated),
      400: errorResponses.invalid,
      401: errorResponses.unauthorized,
      404: errorResponses.notFound('feature batch'),
      413: errorResponses.tooLarge,
    },
  });
  r.registerPath({
    method: 'get',
    path: '/schedules',
    operationId: 'listSchedules',
    tags: ['work'],
    summary: 'The BullMQ job schedulers (bars per market, news per feed)',
    responses: { 200: jsonResponse('The schedulers', schedulesSchema) },
  });
  r.registerPath({
    method: 'get',
    path: '/status',
    operationId: 'ingestStatus',
    tags: ['operations'],
    summary: 'Tier, queue depths, workers, schedules, last run',
    responses: { 200: jsonResponse('Status', ingestStatusSchema) },
  });
  r.registerPath({
    method: 'get',
    path: BULL_BOARD_PATH,
    operationId: 'bullBoard',
    tags: ['operations'],
    summary: 'Bull Board, the queue dashboard (its own pages and JSON API live below this path)',
    security: security.bearerOrBasic,
    responses: { 200: html('The dashboard'), 401: errorResponses.unauthorized },
  });

  r.registerPath(
    listing('listRuns', '/runs', 'Runs, newest first, with their final metrics', runsQuery, jsonResponse('Runs', runListSchema)),
  );
  r.registerPath({
    method: 'get',
    path: '/runs/compare',
    operationId: 'compareRuns',
    tags: ['tracking'],
    summary: 'Several runs side by side: params and final metrics diffed',
    request: { query: compareQuery },
    responses: {
      200: jsonResponse('The comparison', runComparisonSchema),
      400: errorResponses.invalid,
      404: jsonResponse('Some ids name no run', z.object({ error: z.literal('run not found'), ids: z.array(z.string()) })),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/runs/{id}',
    operationId: 'getRun',
    tags: ['tracking'],
    summary: 'One run: params, metrics and per-epoch history',
    request: { params: runParams },
    responses: {
      200: jsonResponse('The run', runDetailSchema),
      400: errorResponses.invalid,
      404: jsonResponse('No such run', z.object({ error: z.literal('run not found'), id: z.string() })),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/runs/{id}/report',
    operationId: 'getRunReport',
    tags: ['tracking'],
    summary: 'The run report (self-contained HTML)',
    request: { params: reportParams },
    responses: { 200: html('The report'), 404: jsonResponse('No such run or no report yet', errorBodySchema) },
  });
  r.registerPath({
    method: 'get',
    path: '/models',
    operationId: 'listModels',
    tags: ['tracking'],
    summary: 'Model versions, aliases, alias history and champion staleness',
    responses: { 200: jsonResponse('The registry', modelsSchema) },
  });
  r.registerPath({
    method: 'post',
    path: '/models/{id}/promote',
    operationId: 'promoteModel',
    tags: ['tracking'],
    summary: 'Make a version champion (recorded in the alias history; rollback = promote an older one)',
    security: security.bearer,
    request: { params: versionParams, body: json(promoteRequest) },
    responses: {
      200: jsonResponse('The alias change', aliasChangeSchema),
      400: errorResponses.invalid,
      401: errorResponses.unauthorized,
      404: jsonResponse('No such model version', z.object({ error: z.literal('model version not found'), id: z.number().int() })),
      409: jsonResponse(
        'The version was trained on another feature set than the champion (both named)',
        z.object({ error: z.string() }).loose(),
      ),
      413: errorResponses.tooLarge,
    },
  });
  r.registerPath(
    listing(
      'listPredictions',
      '/predictions',
      "The latest predictions: one symbol's, or the latest of every symbol",
      predictionsQuery,
      jsonResponse('Predictions', predictionsSchema),
    ),
  );
  r.registerPath(
    listing(
      'listDriftReports',
      '/drift',
      'The latest drift reports (PSI and KS per feature, share drifted)',
      driftQuery,
      jsonResponse('Drift reports', driftReportsSchema),
    ),
  );

  registerConsolePaths(r);

  return buildApiDocument(r, {
    title: 'AlphaPulse ingest tier',
    version: '0.1.0',
    description: 'Starts work (ingestion, training), serves the tracking API (runs, models, predictions, drift) and Bull Board.',
  });
}
