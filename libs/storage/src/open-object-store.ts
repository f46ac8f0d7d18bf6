import path from 'node:path';
import type { Env } from '@alphapulse/config';
import { tracingEnabled } from '@alphapulse/telemetry';
import { LocalObjectStore } from './local-object-store.ts';
import { MinioObjectStore } from './minio-object-store.ts';
import type { ObjectStore } from './object-store.ts';
import { TracedObjectStore } from './traced-object-store.ts';

/** Raised when the configured object store cannot be reached at start. */
export class ObjectStoreUnavailableError extends Error {
  constructor(location: string, cause: unknown) {
    super(`object store unavailable (${location}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ObjectStoreUnavailableError';
  }
}

type StoreEnv = Pick<
  Env,
  'MINIO_ENDPOINT' | 'MINIO_PORT' | 'MINIO_USE_SSL' | 'MINIO_ACCESS_KEY' | 'MINIO_SECRET_KEY' | 'MINIO_BUCKET' | 'MINIO_REGION' | 'DATA_DIR'
>;

/**
 * The MinIO store when MINIO_ENDPOINT is set (bucket created if missing), else a directory
 * `objects/<bucket>` under DATA_DIR. Resolves once the store answers. With tracing on, every call
 * is a span (TracedObjectStore).
 */
export async function openObjectStore(env: StoreEnv): Promise<ObjectStore> {
  const store: ObjectStore = env.MINIO_ENDPOINT
    ? new MinioObjectStore({
        endPoint: env.MINIO_ENDPOINT,
        port: env.MINIO_PORT,
        useSSL: env.MINIO_USE_SSL,
        accessKey: env.MINIO_ACCESS_KEY ?? '',
        secretKey: env.MINIO_SECRET_KEY ?? '',
        bucket: env.MINIO_BUCKET,
        region: env.MINIO_REGION,
      })
    : new LocalObjectStore(path.join(env.DATA_DIR, 'objects', env.MINIO_BUCKET));
  try {
    await store.ensureReady();
  } catch (err) {
    throw new ObjectStoreUnavailableError(store.location, err);
  }
  return tracingEnabled() ? new TracedObjectStore(store) : store;
}
