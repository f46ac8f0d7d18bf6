import type { Telemetry as BullmqTelemetry } from 'bullmq';

/** What a started SDK hands to the rest of the process. */
export interface ActiveTelemetry {
  serviceName: string | undefined;
  bullmq: BullmqTelemetry;
  shutdown(): Promise<void>;
}

let active: ActiveTelemetry | undefined;

export function setActiveTelemetry(value: ActiveTelemetry | undefined): void {
  active = value;
}

export function activeTelemetry(): ActiveTelemetry | undefined {
  return active;
}

/**
 * True once startTelemetry() started the SDK in this process. Decorators (queries, object store)
 * wrap only then, so an unconfigured process runs the plain objects.
 */
export function tracingEnabled(): boolean {
  return active !== undefined;
}

/** The BullMQ `telemetry` option (bullmq-otel) for Queue, Worker and FlowProducer; undefined when tracing is off. */
export function bullmqTelemetry(): BullmqTelemetry | undefined {
  return active?.bullmq;
}

/** Flushes and stops the SDK, if one runs (idempotent). Call before the process exits. */
export async function shutdownTelemetry(): Promise<void> {
  const current = active;
  active = undefined;
  await current?.shutdown();
}
