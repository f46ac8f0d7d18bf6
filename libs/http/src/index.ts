export { AuthConfigError, type AuthSettings, requireBearer, requireBearerOrBasic, resolveAuth } from './auth.ts';
export { createBaseApp, createMetricsRegistry, finishApp, listen } from './http-server.ts';
export { type FieldError, jsonSyntaxErrors, parseRequest, sendInvalid } from './validation.ts';
