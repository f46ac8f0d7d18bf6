/// <reference path="./s3rver.d.ts" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestS3 {
  port: number;
  /** s3rver's directory: one folder per bucket, objects below (to check nothing lands elsewhere). */
  directory: string;
  env: { MINIO_ENDPOINT: string; MINIO_PORT: string; MINIO_ACCESS_KEY: string; MINIO_SECRET_KEY: string; MINIO_USE_SSL: string };
  close(): Promise<void>;
}

/** Starts s3rver (an S3-protocol server) on loopback in a temporary directory. */
export async function startTestS3(): Promise<TestS3> {
  const { default: S3rver } = (await import('s3rver')) as unknown as { default: new (o: object) => { run(): Promise<unknown>; close(): Promise<void> } };
  const directory = mkdtempSync(path.join(tmpdir(), 'ap-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, resetOnClose: true });
  const { port } = (await server.run()) as { port: number };
  return {
    port,
    directory,
    env: { MINIO_ENDPOINT: '127.0.0.1', MINIO_PORT: String(port), MINIO_ACCESS_KEY: 'S3RVER', MINIO_SECRET_KEY: 'S3RVER', MINIO_USE_SSL: 'false' },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
