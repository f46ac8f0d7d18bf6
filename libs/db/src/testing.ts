import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from './database.ts';

export interface TestDatabase extends Database {
  url: string;
  /** Closes the connection and drops the database. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh, migrated Postgres database for one test file, on the server at `adminUrl`
 * (default TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 */
export async function createTestDatabase(adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'): Promise<TestDatabase> {
  const { default: postgres } = await import('postgres');
  const name = `alphapulse_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, dataDir: '.', maxConnections: 5 });
  return {
    ...database,
    url,
    async drop() {
      await database.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
