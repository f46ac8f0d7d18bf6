export { startTrainerTier, type TrainerTier, type TrainerTierOptions } from './trainer-tier.ts';
export { serveTrainer } from './serve-trainer.ts';
export type { StudyResult } from './queues/training/run-recorder.ts';
