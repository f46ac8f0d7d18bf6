export { AuthConfigError, type AuthSettings, requireBearer, requireBearerOrBasic, resolveAuth } from './auth.ts';
export { createBaseApp, createMetricsRegistry, finishApp, listen } from './http-server.ts';
export { type FieldError, jsonSyntaxErrors, parseRequest, sendInvalid } from './validation.ts';
export { type ApiDocument, buildApiDocument } from './openapi/api-document.ts';
export { createApiDocsRouter } from './openapi/api-docs-router.ts';
export { createApiRegistry } from './openapi/api-registry.ts';
export { errorBodySchema, errorResponses, invalidRequestSchema, jsonResponse, security } from './openapi/api-schemas.ts';
export type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
