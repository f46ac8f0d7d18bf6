import { context, propagation, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { setActiveTelemetry, shutdownTelemetry } from './telemetry-state.ts';

export type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface SpanCapture {
  /** Spans ended so far. */
  spans(): ReadableSpan[];
  reset(): void;
  /** Unregisters the provider; decorators opened afterwards are plain again. */
  stop(): Promise<void>;
}

/**
 * In-process tracing for tests: registers a tracer provider (async-hooks context, W3C propagation)
 * that keeps spans in memory, and turns tracing on for this process as startTelemetry would, so
 * the query and object-store decorators and BullMQ's telemetry option apply to what opens next.
 */
export async function captureSpans(): Promise<SpanCapture> {
  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { InMemorySpanExporter, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { BullMQOtel } = await import('bullmq-otel');
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  setActiveTelemetry({
    serviceName: 'test',
    bullmq: new BullMQOtel({ tracerName: 'alphapulse-queue' }),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  });
  return { spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset(), stop: shutdownTelemetry };
}
