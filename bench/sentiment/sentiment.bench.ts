/**
 * Sentiment benchmarks, on the Twitter Financial News validation file (real headlines the model
 * was not trained or tuned on; see data/sentiment/twitter-financial-news/README.md):
 *
 * 1. Headlines scored per second on one thread by the learned finance model, the finance lexicon
 *    and plain AFINN (the `sentiment` package as shipped), in the same process, as ratios to plain
 *    AFINN; wall time and, because the machine is shared, CPU time of this process.
 * 2. Model load time: reading, checking and decoding the committed artifact (median of 7), target
 *    under 200 ms.
 * 3. The five figures of `alphapulse sentiment --eval` for the three scorers on the same file.
 *
 * Alone: `node --import tsx bench/sentiment/sentiment.bench.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import { compareScorers, FinanceSentimentModel, readLabelledCsv, SCORERS } from '../../apps/ingest/src/sentiment/index.ts';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';

const VALID = fileURLToPath(new URL('../../data/sentiment/twitter-financial-news/twitter-financial-news-valid.csv', import.meta.url));

function throughput(texts: readonly string[], rounds: number, score: (t: string) => unknown): { wall: number; cpu: number } {
  for (const t of texts) score(t); // warm-up
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (const t of texts) score(t);
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const n = rounds * texts.length;
  return { wall: n / wall, cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const rows = readLabelledCsv(VALID);
  const texts = rows.map((r) => r.text);
  const rounds = quick ? 3 : 15;
  const loads: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    FinanceSentimentModel.load();
    loads.push(performance.now() - started);
  }
  loads.sort((a, b) => a - b);
  // Interleaved (AFINN, model, lexicon, AFINN again) so a load change during the run shows.
  const [model, lexicon, afinn] = SCORERS;
  const afinnBefore = throughput(texts, rounds, afinn.score);
  const modelRate = throughput(texts, rounds, model.score);
  const lexiconRate = throughput(texts, rounds, lexicon.score);
  const afinnAfter = throughput(texts, rounds, afinn.score);
  const afinnWall = (afinnBefore.wall + afinnAfter.wall) / 2;
  const afinnCpu = (afinnBefore.cpu + afinnAfter.cpu) / 2;
  const shape = `${texts.length.toLocaleString('en-US')} validation headlines × ${rounds} rounds, one thread`;
  const results: BenchResult[] = [
    { name: 'sentiment: headlines scored, finance model', value: modelRate.wall, unit: 'headlines/s', ratio: { to: `plain AFINN, same run (${Math.round(afinnWall).toLocaleString('en-US')}/s)`, value: modelRate.wall / afinnWall }, note: `${shape}; target 50,000/s` },
    { name: 'sentiment: headlines scored per CPU second, finance model', value: modelRate.cpu, unit: 'headlines/s', ratio: { to: `plain AFINN per CPU second (${Math.round(afinnCpu).toLocaleString('en-US')}/s)`, value: modelRate.cpu / afinnCpu }, note: 'process CPU time, not wall: what one core does while the machine is shared' },
    { name: 'sentiment: headlines scored, finance lexicon', value: lexiconRate.wall, unit: 'headlines/s', ratio: { to: 'plain AFINN, same run', value: lexiconRate.wall / afinnWall }, note: `${shape}; per CPU second ${Math.round(lexiconRate.cpu).toLocaleString('en-US')}/s` },
    { name: 'sentiment: headlines scored, plain AFINN (yardstick)', value: afinnWall, unit: 'headlines/s', note: `mean of a run before and after the others (${Math.round(afinnBefore.wall)} / ${Math.round(afinnAfter.wall)})` },
    { name: 'sentiment: model load (read, checksum, decode)', value: loads[3], unit: 'ms', note: `median of 7 loads in one process (min ${loads[0].toFixed(1)}, max ${loads[6].toFixed(1)}); target 200 ms` },
  ];
  const [m, lex, af] = compareScorers(rows).map((r) => r.report);
  const metric = (name: string, key: 'accuracy' | 'macroF1' | 'polarityAccuracy' | 'coverage' | 'pearson', note: string) => ({
    name: `sentiment ${name}, validation file (${m.n} headlines), finance model`,
    value: m[key],
    unit: '',
    ...(af[key] !== 0 ? { ratio: { to: `plain AFINN (${af[key].toFixed(3)}; finance lexicon ${lex[key].toFixed(3)})`, value: m[key] / af[key] } } : {}),
    note: `${note}; plain AFINN ${af[key].toFixed(3)}, finance lexicon ${lex[key].toFixed(3)}`,
  });
  results.push(
    metric('3-class accuracy', 'accuracy', `95% CI ${m.accuracyInterval.low.toFixed(3)}–${m.accuracyInterval.high.toFixed(3)}; majority label ${m.majorityRate.toFixed(3)}`),
    metric('macro-F1', 'macroF1', `95% CI ${m.macroF1Interval.low.toFixed(3)}–${m.macroF1Interval.high.toFixed(3)}`),
    metric('polarity accuracy', 'polarityAccuracy', `bullish/bearish rows (${m.polar}) whose score has the gold sign, 0 counts wrong; 95% CI ${m.polarityAccuracyInterval.low.toFixed(3)}–${m.polarityAccuracyInterval.high.toFixed(3)}; goal 0.75`),
    metric('coverage', 'coverage', 'share of all rows scored non-zero; goal 0.90'),
    metric('Pearson', 'pearson', `score vs gold (+1/−1/0); 95% CI ${m.pearsonInterval.low.toFixed(3)}–${m.pearsonInterval.high.toFixed(3)}; goal 0.60`),
  );
  return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await run({}, { quick: process.argv.includes('--quick') });
  for (const r of results) {
    const ratio = r.ratio ? `  (${r.ratio.value.toFixed(2)} × ${r.ratio.to})` : '';
    process.stdout.write(`${r.name}: ${Math.round(r.value * 1000) / 1000} ${r.unit}${ratio}\n`);
  }
  process.exit(0);
}
