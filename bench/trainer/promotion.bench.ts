/**
 * Promotion decisions, honestly: what the first model of a feature set would be told on three kinds of
 * series, each tuned (ultra_fast) and evaluated once on its test window exactly as a run does, then put
 * through the registry's rule 1 (champion unless significantly worse than the best baseline). Reports
 * per series the test accuracy beside the majority rate with its p-value, the AUC, the paired log-loss
 * test against the best baseline, the skill verdict and the decision. Accuracy figures are the
 * evidence; the decision is what the registry would do with it.
 *
 * - a pure random walk (the sample market's SYN-RW, 22 years): must show no skill;
 * - planted momentum effects (the sample market's SYN-MOM and SYN-TREND, AR(1) phi 0.5 and 0.25, 22 years);
 * - 22 years of real-looking daily bars (bench/trainer/daily-series.ts: GBM with volatility clustering,
 *   nothing planted): must show no skill either.
 *
 * Alone: `node --import tsx bench/trainer/promotion.bench.ts [--quick]`.
 */
import { seriesFromBars } from '@alphapulse/features';
import type { Bar } from '@alphapulse/market';
import { decidePromotion } from '@alphapulse/tracking';
import { simulateBars } from '../../apps/ingest/src/sources/sample/sample-market.ts';
import { evaluateOfflineSeries, type OfflineReport } from '../../apps/trainer/src/offline/index.ts';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { syntheticDailyBars } from './daily-series.ts';

const p = (x: number) => (x < 0.001 ? x.toExponential(1) : x.toFixed(3));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Rule 1 on the report's own evidence, as the publish step builds it. */
function firstModelDecision(r: OfflineReport) {
  const t = r.skill.test;
  return decidePromotion({
    window: { id: 'bench', start: r.windows.test.start, end: r.windows.test.end, n: r.test.n },
    candidate: { versionId: 1, featureSetHash: r.input.featureSetHash, leak: r.suspectedLeak },
    baseline: { name: r.skill.against, n: t.n, groups: t.groups, candidateLogLoss: t.logLossA, otherLogLoss: t.logLossB, pBetter: t.pBetter, pWorse: t.pWorse },
  });
}

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const from = quick ? '2015-01-01' : '2003-01-01';
  const model = (process.env.BENCH_PROMOTION_MODEL ?? 'auto') as 'auto';
  const series: [string, Bar[]][] = [
    ['random walk (SYN-RW)', simulateBars('SYN-RW', { from, to: '2024-12-31' })],
    ['planted momentum phi 0.5 (SYN-MOM)', simulateBars('SYN-MOM', { from, to: '2024-12-31' })],
    ['planted momentum phi 0.25 (SYN-TREND)', simulateBars('SYN-TREND', { from, to: '2024-12-31' })],
    ['22 years of real-looking daily bars (GBM + volatility clustering)', syntheticDailyBars(quick ? 2500 : 5500)],
  ];
  const results: BenchResult[] = [];
  for (const [name, bars] of series) {
    const r = await evaluateOfflineSeries([{ symbol: 'S', series: seriesFromBars(bars) }], { mode: 'ultra_fast', model, seed: 42 });
    const d = firstModelDecision(r);
    results.push({
      name: `promotion: ${name}, ${bars.length} bars`,
      value: r.skill.test.pBetter,
      unit: 'p (vs best baseline)',
      note: [
        `test n ${r.test.n}: accuracy ${pct(r.test.accuracy)} vs majority ${pct(r.test.majorityRate)} (p ${p(r.test.pValue)}), AUC ${r.test.auc?.toFixed(3) ?? 'n/a'}`,
        `log loss ${r.skill.test.logLossA.toFixed(4)} vs ${r.skill.against} ${r.skill.test.logLossB.toFixed(4)} over ${r.skill.test.groups} bar times`,
        `skill ${r.skill.verdict}; leak guard ${r.suspectedLeak.suspected ? 'FIRED' : 'quiet'}; rule 1 → ${d.outcome}; best ${r.best.params.model}`,
      ].join('; '),
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run({}, { quick: process.argv.includes('--quick') })) console.log(`${r.name}\n  p ${p(r.value)}; ${r.note}`);
}
