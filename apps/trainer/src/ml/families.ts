import { MODEL_KINDS, type ModelKind } from '@alphapulse/queue/vocabulary';
import { InvalidParamsError } from './errors.ts';
import { gbdtSpace, normalizeGbdtParams } from './gbdt/gbdt-descriptor.ts';
import { logisticSpace, normalizeLogisticParams } from './logistic/logistic-descriptor.ts';
import type { ModelFamily } from './model.ts';
import type { SearchSpace } from './param-space.ts';
import { isTfjsKind, normalizeTfjsParams, type TfjsKind, type TfjsParams, tfjsSpace, tfjsWindow } from './tfjs/tfjs-params.ts';
import type { TrialParams } from './types.ts';

/**
 * What the rest of the trainer may know about a model family: its kinds, search space and params,
 * and how to load its heavy code. Fitting code (TensorFlow.js, the tree booster) is imported only
 * when a family is used, so a process that never fits a network never loads TensorFlow.js.
 */
interface FamilyDescriptor {
  kinds: readonly ModelKind[];
  space(kind: ModelKind): SearchSpace;
  normalize(raw: Record<string, unknown>): TrialParams;
  window(params: TrialParams): number;
  load(): Promise<ModelFamily>;
}

const tfjs: FamilyDescriptor = {
  kinds: ['mlp', 'lstm'],
  space: (kind) => tfjsSpace(kind as TfjsKind),
  normalize: normalizeTfjsParams,
  window: (p) => tfjsWindow(p as unknown as TfjsParams),
  load: async () => (await import('./tfjs/tfjs-family.ts')).tfjsFamily,
};

const gbdt: FamilyDescriptor = {
  kinds: ['gbdt'],
  space: gbdtSpace,
  normalize: normalizeGbdtParams,
  window: () => 1,
  load: async () => (await import('./gbdt/gbdt-family.ts')).gbdtFamily,
};

const logistic: FamilyDescriptor = {
  kinds: ['logistic'],
  space: logisticSpace,
  normalize: normalizeLogisticParams,
  window: () => 1,
  load: async () => (await import('./logistic/logistic-family.ts')).logisticFamily,
};

const DESCRIPTORS: readonly FamilyDescriptor[] = [logistic, tfjs, gbdt];

function descriptorOf(kind: string): FamilyDescriptor {
  const d = DESCRIPTORS.find((f) => (f.kinds as readonly string[]).includes(kind));
  if (!d) throw new InvalidParamsError(`params.model is ${JSON.stringify(kind)}: expected one of ${MODEL_KINDS.join(', ')}`);
  return d;
}

/** Params with numbers coerced (JSON round trips), unused keys dropped, validated (InvalidParamsError names the field). */
export function normalizeParams(raw: TrialParams | Record<string, unknown>): TrialParams {
  return descriptorOf(String((raw as Record<string, unknown>).model)).normalize(raw as Record<string, unknown>);
}

/** The search space of one model kind's own parameters (without `model`). */
export function paramSpaceOf(kind: ModelKind): SearchSpace {
  return descriptorOf(kind).space(kind);
}

/** Rows per input sequence the params' model reads (1 for row models). */
export function inputWindow(params: TrialParams): number {
  return descriptorOf(params.model).window(params);
}

/** The fitting and loading code of a kind's family (imported on first use). */
export function familyOf(kind: ModelKind): Promise<ModelFamily> {
  return descriptorOf(kind).load();
}

/** True when fitting this kind needs TensorFlow.js. */
export function needsTensorflow(kind: ModelKind): boolean {
  return isTfjsKind(kind);
}
