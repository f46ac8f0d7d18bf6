import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '@alphapulse/config';
import { SpanStatusCode, withSpan } from '@alphapulse/telemetry';
import { captureSpans, type SpanCapture } from '@alphapulse/telemetry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError, openObjectStore, TracedObjectStore } from './index.ts';
import { startTestS3, type TestS3 } from './testing.ts';

describe('object-store spans', () => {
  let capture: SpanCapture;
  let s3: TestS3;
  const dir = mkdtempSync(path.join(tmpdir(), 'ap-objects-'));
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await capture?.stop();
    await s3.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the plain store while tracing is off', async () => {
    expect(await openObjectStore(loadEnv({ DATA_DIR: dir }))).not.toBeInstanceOf(TracedObjectStore);
  });

  it('makes every call a client span under the caller, with the key and the bytes, on s3rver', async () => {
    capture = await captureSpans();
    const store = await openObjectStore(loadEnv({ ...s3.env, MINIO_BUCKET: `traced-${Date.now()}` }));
    expect(store).toBeInstanceOf(TracedObjectStore);
    expect(store.kind).toBe('minio');
    capture.reset();
    await withSpan('caller', {}, async () => {
      await store.put('models/r1/model.json', '{"a":1}');
      expect((await store.get('models/r1/model.json')).toString()).toBe('{"a":1}');
      expect(await store.exists('models/r1/none.json')).toBe(false);
      expect(await store.list('models/r1/')).toEqual(['models/r1/model.json']);
      await expect(store.get('models/r1/none.json')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });
    const spans = capture.spans();
    const caller = spans.find((s) => s.name === 'caller');
    const calls = spans.filter((s) => s.name.startsWith('object-store '));
    expect(calls.map((s) => s.name)).toEqual(['object-store put', 'object-store get', 'object-store exists', 'object-store list', 'object-store get']);
    for (const c of calls) expect(c.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
    expect(calls[0].attributes).toMatchObject({ 'object_store.key': 'models/r1/model.json', 'object_store.bytes': 7, 'object_store.kind': 'minio' });
    expect(calls[1].attributes['object_store.bytes']).toBe(7);
    expect(calls[2].attributes['object_store.found']).toBe(false);
    expect(calls[3].attributes['object_store.keys']).toBe(1);
    expect(calls[4].status.code).toBe(SpanStatusCode.ERROR);
  });
});
