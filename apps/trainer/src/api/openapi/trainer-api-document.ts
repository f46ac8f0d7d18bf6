import { type ApiDocument, buildApiDocument, createApiRegistry, jsonResponse } from '@alphapulse/http';
import { trainerStatusSchema } from './trainer-responses.ts';

/** The trainer tier's OpenAPI 3.1 document: operations routes only (the REST API is the ingest tier's). */
export function buildTrainerApiDocument(): ApiDocument {
  const r = createApiRegistry('trainer');
  r.registerPath({
    method: 'get',
    path: '/status',
    operationId: 'trainerStatus',
    tags: ['operations'],
    summary: 'Backend in use, current jobs, queue depths, last run',
    responses: { 200: jsonResponse('Status', trainerStatusSchema) },
  });
  return buildApiDocument(r, {
    title: 'AlphaPulse trainer tier',
    version: '0.1.0',
    description:
      'The compute tier: it takes training, trials, predict and drift jobs from the queues and serves operations routes.',
  });
}
