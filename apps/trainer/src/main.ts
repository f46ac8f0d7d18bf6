// Entry point of the trainer image: `node --import tsx apps/trainer/src/main.ts`.
import { serveTrainer } from './serve-trainer.ts';

serveTrainer().catch((err: Error) => {
  process.stderr.write(`trainer: ${err.message}\n`);
  process.exit(1);
});
