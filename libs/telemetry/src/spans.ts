import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

export { type Attributes, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';

const tracer = trace.getTracer('alphapulse');

/** Marks a span failed with the error. */
export function recordError(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** Starts a span under the active context; the caller ends it (for work that settles outside one call, like a lazy query). */
export function startSpan(name: string, attributes: Attributes, kind: SpanKind = SpanKind.INTERNAL): Span {
  return tracer.startSpan(name, { attributes, kind });
}

/**
 * Runs `fn` in a new span, active for everything `fn` awaits (queries, object-store calls, jobs
 * it enqueues), and ends it when `fn` settles; a throw marks the span failed and is rethrown.
 * Without a started SDK the span is a no-op.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  return tracer.startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      recordError(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}
