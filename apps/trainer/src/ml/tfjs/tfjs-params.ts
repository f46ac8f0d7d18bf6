import type { ModelKind } from '@alphapulse/queue/vocabulary';
import { InvalidParamsError } from '../errors.ts';
import type { SearchSpace } from '../param-space.ts';
import type { TrialParams } from '../types.ts';

export const TFJS_KINDS = ['mlp', 'lstm'] as const satisfies readonly ModelKind[];
export type TfjsKind = (typeof TFJS_KINDS)[number];

/** The parameters of the TensorFlow.js families (MLP, LSTM). */
export interface TfjsParams {
  model: TfjsKind;
  learningRate: number;
  batchSize: number;
  /** Upper bound; early stopping usually ends sooner. */
  epochs: number;
  l2: number;
  dropout?: number;
  /** Hidden dense layers (mlp). */
  layers?: number;
  /** Units per hidden layer (mlp) or recurrent units (lstm). */
  units?: number;
  /** Rows per sequence (lstm). */
  window?: number;
}

export function isTfjsKind(kind: string): kind is TfjsKind {
  return (TFJS_KINDS as readonly string[]).includes(kind);
}

/** Search space of one tfjs kind (without the `model` parameter itself). */
export function tfjsSpace(kind: TfjsKind): SearchSpace {
  const s: SearchSpace = {
    learningRate: { type: 'float', low: 1e-4, high: 3e-2, log: true },
    batchSize: { type: 'categorical', choices: [64, 128, 256, 512] },
    epochs: { type: 'int', low: 10, high: 40, step: 5 },
    l2: { type: 'float', low: 1e-6, high: 1e-2, log: true },
  };
  s.dropout = { type: 'float', low: 0, high: 0.5 };
  if (kind === 'mlp') s.layers = { type: 'int', low: 1, high: 3 };
  s.units = { type: 'categorical', choices: [8, 16, 32] };
  // Sequence length costs time linearly on the single-threaded wasm backend; two weeks of daily rows is plenty.
  if (kind === 'lstm') s.window = { type: 'int', low: 5, high: 10, step: 5 };
  return s;
}

/** Sequence length the model reads: the params' window for sequence models, 1 otherwise. */
export function tfjsWindow(params: TfjsParams): number {
  return params.model === 'lstm' ? (params.window ?? 10) : 1;
}

/**
 * Params with numeric fields coerced from strings (JSON round trips) and the fields the model kind does
 * not use removed; validated (InvalidParamsError naming the field).
 */
export function normalizeTfjsParams(raw: Record<string, unknown>): TfjsParams & TrialParams {
  const model = String(raw.model) as TfjsKind;
  const num = (k: string) => (raw[k] === undefined || raw[k] === null ? undefined : Number(raw[k]));
  const out: TfjsParams = {
    model,
    learningRate: Number(raw.learningRate),
    batchSize: Number(raw.batchSize),
    epochs: Number(raw.epochs),
    l2: Number(raw.l2 ?? 0),
    dropout: num('dropout') ?? 0,
    ...(model === 'mlp' ? { layers: num('layers'), units: num('units') } : {}),
    ...(model === 'lstm' ? { units: num('units'), window: num('window') } : {}),
  };
  validateTfjsParams(out);
  return out as TfjsParams & TrialParams;
}

/** Rejects params a model cannot be built from, naming the field. */
export function validateTfjsParams(params: TfjsParams): void {
  const need = (ok: boolean, field: string, value: unknown) => {
    if (!ok) throw new InvalidParamsError(`params.${field} is ${JSON.stringify(value)}: out of range`);
  };
  need(isTfjsKind(params.model), 'model', params.model);
  need(params.learningRate > 0 && params.learningRate < 1, 'learningRate', params.learningRate);
  need(Number.isInteger(params.batchSize) && params.batchSize >= 1, 'batchSize', params.batchSize);
  need(Number.isInteger(params.epochs) && params.epochs >= 1, 'epochs', params.epochs);
  need(params.l2 >= 0, 'l2', params.l2);
  need(params.dropout === undefined || (params.dropout >= 0 && params.dropout < 1), 'dropout', params.dropout);
  if (params.model === 'mlp') {
    need(Number.isInteger(params.layers) && (params.layers ?? 0) >= 1, 'layers', params.layers);
    need(Number.isInteger(params.units) && (params.units ?? 0) >= 1, 'units', params.units);
  }
  if (params.model === 'lstm') {
    need(Number.isInteger(params.units) && (params.units ?? 0) >= 1, 'units', params.units);
    need(Number.isInteger(params.window) && (params.window ?? 0) >= 1, 'window', params.window);
  }
}
