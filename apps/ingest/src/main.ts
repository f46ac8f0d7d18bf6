// Entry point of the ingest image: `node --import tsx apps/ingest/src/main.ts`.
import { serveIngest } from './serve-ingest.ts';

serveIngest().catch((err: Error) => {
  process.stderr.write(`ingest: ${err.message}\n`);
  process.exit(1);
});
