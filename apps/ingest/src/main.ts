// Entry point of the ingest image: `node --import tsx apps/ingest/src/main.ts`.
import { startTelemetry } from '@alphapulse/telemetry';

try {
  // First: with OTEL_* set, the instrumentations hook express and the rest as the tier is imported.
  await startTelemetry('alphapulse-ingest');
  const { serveIngest } = await import('./serve-ingest.ts');
  await serveIngest();
} catch (err) {
  process.stderr.write(`ingest: ${(err as Error).message}\n`);
  process.exit(1);
}
