import type { PreparedDataset } from '../../ml/dataset.ts';
import type { FittedModel } from '../../ml/model.ts';
import type { BackendPreference } from '../../ml/tfjs/backend.ts';
import type { StepListener, TrialOutcome } from '../run-trial.ts';
import { LocalTrialRunner } from './local-trial-runner.ts';
import { type TrialRequest, type TrialRunner, TrialWorkerError } from './trial-runner.ts';
import { WorkerTrialRunner } from './worker-trial-runner.ts';

export { type TrialRequest, TrialWorkerError } from './trial-runner.ts';

/**
 * `size` trial runners: this thread and size − 1 worker threads, each fitting one trial at a time. The
 * workers start at construction and load their code while this thread works (features, the first
 * trials): a trial goes to a loaded, idle worker first, else to this thread. Nothing about a trial's
 * outcome depends on where it ran. close() must be called (the workers keep the process alive).
 */
export class TrialPool {
  private readonly runners: TrialRunner[];
  private readonly busy = new Set<TrialRunner>();
  private readonly waiting: Array<(runner: TrialRunner) => void> = [];
  private readonly ranOn = new Map<number, TrialRunner>();

  constructor(
    readonly size: number,
    opts: { backend?: BackendPreference } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new TrialWorkerError(`a trial pool needs at least one runner, got ${size}`);
    const workers = Array.from({ length: size - 1 }, () => new WorkerTrialRunner({ backend: opts.backend ?? 'auto' }));
    this.runners = [...workers, new LocalTrialRunner()];
    for (const w of workers) w.onReady(() => this.release(w, false));
  }

  private idle(): TrialRunner | undefined {
    return this.runners.find((r) => r.ready && !this.busy.has(r));
  }

  private acquire(): Promise<TrialRunner> {
    const runner = this.idle();
    if (runner) {
      this.busy.add(runner);
      return Promise.resolve(runner);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(runner: TrialRunner, wasBusy = true): void {
    if (wasBusy) this.busy.delete(runner);
    if (this.busy.has(runner)) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.busy.add(runner);
    next(runner);
  }

  /** Resolves once every worker has loaded its code (trials never wait for this; tests and warm-ups may). */
  whenReady(): Promise<void> {
    return Promise.all(this.runners.map((r) => new Promise<void>((resolve) => r.onReady(resolve)))).then(() => {});
  }

  /** The dataset the next trials fit on (every worker gets a copy); models kept for the previous one are dropped. */
  setDataset(ds: PreparedDataset): void {
    this.ranOn.clear();
    for (const r of this.runners) r.setDataset(ds);
  }

  /** Runs one trial on the first free runner. */
  async run(req: TrialRequest, onStep?: StepListener): Promise<TrialOutcome> {
    const runner = await this.acquire();
    try {
      this.ranOn.set(req.id, runner);
      return await runner.run(req, onStep);
    } finally {
      this.release(runner);
    }
  }

  /**
   * Trial `id`'s fitted model, on this thread (a worker's is serialized and loaded here); null unless it
   * was run with `keep` and is the best complete trial its runner fitted on the current dataset.
   */
  takeModel(id: number): Promise<FittedModel | null> {
    return this.ranOn.get(id)?.takeModel(id) ?? Promise.resolve(null);
  }

  /** Stops the workers and drops any model still kept. */
  async close(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.close()));
  }
}
