export * as schema from './schema.ts';
export * from './schema.ts';
export { type Database, type DatabaseOptions, type Db, DatabaseUnavailableError, openDatabase, pingDatabase, redactUrl } from './database.ts';
