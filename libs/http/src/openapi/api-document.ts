import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** The OpenAPI 3.1 document object, as served at `/openapi.json`. */
export type ApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * Generates the OpenAPI 3.1 document of everything registered: request bodies, query and path
 * parameters come out of the same zod schemas the routes validate with, so they cannot drift apart.
 */
export function buildApiDocument(
  registry: OpenAPIRegistry,
  info: { title: string; version: string; description: string },
): ApiDocument {
  return new OpenApiGeneratorV31(registry.definitions, { sortComponents: 'alphabetically' }).generateDocument({
    openapi: '3.1.0',
    info,
  });
}
