export { AuthConfigError, type AuthGateOptions, type AuthSettings, authGate, requireBearer, requireBearerOrBasic, resolveAuth, securityOf } from './auth.ts';
export { type BodyLimit, clientErrorOf, clientErrors, DEFAULT_BODY_LIMIT, jsonBodies } from './body-parsing.ts';
export { type BaseAppOptions, createBaseApp, createMetricsRegistry, type FinishOptions, finishApp, listen } from './http-server.ts';
export { probe, READINESS_TIMEOUT_MS, type ReadinessCheck, readinessHandler } from './readiness.ts';
export { urlGuard } from './url-guard.ts';
export { type FieldError, jsonSyntaxErrors, parseRequest, sendInvalid } from './validation.ts';
