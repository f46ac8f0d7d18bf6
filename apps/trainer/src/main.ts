// Entry point of the trainer image: `node --import tsx apps/trainer/src/main.ts`.
import { startTelemetry } from '@alphapulse/telemetry';

try {
  // First: with OTEL_* set, the instrumentations hook express and the rest as the tier is imported.
  await startTelemetry('alphapulse-trainer');
  const { serveTrainer } = await import('./serve-trainer.ts');
  await serveTrainer();
} catch (err) {
  process.stderr.write(`trainer: ${(err as Error).message}\n`);
  process.exit(1);
}
