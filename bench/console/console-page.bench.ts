/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Console page load: the run page (`/ui/runs/:id`) of a real run with 30 trials (gbdt, so every trial
 * has a curve of boosting rounds, and feature importances), made through the real path: an ingest tier
 * and a trainer as child processes on Postgres, Redis and s3rver, `POST /ingest` of two synthetic
 * symbols with TRIALS_ULTRA_FAST=30. Then, over several rounds:
 *   - server time: the page's own `Server-Timing: render` (repositories, artifact store, rendering),
 *     beside `GET /runs/:id` (the JSON of the same run) fetched in the same round: the anchor;
 *   - browser: Chromium's `load` event (navigation timing, assets cached after the first round) and
 *     the moment every chart has drawn, beside the `load` event of `/healthz` in the same browser.
 *
 * Alone: `node --import tsx bench/console/console-page.bench.ts [--quick]` (quick: 3 rounds instead of 7).
 */
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { chromiumAvailable, launchChromium } from '../../test/support/chromium.ts';
import { startTestStack } from '../../test/support/test-stack.ts';
import { eventually } from '../../test/support/tier-process.ts';

const TRIALS = 30;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  if (!chromiumAvailable()) throw new Error('console bench: Chromium is not installed (apt-get install -y chromium)');
  const rounds = context?.quick || process.env.BENCH_QUICK === '1' ? 3 : 7;
  const stack = await startTestStack({ trainers: 1, env: { TRIALS_ULTRA_FAST: String(TRIALS), TRIAL_WAVE: '2', LOG_LEVEL: 'warn' } });
  const browser = await launchChromium();
  try {
    const started = await fetch(`${stack.ingest.url}/ingest`, {
      method: 'POST',
      headers: stack.auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2016-01-01', to: '2022-12-30', mode: 'ultra_fast', model: 'gbdt' }),
    });
    if (started.status !== 202) throw new Error(`POST /ingest: ${started.status} ${await started.text()}`);
    const t0 = performance.now();
    const runId = await eventually(
      async () => {
        const { runs } = (await (await fetch(`${stack.ingest.url}/runs`, { headers: stack.auth })).json()) as { runs: { id: string; status: string }[] };
        if (runs[0]?.status === 'failed') throw new Error('the run failed');
        return runs[0]?.status === 'completed' ? runs[0].id : undefined;
      },
      900_000,
      'the 30-trial run',
    );
    const trainSeconds = (performance.now() - t0) / 1000;
    const detail = (await (await fetch(`${stack.ingest.url}/runs/${runId}`, { headers: stack.auth })).json()) as { progress: { trialsDone: number } };
    if (detail.progress.trialsDone !== TRIALS) throw new Error(`the run has ${detail.progress.trialsDone} trials, not ${TRIALS}`);

    const page = `${stack.ingest.url}/ui/runs/${runId}`;
    const auth = { authorization: `Bearer ${stack.token}` };
    const ctx = await browser.newContext({ httpCredentials: { username: 'bench', password: stack.token }, viewport: { width: 1280, height: 900 } });
    const tab = await ctx.newPage();
    const server: number[] = [];
    const serverWall: number[] = [];
    const json: number[] = [];
    const load: number[] = [];
    const drawn: number[] = [];
    const anchorLoad: number[] = [];
    let bytes = 0;
    let charts = 0;
    let points = 0;
    for (let round = 0; round < rounds; round++) {
      const a = performance.now();
      const res = await fetch(page, { headers: auth });
      const html = await res.text();
      serverWall.push(performance.now() - a);
      bytes = html.length;
      server.push(Number(/render;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? Number.NaN));
      const b = performance.now();
      await (await fetch(`${stack.ingest.url}/runs/${runId}`, { headers: stack.auth })).text();
      json.push(performance.now() - b);

      await tab.goto(page, { waitUntil: 'load' });
      await tab.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('figure.chart')].every((f) => f.dataset.rendered === 'true'));
      const t = await tab.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const figures = [...document.querySelectorAll<HTMLElement>('figure.chart')];
        return { load: nav.loadEventEnd, drawn: performance.now(), charts: figures.length, points: figures.reduce((n, f) => n + Number(f.dataset.points), 0) };
      });
      load.push(t.load);
      drawn.push(t.drawn);
      charts = t.charts;
      points = t.points;
      await tab.goto(`${stack.ingest.url}/healthz`, { waitUntil: 'load' });
      anchorLoad.push(await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd));
    }
    await ctx.close();
    const label = `run page, ${TRIALS} gbdt trials, ${charts} charts (${points.toLocaleString('en-US')} points), ${Math.round(bytes / 1024)} kB HTML`;
    const rounding = `median of ${rounds} rounds`;
    return [
      {
        name: `console: ${label}, server time (Server-Timing render)`,
        value: median(server),
        unit: 'ms',
        ratio: { to: `GET /runs/:id JSON of the same run, ${median(json).toFixed(1)} ms round trip (same run)`, value: median(server) / median(json) },
        note: `${rounding} (${server.map((x) => x.toFixed(0)).join(', ')} ms); round trip of the page ${median(serverWall).toFixed(1)} ms; the run took ${trainSeconds.toFixed(0)} s to train`,
      },
      {
        name: 'console: the same page in Chromium, load event',
        value: median(load),
        unit: 'ms',
        ratio: { to: `load event of /healthz in the same browser, ${median(anchorLoad).toFixed(1)} ms (same run)`, value: median(load) / median(anchorLoad) },
        note: `${rounding} (${load.map((x) => x.toFixed(0)).join(', ')} ms); first round with a cold asset cache; every chart drawn at ${median(drawn).toFixed(0)} ms`,
      },
    ];
  } finally {
    await browser.close();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await run({}, { quick: process.argv.includes('--quick') });
  for (const r of results) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}${r.ratio ? ` (${r.ratio.value.toFixed(2)}× ${r.ratio.to})` : ''}; ${r.note}`);
}
