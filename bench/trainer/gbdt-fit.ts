/**
 * Our side of bench/trainer/gbdt.bench.ts, one process like the XGBoost side (gbdt_xgb.py): reads the
 * matrix the bench wrote (gbdt-matrix.ts format), fits `fitGbdt` on train with validation log loss on
 * val, REPEATS times, then predicts test with the kept trees and writes the probabilities as float64.
 * Timed per fit: wall and process CPU (binning included, as DMatrix construction is on the other side).
 *
 *   node --import tsx bench/trainer/gbdt-fit.ts PREFIX PARAMS_JSON SEED OUT.f64 [REPEATS] [YIELD_EVERY_MS]
 *
 * Prints one JSON object. Profile with `node --cpu-prof --import tsx bench/trainer/gbdt-fit.ts ...`.
 */
import { writeFileSync } from 'node:fs';
import { fitGbdt, type GbdtModel, type GbdtParams } from '../../apps/trainer/src/ml/gbdt/index.ts';
import { readMatrix } from './gbdt-matrix.ts';

const [prefix, paramsJson, seedText, outPath, repeatsText, yieldText] = process.argv.slice(2);
if (!prefix || !paramsJson || !seedText || !outPath) {
  console.error('usage: gbdt-fit.ts PREFIX PARAMS_JSON SEED OUT.f64 [REPEATS] [YIELD_EVERY_MS]');
  process.exit(2);
}
const params = JSON.parse(paramsJson) as GbdtParams;
const seed = Number(seedText);
const m = readMatrix(prefix);
const fit: number[] = [];
const fitCpu: number[] = [];
let model: GbdtModel | undefined;
for (let i = 0; i < Number(repeatsText ?? 1); i++) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  model = await fitGbdt(m.train, m.val, params, { seed, ...(yieldText ? { yieldEveryMs: Number(yieldText) } : {}) });
  const used = process.cpuUsage(cpu);
  fit.push((performance.now() - wall) / 1000);
  fitCpu.push((used.user + used.system) / 1e6);
}
const fitted = model as GbdtModel;
const wall = performance.now();
const cpu = process.cpuUsage();
const p = fitted.predictProba(m.test.x, m.test.n);
const used = process.cpuUsage(cpu);
const predictSeconds = (performance.now() - wall) / 1000;
writeFileSync(outPath, Buffer.from(p.buffer, p.byteOffset, p.byteLength));
console.log(
  JSON.stringify({
    seconds: { fit, fitCpu, predict: predictSeconds, predictCpu: (used.user + used.system) / 1e6 },
    bestIteration: fitted.bestIteration,
    roundsUsed: fitted.roundsUsed,
    valLogLoss: fitted.valCurve[fitted.bestIteration],
    bytes: fitted.toBytes().length,
    importances: fitted.importances(m.featureNames),
  }),
);
