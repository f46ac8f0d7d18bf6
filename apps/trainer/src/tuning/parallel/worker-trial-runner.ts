import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PreparedDataset } from '../../ml/dataset.ts';
import type { FittedModel } from '../../ml/model.ts';
import { loadModel } from '../../ml/model-files.ts';
import type { StepListener, TrialOutcome } from '../run-trial.ts';
import type { FromWorker, ToWorker, TrialWorkerData } from './trial-messages.ts';
import { type TrialRequest, type TrialRunner, TrialWorkerError } from './trial-runner.ts';

// The compiled CLI (apps/cli/bin/compiled-cli.mjs) rewrites this to the worker's compiled entry.
const WORKER_ENTRY = new URL('./trial-worker.ts', import.meta.url);

function spawnWorker(data: TrialWorkerData): Worker {
  if (!WORKER_ENTRY.pathname.endsWith('.ts')) return new Worker(WORKER_ENTRY, { workerData: data });
  // From TypeScript sources (tests, tsx): the worker registers tsx itself (a worker ignores --import).
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_ENTRY.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/** Trials on a worker thread (trial-worker.ts); the winner's model comes back serialized. */
export class WorkerTrialRunner implements TrialRunner {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private readonly readyListeners: Array<() => void> = [];
  private readonly stepListeners = new Map<number, StepListener>();
  private failure: Error | null = null;
  ready = false;

  constructor(data: TrialWorkerData) {
    this.worker = spawnWorker(data);
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (err) => this.fail(new TrialWorkerError(`trial worker failed: ${err.message}`)));
    this.worker.on('exit', (code) => this.fail(new TrialWorkerError(`trial worker exited (code ${code})`)));
  }

  private receive(m: FromWorker): void {
    if (m.type === 'ready') {
      this.ready = true;
      for (const l of this.readyListeners.splice(0)) l();
      return;
    }
    if (m.type === 'step') {
      this.stepListeners.get(m.id)?.(m.step, m.valLoss);
      return;
    }
    if (m.id === null) {
      if (m.type === 'error') this.fail(new TrialWorkerError(m.message));
      return;
    }
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'error') p?.reject(new TrialWorkerError(m.message));
    else p?.resolve(m);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private request(msg: ToWorker & { id: number }): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject });
      this.worker.postMessage(msg);
    });
  }

  onReady(listener: () => void): void {
    if (this.ready) listener();
    else this.readyListeners.push(listener);
  }

  setDataset(ds: PreparedDataset): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ type: 'dataset', ds } satisfies ToWorker);
  }

  async run(req: TrialRequest, onStep?: StepListener): Promise<TrialOutcome> {
    if (onStep) this.stepListeners.set(req.id, onStep);
    const reply = await this.request({ type: 'trial', ...req }).finally(() => this.stepListeners.delete(req.id));
    if (reply.type !== 'outcome') throw new TrialWorkerError(`unexpected reply ${reply.type} to trial ${req.id}`);
    return reply.outcome;
  }

  async takeModel(id: number): Promise<FittedModel | null> {
    const reply = await this.request({ type: 'model', id });
    if (reply.type !== 'model' || !reply.files) return null;
    const files = Object.fromEntries(
      Object.entries(reply.files).map(([name, bytes]) => [name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]),
    );
    return loadModel(files);
  }

  async close(): Promise<void> {
    this.failure ??= new TrialWorkerError('the trial worker is closed');
    await this.worker.terminate();
  }
}
