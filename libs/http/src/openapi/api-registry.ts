import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errorResponses, jsonResponse, security } from './api-schemas.ts';

/**
 * A registry for one tier's OpenAPI document, holding the security schemes (`bearer`: the
 * API_TOKEN; `basic`: any user name with the token as password) and the routes every tier serves
 * (`/healthz`, `/readyz`, `/metrics`, `/openapi.json`, `/docs`). The tier registers its own routes on it.
 */
export function createApiRegistry(tier: string): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: '`Authorization: Bearer <API_TOKEN>`. Not required when the tier runs with AUTH=off.',
  });
  registry.registerComponent('securitySchemes', 'basic', {
    type: 'http',
    scheme: 'basic',
    description: 'HTTP basic auth with API_TOKEN as the password and any user name (for browsers).',
  });

  registry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    tags: ['operations'],
    summary: 'Liveness: answers at once, calls no dependency',
    security: [],
    responses: {
      200: jsonResponse('Alive', z.object({ ok: z.literal(true), tier: z.literal(tier) }).loose()),
    },
  });
  const dependencyStates = z
    .record(z.string(), z.enum(['up', 'down']))
    .meta({ description: 'Each dependency (redis, postgres, objects), checked with a 2 s timeout' });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    tags: ['operations'],
    summary: 'Readiness: Redis, Postgres and the object store, each within 2 s',
    security: [],
    responses: {
      200: jsonResponse('Every dependency answers', z.object({ ok: z.literal(true), dependencies: dependencyStates })),
      503: jsonResponse('A dependency is down', z.object({ ok: z.literal(false), dependencies: dependencyStates })),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    tags: ['operations'],
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated at start-up from the zod schemas that validate the requests.',
    responses: { 200: jsonResponse('The OpenAPI document', z.object({ openapi: z.string() }).loose()) },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    tags: ['operations'],
    summary: 'The API reference (Swagger UI, served offline)',
    security: security.bearerOrBasic,
    responses: {
      200: { description: 'HTML page', content: { 'text/html': { schema: z.string() } } },
      401: { ...errorResponses.unauthorized, description: 'Missing or wrong credentials (asks for basic auth)' },
    },
  });
  return registry;
}
