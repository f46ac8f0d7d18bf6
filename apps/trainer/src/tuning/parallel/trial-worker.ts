/**
 * A trial worker thread: fits the trials its WorkerTrialRunner sends it, one at a time, on the
 * dataset it was last sent. Model code loads on the first trial of its family (TensorFlow.js only for
 * a network). It keeps its best complete model so the study can take the winner without a refit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PreparedDataset } from '../../ml/dataset.ts';
import { needsTensorflow } from '../../ml/families.ts';
import type { FittedModel } from '../../ml/model.ts';
import { serializeModel } from '../../ml/model-files.ts';
import { runTrial } from '../run-trial.ts';
import type { FromWorker, ToWorker, TrialWorkerData } from './trial-messages.ts';

const port = parentPort;
if (!port) throw new Error('trial-worker.ts runs as a worker thread (see WorkerTrialRunner)');
const { backend } = workerData as TrialWorkerData;
let ds: PreparedDataset | null = null;
let kept: { id: number; value: number; model: FittedModel } | null = null;
let tensorflowReady: Promise<unknown> | null = null;
const send = (m: FromWorker) => port.postMessage(m);

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'dataset') {
    kept?.model.dispose();
    kept = null;
    ds = msg.ds;
    return;
  }
  if (msg.type === 'model') {
    const files = kept?.id === msg.id ? await serializeModel(kept.model) : null;
    send({ type: 'model', id: msg.id, files });
    return;
  }
  if (!ds) throw new Error('trial sent before a dataset');
  if (needsTensorflow(msg.trialParams.model)) {
    // The main thread's backend choice, made here too so a model moves between threads unchanged.
    tensorflowReady ??= import('../../ml/tfjs/backend.ts').then((b) => b.selectBackend(backend));
    await tensorflowReady;
  }
  const id = msg.id;
  const { outcome, model } = await runTrial(ds, msg.trialParams, msg.seed, msg.completedCurves, (step, valLoss) => send({ type: 'step', id, step, valLoss }));
  const value = outcome.value as number;
  if (model && msg.keep && outcome.status === 'complete' && (!kept || value < kept.value)) {
    kept?.model.dispose();
    kept = { id: msg.id, value, model };
  } else {
    model?.dispose();
  }
  send({ type: 'outcome', id: msg.id, outcome });
}

// Messages are handled strictly in arrival order: the pool sends one trial at a time per worker.
let queue = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  queue = queue.then(() =>
    handle(msg).catch((err: unknown) =>
      send({ type: 'error', id: msg.type === 'dataset' ? null : msg.id, message: (err as Error).stack ?? String(err) }),
    ),
  );
});
send({ type: 'ready' });
