import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PreparedDataset } from '../../ml/dataset.ts';
import type { FittedModel } from '../../ml/model.ts';
import { loadModel } from '../../ml/model-files.ts';
import type { BackendPreference } from '../../ml/tfjs/backend.ts';
import type { TrialParams } from '../../ml/types.ts';
import type { TrialOutcome } from '../run-trial.ts';
import type { FromWorker, ToWorker, TrialWorkerData } from './trial-messages.ts';

/** A trial worker died or reported an error outside a trial's fit (a fit's own error is a failed trial). */
export class TrialWorkerError extends Error {
  override name = 'TrialWorkerError';
}

// The compiled CLI (apps/cli/build) rewrites this to the worker's compiled entry beside its bundle.
const WORKER_ENTRY = new URL('./trial-worker.ts', import.meta.url);

function spawnWorker(data: TrialWorkerData): Worker {
  if (!WORKER_ENTRY.pathname.endsWith('.ts')) return new Worker(WORKER_ENTRY, { workerData: data });
  // From TypeScript sources (tests, tsx): the worker registers tsx itself (a worker ignores --import).
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_ENTRY.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

interface Slot {
  worker: Worker;
  busy: boolean;
  pending: Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>;
}

export interface TrialRequest {
  id: number;
  trialParams: TrialParams;
  seed: number;
  completedCurves: number[][];
  keep: boolean;
}

/**
 * Worker threads that fit trials, one trial at a time each. Workers start at construction and load
 * their code while the caller does other work (features); nothing about a trial's outcome depends on
 * which worker ran it. close() must be called (the workers keep the process alive).
 */
export class TrialPool {
  private readonly slots: Slot[];
  private readonly waiting: Array<(slot: Slot) => void> = [];
  private readonly ranOn = new Map<number, Slot>();
  private broken: Error | null = null;

  constructor(
    readonly size: number,
    opts: { backend?: BackendPreference } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new TrialWorkerError(`a trial pool needs at least one worker, got ${size}`);
    this.slots = Array.from({ length: size }, () => this.startSlot({ backend: opts.backend ?? 'auto' }));
  }

  private startSlot(data: TrialWorkerData): Slot {
    const slot: Slot = { worker: spawnWorker(data), busy: false, pending: new Map() };
    const fail = (err: Error) => {
      this.broken ??= err;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    slot.worker.on('message', (m: FromWorker) => {
      if (m.type === 'error' && m.id === null) return fail(new TrialWorkerError(m.message));
      if (m.id === null) return;
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (m.type === 'error') p?.reject(new TrialWorkerError(m.message));
      else p?.resolve(m);
    });
    slot.worker.on('error', (err) => fail(new TrialWorkerError(`trial worker failed: ${err.message}`)));
    slot.worker.on('exit', (code) => fail(new TrialWorkerError(`trial worker exited (code ${code})`)));
    return slot;
  }

  private request(slot: Slot, msg: ToWorker & { id: number }): Promise<FromWorker> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      slot.pending.set(msg.id, { resolve, reject });
      slot.worker.postMessage(msg);
    });
  }

  private acquire(): Promise<Slot> {
    const idle = this.slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** The dataset the next trials fit on (every worker gets a copy); models kept for the previous one are dropped. */
  setDataset(ds: PreparedDataset): void {
    if (this.broken) throw this.broken;
    this.ranOn.clear();
    for (const s of this.slots) s.worker.postMessage({ type: 'dataset', ds } satisfies ToWorker);
  }

  /** Runs one trial on the next free worker. */
  async run(req: TrialRequest): Promise<TrialOutcome> {
    const slot = await this.acquire();
    try {
      this.ranOn.set(req.id, slot);
      const reply = await this.request(slot, { type: 'trial', ...req });
      if (reply.type !== 'outcome') throw new TrialWorkerError(`unexpected reply ${reply.type} to trial ${req.id}`);
      return reply.outcome;
    } finally {
      this.release(slot);
    }
  }

  /**
   * Trial `id`'s fitted model, loaded on this thread from the files its worker serialized; null unless
   * it was run with `keep` and is the best complete trial its worker fitted on the current dataset.
   */
  async takeModel(id: number): Promise<FittedModel | null> {
    const slot = this.ranOn.get(id);
    if (!slot) return null;
    const reply = await this.request(slot, { type: 'model', id });
    if (reply.type !== 'model' || !reply.files) return null;
    const files = Object.fromEntries(
      Object.entries(reply.files).map(([name, bytes]) => [name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    );
    return loadModel(files);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.broken ??= new TrialWorkerError('the trial pool is closed');
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
