export { assertSafeKey, assertSafePrefix, InvalidObjectKeyError } from './object-key.ts';
export { ObjectNotFoundError, type ObjectStore } from './object-store.ts';
export { LocalObjectStore } from './local-object-store.ts';
export { MinioObjectStore, type MinioOptions } from './minio-object-store.ts';
export { openObjectStore, ObjectStoreUnavailableError } from './open-object-store.ts';
export { TracedObjectStore } from './traced-object-store.ts';
