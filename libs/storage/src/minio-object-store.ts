import { Client } from 'minio';
import { assertSafeKey, assertSafePrefix } from './object-key.ts';
import { ObjectNotFoundError, type ObjectStore } from './object-store.ts';

export interface MinioOptions {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

/** Objects in one S3 bucket through the minio client (MinIO in production, s3rver in tests). */
export class MinioObjectStore implements ObjectStore {
  readonly kind = 'minio' as const;
  readonly location: string;
  private readonly client: Client;

  constructor(private readonly options: MinioOptions) {
    this.client = new Client({
      endPoint: options.endPoint,
      port: options.port,
      useSSL: options.useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: true,
    });
    this.location = `s3://${options.bucket}`;
  }

  async ensureReady(): Promise<void> {
    const { bucket, region } = this.options;
    if (!(await this.client.bucketExists(bucket))) {
      try {
        await this.client.makeBucket(bucket, region);
      } catch (err) {
        // Another replica may have created it in between.
        if (!(await this.client.bucketExists(bucket))) throw err;
      }
    }
  }

  async put(key: string, body: Buffer | string, contentType = 'application/octet-stream'): Promise<void> {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    // Always pass the size: a single PUT, no multipart upload.
    await this.client.putObject(this.options.bucket, assertSafeKey(key), buf, buf.length, { 'Content-Type': contentType });
  }

  async get(key: string): Promise<Buffer> {
    try {
      const stream = await this.client.getObject(this.options.bucket, assertSafeKey(key));
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      if ((err as { code?: string }).code === 'NoSuchKey') throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.statObject(this.options.bucket, assertSafeKey(key));
      return true;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'NotFound' || code === 'NoSuchKey') return false;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const stream = this.client.listObjectsV2(this.options.bucket, assertSafePrefix(prefix), true);
    for await (const item of stream) if ((item as { name?: string }).name) keys.push((item as { name: string }).name);
    return keys.sort();
  }
}
