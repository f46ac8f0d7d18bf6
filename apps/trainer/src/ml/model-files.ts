import { ModelArtifactError } from './errors.ts';
import { familyOf } from './families.ts';
import type { FittedModel, ModelMeta } from './model.ts';
import type { Scaler } from './scaler.ts';

/** Files every model has, whatever its family: what it is, how to scale its inputs, which columns it reads. */
export const COMMON_MODEL_FILES = ['meta.json', 'scaler.json', 'features.json'] as const;

const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`);

/** The model as named files: the family's own plus meta.json, scaler.json and features.json. */
export async function serializeModel(model: FittedModel): Promise<Record<string, Buffer>> {
  return {
    ...(await model.serialize()),
    'meta.json': json(model.meta),
    'scaler.json': json(model.scaler),
    'features.json': json(model.featureNames),
  };
}

function parse<T>(files: Record<string, Buffer>, name: string): T {
  const buf = files[name];
  if (!buf) throw new ModelArtifactError(`model artifact ${name} is missing`);
  try {
    return JSON.parse(buf.toString('utf8')) as T;
  } catch (err) {
    throw new ModelArtifactError(`model artifact ${name} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Loads files written by serializeModel back into a model that predicts as the original did. */
export async function loadModel(files: Record<string, Buffer>): Promise<FittedModel> {
  const meta = parse<ModelMeta>(files, 'meta.json');
  const scaler = parse<Scaler>(files, 'scaler.json');
  const featureNames = parse<string[]>(files, 'features.json');
  if (!Array.isArray(featureNames) || scaler.mean?.length !== featureNames.length || scaler.sd?.length !== featureNames.length) {
    throw new ModelArtifactError('scaler.json and features.json disagree on the number of features');
  }
  const family = await familyOf(meta.kind);
  return family.load(files, meta, scaler, featureNames);
}
