import { describe, expect, it } from 'vitest';
import { serviceNameOverride, tracesConfigured } from './telemetry-env.ts';

describe('tracesConfigured', () => {
  it('is on with an OTLP endpoint (all signals or traces only) and off without one', () => {
    expect(tracesConfigured({})).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'x' })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
  });

  it('follows OTEL_TRACES_EXPORTER and OTEL_SDK_DISABLED', () => {
    expect(tracesConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracesConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'false' })).toBe(true);
  });
});

describe('serviceNameOverride', () => {
  it('names the tier unless the environment names the service', () => {
    expect(serviceNameOverride({}, 'alphapulse-ingest')).toBe('alphapulse-ingest');
    expect(serviceNameOverride({ OTEL_SERVICE_NAME: 'ops-ingest' }, 'alphapulse-ingest')).toBeUndefined();
    expect(serviceNameOverride({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, service.name=x' }, 'alphapulse-ingest')).toBeUndefined();
    expect(serviceNameOverride({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' }, 'alphapulse-ingest')).toBe('alphapulse-ingest');
  });
});
