/** The object store both tiers use: feature batches, model artifacts, run reports. */
export interface ObjectStore {
  /** `minio` (S3 protocol) or `local` (a directory). */
  readonly kind: 'minio' | 'local';
  /** Where objects live, for humans: `s3://bucket` or an absolute directory. */
  readonly location: string;
  put(key: string, body: Buffer | string, contentType?: string): Promise<void>;
  /** The object's bytes; throws ObjectNotFoundError when there is none. */
  get(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Fails when the store cannot be reached (or the bucket cannot be created). */
  ensureReady(): Promise<void>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object not found: ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}
