import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from './testing.ts';

const child = fileURLToPath(new URL('./test-fixtures/traced-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The standard OTEL_* variables removed, so the machine's environment cannot leak into a case. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  return { ...env, OTEL_BSP_SCHEDULE_DELAY: '50', ...extra };
}

function runChild(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child], { cwd: root, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('startTelemetry', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('without OTEL_* neither loads the SDK nor traces', async () => {
    const r = await runChild({});
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ enabled: { handle: false, state: false }, sdkLoaded: false });
  });

  for (const protocol of ['http/json', 'http/protobuf'] as const) {
    it(`exports HTTP, express and own spans over OTLP ${protocol}, one trace per request`, async () => {
      const before = receiver.spans().length;
      const r = await runChild({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ enabled: { handle: true, state: true }, sdkLoaded: true });
      const spans = receiver.spans().slice(before);
      expect(receiver.requests()[protocol === 'http/json' ? 'application/json' : 'application/x-protobuf']).toBeGreaterThan(0);
      expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['alphapulse-test-child']));

      const server = spans.find((s) => s.name === 'GET /things/:id');
      expect(server, spans.map((s) => s.name).join(', ')).toBeDefined();
      const handler = spans.find((s) => s.attributes['express.type'] === 'request_handler');
      expect(handler?.traceId).toBe(server?.traceId);
      expect(handler?.parentSpanId).toBe(server?.spanId);

      const outer = spans.find((s) => s.name === 'outer work');
      const inner = spans.find((s) => s.name === 'inner work');
      expect(outer?.attributes['test.answer']).toBe(protocol === 'http/json' ? 42 : '42');
      expect(outer?.events).toEqual(['first', 'second']);
      expect(inner?.parentSpanId).toBe(outer?.spanId);
      expect(inner?.traceId).toBe(outer?.traceId);
      expect(outer?.traceId).not.toBe(server?.traceId);
      expect(outer?.traceId).toMatch(/^[0-9a-f]{32}$/);
    });
  }

  it('honours OTEL_SERVICE_NAME over the default name', async () => {
    const before = receiver.spans().length;
    const r = await runChild({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'renamed' });
    expect(r.code, r.stderr).toBe(0);
    expect(new Set(receiver.spans().slice(before).map((s) => s.serviceName))).toEqual(new Set(['renamed']));
  });

  it('refuses a bad OTEL_EXPORTER_OTLP_PROTOCOL, naming it', async () => {
    const r = await runChild({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/OTEL_EXPORTER_OTLP_PROTOCOL/);
  });
});
