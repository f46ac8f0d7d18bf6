import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createLogger } from '@alphapulse/logger';

export type BackendPreference = 'auto' | 'tensorflow' | 'tensorflow-gpu' | 'wasm' | 'cpu';
export interface SelectedBackend {
  /** The backend tf.getBackend() reports after selection: what actually runs. */
  name: string;
  /** The @tensorflow/tfjs namespace, with that backend active. */
  tf: Tfjs;
}
export type Tfjs = typeof tf;

const log = createLogger('trainer-backend');
let selected: Promise<SelectedBackend> | null = null;

async function tryTensorflow(gpu: boolean): Promise<boolean> {
  try {
    // Optional dependency: its absence (no libtensorflow here) is a fallback, not a crash. The GPU
    // build (trainer-gpu image) registers the same 'tensorflow' backend, backed by CUDA.
    const specifier = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
    await import(specifier);
    return (await tf.setBackend('tensorflow')) && tf.getBackend() === 'tensorflow';
  } catch (err) {
    log.info({ reason: (err as Error).message.split('\n')[0] }, 'tfjs-node unavailable');
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(`${dir}${path.sep}`);
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    // setBackend can return false and silently stay elsewhere: trust only getBackend().
    return ok && tf.getBackend() === 'wasm';
  } catch (err) {
    log.warn({ reason: (err as Error).message }, 'wasm backend unavailable');
    return false;
  }
}

async function select(preference: BackendPreference): Promise<SelectedBackend> {
  const order: Array<'tensorflow' | 'wasm' | 'cpu'> =
    preference === 'auto'
      ? ['tensorflow', 'wasm', 'cpu']
      : preference === 'tensorflow' || preference === 'tensorflow-gpu'
        ? ['tensorflow', 'wasm', 'cpu']
        : preference === 'wasm'
          ? ['wasm', 'cpu']
          : ['cpu'];
  for (const name of order) {
    if (name === 'tensorflow' && (await tryTensorflow(preference === 'tensorflow-gpu'))) break;
    if (name === 'wasm' && (await tryWasm())) break;
    if (name === 'cpu') {
      await tf.setBackend('cpu');
      await tf.ready();
      break;
    }
  }
  const name = tf.getBackend();
  if (preference !== 'auto' && name !== preference.replace('-gpu', ''))
    log.warn({ preference, name }, 'preferred TensorFlow.js backend unavailable; fell back');
  log.info({ backend: name }, 'TensorFlow.js backend selected');
  return { name, tf };
}

/**
 * Selects the fastest TensorFlow.js backend that works here (tfjs-node, else wasm, else cpu, starting
 * from `preference`) and reports the one actually running. Idempotent: the first call decides for the
 * process; later calls return the same selection whatever they ask for.
 */
export function selectBackend(preference: BackendPreference = 'auto'): Promise<SelectedBackend> {
  selected ??= select(preference);
  return selected;
}
