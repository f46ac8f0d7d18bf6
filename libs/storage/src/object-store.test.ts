import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '@alphapulse/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeKey, ObjectNotFoundError, type ObjectStore, openObjectStore } from './index.ts';
import { startTestS3, type TestS3 } from './testing.ts';

describe('assertSafeKey', () => {
  it.each(['../x', 'a/../../b', '/etc/passwd', 'a//b', 'a/./b', 'a\\..\\b', 'a/b/', '', 'a\u0000b', '..'])('refuses %j', (key) => {
    expect(() => assertSafeKey(key)).toThrow(/invalid object key/);
  });
  it.each(['features/v1/abc.json', 'models/run-1/model.json', 'reports/r1.html', 'a/b=c/d@e'])('accepts %j', (key) => {
    expect(assertSafeKey(key)).toBe(key);
  });
});

let s3: TestS3;
const dirs: string[] = [];
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  await s3.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const stores: [string, () => Promise<ObjectStore>][] = [
  ['local', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ap-objects-'));
    dirs.push(dir);
    return openObjectStore(loadEnv({ DATA_DIR: dir }));
  }],
  ['minio (s3rver)', async () => openObjectStore(loadEnv({ ...s3.env, MINIO_BUCKET: `t-${Date.now()}` }))],
];

describe.each(stores)('%s object store', (_name, open) => {
  it('puts, gets, lists and checks existence', async () => {
    const store = await open();
    await store.put('models/r1/model.json', '{"a":1}', 'application/json');
    await store.put('models/r1/weights.bin', Buffer.from([1, 2, 3]));
    await store.put('reports/r1.html', '<p>hi</p>');
    expect((await store.get('models/r1/model.json')).toString()).toBe('{"a":1}');
    expect([...(await store.get('models/r1/weights.bin'))]).toEqual([1, 2, 3]);
    expect(await store.list('models/r1/')).toEqual(['models/r1/model.json', 'models/r1/weights.bin']);
    expect(await store.exists('reports/r1.html')).toBe(true);
    expect(await store.exists('reports/r2.html')).toBe(false);
    await expect(store.get('reports/none.html')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('refuses keys that would escape the bucket or directory', async () => {
    const store = await open();
    await expect(store.put('../escape.txt', 'x')).rejects.toThrow(/invalid object key/);
    await expect(store.get('models/../../etc/passwd')).rejects.toThrow(/invalid object key/);
  });
});

describe('local object store', () => {
  it('never reads outside its directory even through a crafted key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ap-objects-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    const store = await openObjectStore(loadEnv({ DATA_DIR: dir }));
    await expect(store.get('../../secret.txt')).rejects.toThrow(/invalid object key/);
  });
});
