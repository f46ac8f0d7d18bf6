import { loadEnvKeys } from '@alphapulse/config';
import { serviceNameOverride, tracesConfigured } from './telemetry-env.ts';
import { activeTelemetry, setActiveTelemetry, shutdownTelemetry } from './telemetry-state.ts';

export interface TelemetryHandle {
  /** True when the SDK runs and exports traces. */
  readonly enabled: boolean;
  /** Flushes pending spans and stops the SDK (a no-op when disabled). */
  shutdown(): Promise<void>;
}

const DISABLED: TelemetryHandle = { enabled: false, shutdown: async () => {} };

/**
 * Starts OpenTelemetry tracing through @opentelemetry/sdk-node when the standard OTEL_* variables
 * ask for it (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME, ...), and
 * otherwise does nothing: the SDK is not even loaded.
 *
 * Call it first thing in a process, before importing express or the tier modules (import them
 * dynamically afterwards): the instrumentations hook modules as they load. `defaultServiceName`
 * is the `service.name` unless the environment names one. A bad OTEL_* value throws ConfigError
 * naming the variable. Calling it again returns the running SDK.
 */
export async function startTelemetry(defaultServiceName: string, source: NodeJS.ProcessEnv = process.env): Promise<TelemetryHandle> {
  loadEnvKeys(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_SERVICE_NAME'], source);
  if (!tracesConfigured(source)) return DISABLED;
  if (!activeTelemetry()) {
    const { startNodeSdk } = await import('./node-sdk.ts');
    setActiveTelemetry(await startNodeSdk(serviceNameOverride(source, defaultServiceName), source));
  }
  return { enabled: true, shutdown: shutdownTelemetry };
}
