import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '@alphapulse/telemetry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually } from '../support/tier-process.ts';

/**
 * OpenTelemetry across the queue hop, on the production topology: Postgres, Redis, s3rver, and the
 * two tiers as child processes exporting OTLP/HTTP (http/json) to a receiver on loopback. One
 * `POST /ingest` must be one trace from the ingest tier's HTTP span through its jobs into the
 * trainer's study, trials and prediction, with queries and object-store calls as spans in both.
 */
let receiver: OtlpReceiver;
let stack: TestStack;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startTestStack({
    trainers: 1,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '250', JOB_LOCK_MS: '10000' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** Names from a span up to its trace's root, through parents the receiver has. */
function ancestry(span: ReceivedSpan, spans: ReceivedSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: string[] = [];
  for (let s: ReceivedSpan | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) chain.push(`${s.serviceName}: ${s.name}`);
  return chain;
}

/** The value of the one Prometheus sample of `name` whose labels include `labels` (in any order). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const values = text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
  if (values.length > 1) throw new Error(`${values.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return values[0];
}

describe('traces across the queue hop', () => {
  it('makes one ingest-to-run flow one trace spanning alphapulse-ingest and alphapulse-trainer', async () => {
    const res = await fetch(`${stack.ingest.url}/ingest`, {
      method: 'POST',
      headers: stack.auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM'], from: '2019-01-01', to: '2024-06-30', mode: 'ultra_fast' }),
    });
    expect(res.status).toBe(202);
    await eventually(
      async () => {
        const { runs } = (await (await fetch(`${stack.ingest.url}/runs`, { headers: stack.auth })).json()) as { runs: { id: string; status: string }[] };
        if (runs.some((r) => r.status === 'failed')) throw new Error(`run failed: ${JSON.stringify(runs)}`);
        return runs.find((r) => r.status === 'completed');
      },
      240_000,
      'a completed run',
    );

    const trace = await eventually(
      async () => {
        const spans = receiver.spans();
        const root = spans.find((s) => s.serviceName === 'alphapulse-ingest' && s.name === 'POST /ingest' && s.parentSpanId === '');
        const inTrace = spans.filter((s) => s.traceId === root?.traceId);
        // Done once the study's last step (finalize) has ended and been exported.
        const finalized = inTrace.filter((s) => s.name === 'process training').some((s) => spans.some((d) => d.parentSpanId === s.spanId && d.name.startsWith('fit ')));
        return root && finalized ? { root, spans: inTrace } : undefined;
      },
      60_000,
      'the POST /ingest trace with the finished study',
    );
    const { spans } = trace;
    expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['alphapulse-ingest', 'alphapulse-trainer']));
    const processes = (name: string) => spans.filter((s) => s.name === name);
    for (const [name, service] of [
      ['process ingest-bars', 'alphapulse-ingest'],
      ['process features', 'alphapulse-ingest'],
      ['process training', 'alphapulse-trainer'],
      ['process trials', 'alphapulse-trainer'],
      ['process predict', 'alphapulse-trainer'],
    ]) {
      expect(processes(name).length, `${name} in the trace`).toBeGreaterThan(0);
      expect(new Set(processes(name).map((s) => s.serviceName))).toEqual(new Set([service]));
    }

    // The hops, parent by parent: HTTP → flow → features.build → (enqueued inside it) training.run → trials.
    const training = ancestry(processes('process training')[0], spans);
    expect(training.slice(0, 3)).toEqual(['alphapulse-trainer: process training', 'alphapulse-ingest: add training.training.run', 'alphapulse-ingest: process features']);
    expect(training.at(-1)).toBe('alphapulse-ingest: POST /ingest');
    for (const trial of processes('process trials')) expect(ancestry(trial, spans)).toContain('alphapulse-trainer: process training');
    expect(ancestry(processes('process predict')[0], spans)).toContain('alphapulse-ingest: process features');

    // Postgres queries and object-store calls are spans on both sides.
    for (const service of ['alphapulse-ingest', 'alphapulse-trainer']) {
      const own = spans.filter((s) => s.serviceName === service);
      expect(own.some((s) => s.attributes['db.system.name'] === 'postgresql'), `${service} queries`).toBe(true);
      expect(own.some((s) => s.name === 'object-store put'), `${service} object-store puts`).toBe(true);
    }
    const batchRead = spans.find((s) => s.serviceName === 'alphapulse-trainer' && s.name === 'object-store get');
    expect(String(batchRead?.attributes['object_store.key'])).toMatch(/^features\//);
  }, 330_000);

  it('serves job durations, completed/failed/retried counts and reconciler repairs on /metrics of both tiers', async () => {
    const ingest = await (await fetch(`${stack.ingest.url}/metrics`, { headers: stack.auth })).text();
    const trainer = await (await fetch(`${stack.trainers[0].url}/metrics`, { headers: stack.auth })).text();
    expect(sample(ingest, 'alphapulse_jobs_completed_total', { tier: 'ingest', queue: 'features', job_name: 'features.build' })).toBe(1);
    expect(sample(ingest, 'alphapulse_job_duration_seconds_count', { tier: 'ingest', job_name: 'bars.fetch', outcome: 'completed' })).toBe(1);
    expect(sample(trainer, 'alphapulse_jobs_completed_total', { tier: 'trainer', queue: 'training', job_name: 'training.run' })).toBe(1);
    // The study job waits for its trials at least once, then completes.
    expect(sample(trainer, 'alphapulse_job_duration_seconds_count', { job_name: 'training.run', outcome: 'waiting' })).toBeGreaterThanOrEqual(1);
    expect(sample(trainer, 'alphapulse_job_duration_seconds_count', { job_name: 'training.run', outcome: 'completed' })).toBe(1);
    expect(sample(trainer, 'alphapulse_jobs_completed_total', { job_name: 'trials.run' })).toBe(5);
    for (const text of [ingest, trainer]) {
      expect(text).toContain('# TYPE alphapulse_jobs_failed_total counter');
      expect(text).toContain('# TYPE alphapulse_jobs_retried_total counter');
      expect(text).toContain('# TYPE alphapulse_reconciler_repairs_total counter');
    }
  });

  it('flushes and stops both tiers cleanly on SIGTERM', async () => {
    expect(await stack.ingest.stop('SIGTERM')).toBe(0);
    expect(await stack.trainers[0].stop('SIGTERM')).toBe(0);
  }, 90_000);
});
