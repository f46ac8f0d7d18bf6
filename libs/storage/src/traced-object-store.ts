import { type Attributes, SpanKind, withSpan } from '@alphapulse/telemetry';
import type { ObjectStore } from './object-store.ts';

/**
 * An ObjectStore whose every call is a client span (`object-store get`, with the key, the store
 * kind and the bytes moved) under the active context. openObjectStore wraps with it when tracing is on.
 */
export class TracedObjectStore implements ObjectStore {
  constructor(private readonly inner: ObjectStore) {}

  get kind(): ObjectStore['kind'] {
    return this.inner.kind;
  }

  get location(): string {
    return this.inner.location;
  }

  private span<T>(operation: string, attributes: Attributes, fn: () => Promise<T>, after?: (result: T) => Attributes): Promise<T> {
    return withSpan(
      `object-store ${operation}`,
      { 'object_store.kind': this.inner.kind, 'object_store.operation': operation, ...attributes },
      async (span) => {
        const result = await fn();
        if (after) span.setAttributes(after(result));
        return result;
      },
      SpanKind.CLIENT,
    );
  }

  put(key: string, body: Buffer | string, contentType?: string): Promise<void> {
    return this.span('put', { 'object_store.key': key, 'object_store.bytes': Buffer.byteLength(body) }, () => this.inner.put(key, body, contentType));
  }

  get(key: string): Promise<Buffer> {
    return this.span('get', { 'object_store.key': key }, () => this.inner.get(key), (b) => ({ 'object_store.bytes': b.length }));
  }

  exists(key: string): Promise<boolean> {
    return this.span('exists', { 'object_store.key': key }, () => this.inner.exists(key), (found) => ({ 'object_store.found': found }));
  }

  list(prefix: string): Promise<string[]> {
    return this.span('list', { 'object_store.prefix': prefix }, () => this.inner.list(prefix), (keys) => ({ 'object_store.keys': keys.length }));
  }

  ensureReady(): Promise<void> {
    return this.span('ensureReady', {}, () => this.inner.ensureReady());
  }
}
