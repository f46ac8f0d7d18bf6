// Loaded only when tracing is configured (see start-telemetry.ts): everything heavy lives here.
import type { IncomingMessage } from 'node:http';
import { register } from 'node:module';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BullMQOtel } from 'bullmq-otel';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import type { ActiveTelemetry } from './telemetry-state.ts';

/** Probes and scrapes: a span per poll would drown the traces that matter. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts the NodeSDK: HTTP and express instrumentation, the OTLP trace exporter the environment
 * chooses (OTEL_EXPORTER_OTLP_PROTOCOL: http/protobuf by default, http/json or grpc), W3C trace
 * context, and a BullMQ telemetry adapter that carries the active context into every job's opts.
 */
export async function startNodeSdk(serviceName: string | undefined, source: NodeJS.ProcessEnv): Promise<ActiveTelemetry> {
  // The app's modules are ESM: import-in-the-middle's loader lets the instrumentations patch express
  // when it is imported later. Only the modules an instrumentation hooks are intercepted.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  const sdk = new NodeSDK({
    serviceName,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]) }),
      new ExpressInstrumentation(),
    ],
    // Metrics are served on /metrics (Prometheus) and logs go to stderr; OTLP ones only on request.
    ...(source.OTEL_METRICS_EXPORTER ? {} : { metricReaders: [] }),
    ...(source.OTEL_LOGS_EXPORTER ? {} : { logRecordProcessors: [] }),
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  return { serviceName, bullmq: new BullMQOtel({ tracerName: 'alphapulse-queue' }), shutdown: () => sdk.shutdown() };
}
