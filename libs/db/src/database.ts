import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { tracingEnabled } from '@alphapulse/telemetry';
import { sql } from 'drizzle-orm';
import * as schema from './schema.ts';
import { traceSqlClient } from './traced-sql.ts';

export type Schema = typeof schema;
/** A drizzle database over either driver; repositories depend on this and nothing narrower. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  /** `postgres` (postgres.js against DATABASE_URL) or `pglite` (embedded, in DATA_DIR). */
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  /** Connection pool size for postgres.js. */
  maxConnections?: number;
}

/** Raised when the database cannot be reached or migrated at start; the message is one line. */
export class DatabaseUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`database unavailable (${target}): ${why}`);
    this.name = 'DatabaseUnavailableError';
  }
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));
// An arbitrary constant: serialises migrations when several processes start at once.
const MIGRATION_LOCK = 7_411_902;

/**
 * Opens the configured database and applies pending migrations before returning:
 * Postgres through postgres.js when `databaseUrl` is set, embedded PGlite under `dataDir` otherwise.
 * With tracing on, every postgres.js query is a span (PGlite's are not).
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.maxConnections ?? 10) : openPglite(options.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const { host, port, database } = client.options;
  const db = drizzle(tracingEnabled() ? traceSqlClient(client, { host: host[0], port: port[0], database }) : client, { schema }) as unknown as Db;
  const target = redactUrl(url);
  // One connection, so the session-level advisory lock covers the whole migration.
  const migrator = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migrate(drizzle(migrator, { schema }), { migrationsFolder });
    await migrator`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } catch (err) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnavailableError(target, err);
  } finally {
    await migrator.end({ timeout: 1 }).catch(() => {});
  }
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = path.resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  try {
    const client = new PGlite(dir);
    await client.waitReady;
    const db = drizzle(client, { schema });
    await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
  } catch (err) {
    throw new DatabaseUnavailableError(`pglite at ${dir}`, err);
  }
}

/** Hides the password of a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

/** Round-trips a trivial query; throws when the database is gone. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
