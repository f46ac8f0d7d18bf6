import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FILE } from '../finance-sentiment-model.ts';
import { readLabelledCsv } from '../labelled-csv.ts';
import { decodeWeights, encodeWeights, readModelArtifact } from '../model-artifact.ts';
import { buildVocabulary, type Candidate, crossValidate, fitCandidate, prepare } from './train-model.ts';
import { CANDIDATES, DEFAULT_TRAIN_FILE } from './train-sentiment.ts';

const rows = readLabelledCsv(DEFAULT_TRAIN_FILE);
const data = prepare(rows);
const committed = readModelArtifact(DEFAULT_MODEL_FILE);
const chosen = CANDIDATES.find((c) => c.name === committed.meta.training.chosen) as Candidate;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('training the finance sentiment model', () => {
  it('is deterministic: the same rows and seed give the same bytes, another seed other bytes', () => {
    const small = data.slice(0, 1500);
    const a = encodeWeights(fitCandidate(small, chosen, 7));
    const b = encodeWeights(fitCandidate(small, chosen, 7));
    const c = encodeWeights(fitCandidate(small, chosen, 8));
    expect(sha(a)).toBe(sha(b));
    expect(sha(c)).not.toBe(sha(a));
  });

  it('reproduces the committed weights from the training file and the recorded seed', () => {
    const { meta } = committed;
    expect(meta.training.sha256).toBe(sha(readFileSync(DEFAULT_TRAIN_FILE)));
    expect(meta.features).toEqual(chosen.features);
    expect(meta.blend).toEqual(chosen.blend);
    const weights = fitCandidate(data, chosen, meta.training.seed as number);
    expect(sha(encodeWeights(weights))).toBe(meta.weightsSha256);
    expect(buildVocabulary(data)).toEqual(meta.vocabulary);
  }, 120_000);

  it('cross-validates on the training rows only and fits a temperature there', () => {
    const cv = crossValidate(data.slice(0, 2000), chosen, 2, 3);
    expect(cv.report.n).toBe(2000);
    expect(cv.temperature).toBeGreaterThan(0.25);
    expect(cv.temperature).toBeLessThan(4);
    expect(cv.selection).toBeCloseTo((cv.report.polarityAccuracy + cv.report.pearson) / 2, 12);
  }, 60_000);

  it('stores the weights within int16 quantisation of the fitted ones', () => {
    const w = fitCandidate(data.slice(0, 800), chosen, 1);
    const back = decodeWeights(encodeWeights(w), [...w.bias], 1);
    let max = 0;
    let err = 0;
    for (let i = 0; i < w.weights.length; i++) {
      max = Math.max(max, Math.abs(w.weights[i]));
      err = Math.max(err, Math.abs(w.weights[i] - back.weights[i]));
    }
    expect(err).toBeLessThanOrEqual((max / 32767) * 0.5 + 1e-7);
  });
});
