import { recordError, SpanKind, startSpan } from '@alphapulse/telemetry';
import type { Sql } from 'postgres';

/** Longest query text a span carries (a 5,000-row insert is ~100 kB of placeholders). */
const MAX_TEXT = 2_000;

interface Target {
  host?: string;
  port?: number;
  database?: string;
}

/** `SELECT runs`, `INSERT bars`: the statement's verb and its first table, from drizzle's SQL. */
export function spanNameOf(text: string): { operation: string; table?: string } {
  const operation = (/^\s*(\w+)/.exec(text)?.[1] ?? 'query').toUpperCase();
  const table = /\b(?:from|into|update|table)\s+"?([A-Za-z_][\w]*)"?/i.exec(text)?.[1];
  return { operation, table };
}

/**
 * Wraps a postgres.js client so that every statement drizzle sends through it is a client span
 * (OpenTelemetry database conventions): `unsafe()` is drizzle's only query path, and transactions
 * and savepoints hand their callbacks a wrapped client too. The span carries the parameterized
 * SQL (`$1`, never the values). Used only when tracing is on.
 */
export function traceSqlClient<T extends Sql>(sql: T, target: Target = {}): T {
  return new Proxy(sql, {
    get(client, prop, receiver) {
      const value = Reflect.get(client, prop, receiver);
      if (prop === 'unsafe') {
        return (text: string, ...rest: unknown[]) => {
          const { operation, table } = spanNameOf(text);
          const span = startSpan(
            table ? `${operation} ${table}` : operation,
            {
              'db.system.name': 'postgresql',
              'db.operation.name': operation,
              ...(table ? { 'db.collection.name': table } : {}),
              'db.query.text': text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text,
              ...(target.database ? { 'db.namespace': target.database } : {}),
              ...(target.host ? { 'server.address': target.host } : {}),
              ...(target.port ? { 'server.port': target.port } : {}),
            },
            SpanKind.CLIENT,
          );
          const query = (value as (...a: unknown[]) => Promise<unknown>).call(client, text, ...rest);
          // The query runs once awaited (drizzle does so at once); watch it without starting it.
          Promise.prototype.then.call(
            query,
            (rows: unknown) => {
              const count = (rows as { count?: unknown } | undefined)?.count;
              if (typeof count === 'number') span.setAttribute('db.response.returned_rows', count);
              span.end();
            },
            (err: unknown) => {
              recordError(span, err);
              span.end();
            },
          );
          return query;
        };
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown;
          return (value as (...a: unknown[]) => unknown).call(client, ...args, (tx: Sql) => fn(traceSqlClient(tx, target)));
        };
      }
      return value;
    },
  });
}
