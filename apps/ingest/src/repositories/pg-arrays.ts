import type { SQL } from 'drizzle-orm';
import type { Db } from '@alphapulse/db';

/**
 * Postgres array literals for set-based statements (`unnest($1::float8[], ...)`). Each array is
 * ONE bound parameter holding a literal such as `{1.5,NULL,2}`: no SQL is built from values, and
 * both drivers (postgres.js and PGlite) pass a text parameter the same way, which is also much
 * cheaper than having the driver serialise JS arrays value by value.
 */
export function numberArrayLiteral(values: readonly (number | null | undefined)[], field: string): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i) out += ',';
    if (v === null || v === undefined) {
      out += 'NULL';
    } else {
      if (!Number.isFinite(v)) throw new RangeError(`${field}[${i}] is not a finite number: ${v}`);
      out += v;
    }
  }
  return `${out}}`;
}

/** Timestamps as an array literal of ISO-8601 instants (no characters that need quoting). */
export function timestampArrayLiteral(values: readonly Date[], field: string): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const t = values[i].getTime();
    if (!Number.isFinite(t)) throw new RangeError(`${field}[${i}] is not a valid date`);
    if (i) out += ',';
    out += values[i].toISOString();
  }
  return `${out}}`;
}

/**
 * Timestamps as seconds since the epoch (float8, millisecond precision kept), for
 * `to_timestamp(...)`: Postgres converts these ~30% faster than it parses ISO-8601 text.
 */
export function epochArrayLiteral(values: readonly Date[], field: string): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const t = values[i].getTime();
    if (!Number.isFinite(t)) throw new RangeError(`${field}[${i}] is not a valid date`);
    if (i) out += ',';
    out += t / 1000;
  }
  return `${out}}`;
}

/** Text values as a quoted array literal; quotes and backslashes are escaped. */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  return `{${values.map((v) => (v == null ? 'NULL' : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/** Runs a statement and returns its rows, whichever driver is behind `db`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
