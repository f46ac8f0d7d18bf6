import { RUN_ID_PATTERN } from '@alphapulse/queue/vocabulary';
import { ObjectNotFoundError, type ObjectStore } from '@alphapulse/storage';
import { TrackingInputError } from './errors.ts';

/** Files beside a run's model that are not part of the model itself. */
const RUN_FILES = { reference: 'reference.json', metrics: 'metrics.json', evaluation: 'evaluation.json' } as const;

/** A run's artifacts are missing from the object store (deleted, or never written). */
export class ArtifactNotFoundError extends Error {
  constructor(readonly runId: string, readonly what: string) {
    super(`${what} of run ${runId} is missing from the object store`);
    this.name = 'ArtifactNotFoundError';
  }
}

/**
 * The one owner of the artifact layout in the object store. Nothing else builds these keys:
 *
 *   models/<runId>/<file>            the model's files (family files, meta.json, scaler.json, features.json)
 *   models/<runId>/reference.json    training-window histograms drift is measured against
 *   models/<runId>/metrics.json      the evaluation report (test metrics, baselines, skill, strategy)
 *   models/<runId>/evaluation.json   the test window row by row (promotion's paired tests, charts)
 *   reports/<runId>.html             the self-contained run report
 *
 * Run ids are checked against the run-id format first, so no key leaves its place.
 */
export class ArtifactStore {
  constructor(private readonly store: ObjectStore) {}

  /** The prefix recorded with a model version (`models/<runId>`). */
  modelPrefix(runId: string): string {
    return `models/${checked(runId)}`;
  }

  /** Writes the model's files; refuses a name that would collide with the run's other files. */
  async putModel(runId: string, files: Record<string, Buffer>): Promise<string> {
    const prefix = this.modelPrefix(runId);
    for (const [name, body] of Object.entries(files)) {
      if (!/^[A-Za-z0-9._-]+$/.test(name) || (Object.values(RUN_FILES) as string[]).includes(name))
        throw new TrackingInputError('files', `${JSON.stringify(name)} is not a model file name`);
      await this.store.put(`${prefix}/${name}`, body);
    }
    return prefix;
  }

  /** The model's files (the run's other files left out). ArtifactNotFoundError when there are none. */
  async getModel(runId: string): Promise<Record<string, Buffer>> {
    const prefix = this.modelPrefix(runId);
    const reserved = Object.values(RUN_FILES) as string[];
    const files: Record<string, Buffer> = {};
    for (const key of await this.store.list(`${prefix}/`)) {
      const name = key.slice(prefix.length + 1);
      if (!reserved.includes(name)) files[name] = await this.store.get(key);
    }
    if (!files['meta.json']) throw new ArtifactNotFoundError(runId, 'the model');
    return files;
  }

  putReference(runId: string, reference: unknown): Promise<void> {
    return this.putJson(runId, RUN_FILES.reference, reference);
  }

  getReference<T>(runId: string): Promise<T> {
    return this.getJson<T>(runId, RUN_FILES.reference, 'the drift reference');
  }

  putMetrics(runId: string, report: unknown): Promise<void> {
    return this.putJson(runId, RUN_FILES.metrics, report);
  }

  getMetrics<T>(runId: string): Promise<T> {
    return this.getJson<T>(runId, RUN_FILES.metrics, 'the evaluation report');
  }

  putEvaluation(runId: string, rows: unknown): Promise<void> {
    return this.putJson(runId, RUN_FILES.evaluation, rows);
  }

  getEvaluation<T>(runId: string): Promise<T> {
    return this.getJson<T>(runId, RUN_FILES.evaluation, 'the test-window predictions');
  }

  async putReport(runId: string, html: string): Promise<void> {
    await this.store.put(`reports/${checked(runId)}.html`, html, 'text/html; charset=utf-8');
  }

  async getReport(runId: string): Promise<Buffer> {
    try {
      return await this.store.get(`reports/${checked(runId)}.html`);
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw new ArtifactNotFoundError(runId, 'the run report');
      throw err;
    }
  }

  private async putJson(runId: string, name: string, value: unknown): Promise<void> {
    await this.store.put(`${this.modelPrefix(runId)}/${name}`, Buffer.from(JSON.stringify(value)), 'application/json');
  }

  private async getJson<T>(runId: string, name: string, what: string): Promise<T> {
    try {
      return JSON.parse((await this.store.get(`${this.modelPrefix(runId)}/${name}`)).toString('utf8')) as T;
    } catch (err) {
      if (err instanceof ObjectNotFoundError) throw new ArtifactNotFoundError(runId, what);
      throw err;
    }
  }
}

function checked(runId: string): string {
  if (!RUN_ID_PATTERN.test(runId)) throw new TrackingInputError('runId', `${JSON.stringify(runId)} is not a run id`);
  return runId;
}
