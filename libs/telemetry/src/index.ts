export { startTelemetry, type TelemetryHandle } from './start-telemetry.ts';
export { bullmqTelemetry, shutdownTelemetry, tracingEnabled } from './telemetry-state.ts';
export { type Attributes, recordError, type Span, SpanKind, SpanStatusCode, startSpan, withSpan } from './spans.ts';
export { jobDuration, jobsCompleted, jobsFailed, jobsRetried, reconcilerRepairs, registerProcessMetrics } from './process-metrics.ts';
