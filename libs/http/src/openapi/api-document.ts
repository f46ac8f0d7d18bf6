import { OpenApiGeneratorV31, type OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { errorResponses } from './api-schemas.ts';

/** The OpenAPI 3.1 document object, as served at `/openapi.json`. */
export type ApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * Generates the OpenAPI 3.1 document of everything registered: request bodies, query and path
 * parameters come out of the same zod schemas the routes validate with, so they cannot drift apart.
 * Every operation needs the token unless it says otherwise: reads take bearer or basic (PUBLIC_READS=on
 * opens them), mutations declare bearer only, `/healthz` and `/readyz` declare none.
 */
export function buildApiDocument(
  registry: OpenAPIRegistry,
  info: { title: string; version: string; description: string },
): ApiDocument {
  for (const definition of registry.definitions) if (definition.type === 'route') addRefusals(definition.route);
  return new OpenApiGeneratorV31(registry.definitions, { sortComponents: 'alphabetically' }).generateDocument({
    openapi: '3.1.0',
    info,
    security: [{ bearer: [] }, { basic: [] }],
  });
}

/**
 * The refusals the base app answers on every route before the route's own code runs (see
 * createBaseApp and finishApp): 401/429 from the auth gate where a token is needed, 413/415 from the
 * body parser on mutations, 503 when a dependency is down. Added where the route does not state them.
 */
function addRefusals(route: RouteConfig): void {
  const open = Array.isArray(route.security) && route.security.length === 0;
  const add = (status: number, response: RouteConfig['responses'][string]) => {
    route.responses[status] ??= response;
  };
  if (open) return;
  add(401, errorResponses.unauthorized);
  add(429, errorResponses.tooManyFailures);
  if (route.method === 'post') {
    add(413, errorResponses.tooLarge);
    add(415, errorResponses.unsupported);
  }
  add(503, errorResponses.unavailable);
}
