/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/chromium.ts';
import { startTestStack, type TestStack } from '../support/test-stack.ts';
import { eventually } from '../support/tier-process.ts';

/**
 * The web console in a real browser (Debian's Chromium) against a real ingest tier and trainer
 * (child processes) with real runs: a gbdt run from an ingest, a logistic run on the same batch, the
 * champion's predictions and drift report. Every page is opened; charts must have drawn their points
 * on canvas, and the numbers must be the JSON API's. Screenshots go to a temp dir (printed).
 */
const hasChromium = chromiumAvailable();
let stack: TestStack;
let browser: Browser;
let context: BrowserContext;
const shots = mkdtempSync(path.join(tmpdir(), 'alphapulse-console-'));
const foreign: string[] = [];

interface RunJson {
  id: string;
  status: string;
  batchId: string;
  modelKind: string | null;
  metrics: Record<string, number>;
  progress: { trialsDone: number; trialsTotal: number; best: { number: number; value: number } | null } | null;
}

const api = async <T>(p: string): Promise<T> => {
  const res = await fetch(`${stack.ingest.url}${p}`, { headers: stack.auth });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

async function completed(where: (r: RunJson) => boolean, what: string): Promise<RunJson> {
  const run = await eventually(
    async () => {
      const { runs } = await api<{ runs: RunJson[] }>('/runs?limit=20');
      const hit = runs.find(where);
      if (hit?.status === 'failed') throw new Error(`run failed: ${JSON.stringify(hit)}`);
      return hit?.status === 'completed' ? hit : undefined;
    },
    240_000,
    what,
  );
  return api<RunJson>(`/runs/${run.id}`);
}

async function open(p: string, shot: string): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(`${stack.ingest.url}${p}`, { waitUntil: 'load' });
  expect(res?.status(), p).toBe(200);
  await page.waitForFunction(() => [...document.querySelectorAll('figure.chart')].every((f) => (f as HTMLElement).dataset.rendered === 'true' || (f as HTMLElement).dataset.error));
  await page.screenshot({ path: path.join(shots, `${shot}.png`), fullPage: true });
  return page;
}

/** Every chart drew: no error, as many finite points as its spec holds (> 0), and ink on its canvas. */
async function chartsOf(page: Page): Promise<Record<string, { points: number; expected: number; inked: number; error?: string }>> {
  return page.evaluate(() => {
    const out: Record<string, { points: number; expected: number; inked: number; error?: string }> = {};
    for (const f of document.querySelectorAll<HTMLElement>('figure.chart')) {
      const canvas = f.querySelector('canvas');
      let inked = 0;
      if (canvas) {
        const px = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
      }
      out[f.dataset.chart as string] = { points: Number(f.dataset.points ?? 0), expected: Number(f.dataset.expectedPoints), inked, error: f.dataset.error };
    }
    return out;
  });
}

function expectDrawn(charts: Awaited<ReturnType<typeof chartsOf>>, ids: string[]): void {
  for (const id of ids) expect(charts[id], `chart ${id}`).toBeDefined();
  for (const [id, c] of Object.entries(charts)) {
    expect(c.error, `chart ${id}`).toBeUndefined();
    expect(c.points, `chart ${id} points`).toBeGreaterThan(0);
    expect(c.points, `chart ${id} points`).toBe(c.expected);
    expect(c.inked, `chart ${id} ink`).toBeGreaterThan(200);
  }
}

const shownValue = (page: Page, key: string) => page.locator(`[data-key="${key}"]`).first().getAttribute('data-value').then(Number);

describe.skipIf(!hasChromium)('the web console in Chromium', () => {
  let gbdt: RunJson;
  let logistic: RunJson;

  beforeAll(async () => {
    stack = await startTestStack({ trainers: 1, env: { TRIALS_ULTRA_FAST: '3' } });
    browser = await launchChromium();
    const started = await fetch(`${stack.ingest.url}/ingest`, {
      method: 'POST',
      headers: stack.auth,
      body: JSON.stringify({ source: 'sample', symbols: ['SYN-MOM', 'SYN-RW'], from: '2016-01-01', to: '2022-12-30', mode: 'ultra_fast', model: 'gbdt' }),
    });
    expect(started.status).toBe(202);
    gbdt = await completed((r) => r.modelKind === 'gbdt' || r.status !== 'completed', 'the gbdt run');
    const train = await fetch(`${stack.ingest.url}/train`, { method: 'POST', headers: stack.auth, body: JSON.stringify({ mode: 'ultra_fast', model: 'logistic', batchId: gbdt.batchId }) });
    expect(train.status).toBe(202);
    logistic = await completed((r) => r.id !== gbdt.id, 'the logistic run');
    await eventually(async () => ((await api<{ reports: unknown[] }>('/drift')).reports.length ? true : undefined), 120_000, 'a drift report');
    context = await browser.newContext({ httpCredentials: { username: 'operator', password: stack.token }, viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => {
      if (!r.url().startsWith(stack.ingest.url) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    process.stderr.write(`console screenshots: ${shots}\n`);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('answers 401 without credentials, and 401 for a wrong password', async () => {
    expect((await fetch(`${stack.ingest.url}/ui/runs`)).status).toBe(401);
    const wrong = await fetch(`${stack.ingest.url}/ui/runs`, { headers: { authorization: `Basic ${Buffer.from('x:wrong-password-123').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${stack.ingest.url}/ui/runs`, { headers: { authorization: `Bearer ${stack.token}` } })).status).toBe(200);
  });

  it('lists runs with the JSON API\'s numbers, filtered by model kind', async () => {
    const page = await open('/ui/runs', 'runs');
    const rows = page.locator('#runs tbody tr');
    expect(await rows.count()).toBe(2);
    const first = rows.filter({ hasText: gbdt.id });
    expect(Number(await first.locator('[data-key="test.accuracy"]').getAttribute('data-value'))).toBe(gbdt.metrics['test.accuracy']);
    expect(Number(await first.locator('[data-key="test.auc"]').getAttribute('data-value'))).toBe(gbdt.metrics['test.auc']);
    const best = Math.max(gbdt.metrics['baselines.majority.accuracy'], gbdt.metrics['baselines.persistence.accuracy'], gbdt.metrics['baselines.logistic.accuracy']);
    expect(Number(await first.locator('[data-key="baseline.accuracy"]').getAttribute('data-value'))).toBe(best);
    await page.selectOption('select[name="modelKind"]', 'logistic');
    await Promise.all([page.waitForURL(/modelKind=logistic/), page.click('form.filters button')]);
    expect(await page.locator('#runs tbody tr').count()).toBe(1);
    expect(await page.locator('#runs tbody tr').textContent()).toContain(logistic.id);
    const json = await api<{ runs: RunJson[] }>('/runs?modelKind=logistic');
    expect(json.runs.map((r) => r.id)).toEqual([logistic.id]);
  });

  it('shows a run with every chart drawn and the numbers of GET /runs/:id', async () => {
    const page = await open(`/ui/runs/${gbdt.id}`, 'run-gbdt');
    expectDrawn(await chartsOf(page), ['trial-curves', 'equity', 'drawdown', 'roc', 'calibration', 'per-symbol', 'importances']);
    expect(await shownValue(page, 'trialsDone')).toBe(gbdt.progress?.trialsDone);
    expect(await shownValue(page, 'trialsTotal')).toBe(3);
    // What the page polls while a run tunes: the same progress as GET /runs/:id, and the run's status.
    const live = await fetch(`${stack.ingest.url}/ui/runs/${gbdt.id}/progress`, { headers: { authorization: `Bearer ${stack.token}` } });
    expect(live.headers.get('x-run-status')).toBe('completed');
    expect(await live.text()).toContain(`data-key="trialsDone" data-value="${gbdt.progress?.trialsDone}"`);
    const accuracy = await page.locator('#test-metrics tbody tr').first().locator('td').nth(1).textContent();
    expect(accuracy).toBe(`${(100 * gbdt.metrics['test.accuracy']).toFixed(1)}%`);
    // The equity curve is the strategy the run recorded: it ends at its total return.
    const lastEquity = await page.evaluate(() => {
      const plot = (document.querySelector('figure[data-chart="equity"]') as unknown as { __plot: { data: number[][] } }).__plot;
      return [plot.data[1].at(-1), plot.data[2].at(-1)] as number[];
    });
    expect(lastEquity[0] - 1).toBeCloseTo(gbdt.metrics['strategy.model.totalReturn'], 9);
    expect(lastEquity[1] - 1).toBeCloseTo(gbdt.metrics['strategy.buyAndHold.totalReturn'], 9);
    expect(await page.locator('#promotion').textContent()).toMatch(/champion|challenger/);
    expect(await page.locator('#trials a').count()).toBe(3);
    expect(await page.locator('#trials a').first().getAttribute('href')).toMatch(/^\/admin\/queues\/queue\/trials\//);
  });

  it('compares two runs: params and metrics side by side, curves overlaid', async () => {
    const page = await open(`/ui/compare?ids=${gbdt.id},${logistic.id}`, 'compare');
    expectDrawn(await chartsOf(page), ['compare-curves', 'compare-equity', 'compare-roc']);
    const c = await api<{ metrics: { key: string; values: number[] }[] }>(`/runs/compare?ids=${gbdt.id},${logistic.id}`);
    const acc = c.metrics.find((m) => m.key === 'test.accuracy') as { values: number[] };
    expect(await shownValue(page, `${gbdt.id}:test.accuracy`)).toBe(acc.values[0]);
    expect(await shownValue(page, `${logistic.id}:test.accuracy`)).toBe(acc.values[1]);
    expect(await page.locator('#compare-params .diff').count()).toBeGreaterThan(0);
  });

  it('shows the registry: versions, aliases, alias history, predictions', async () => {
    const page = await open('/ui/models', 'models');
    const models = await api<{ versions: { id: number; testMetrics: { accuracy: number } }[]; history: unknown[] }>('/models');
    for (const v of models.versions) expect(await shownValue(page, `v${v.id}.accuracy`)).toBe(v.testMetrics.accuracy);
    expect(await page.locator('#alias-history tbody tr').count()).toBe(models.history.length);
    const { predictions } = await api<{ predictions: { symbol: string; probabilityUp: number }[] }>('/predictions');
    expect(predictions.length).toBeGreaterThan(0);
    for (const p of predictions) expect(await shownValue(page, `p.${p.symbol}`)).toBe(p.probabilityUp);
    expect(await page.locator('#champion').textContent()).toMatch(/fresh|stale/);
  });

  it('shows drift: PSI and KS per feature with reference-vs-current histograms', async () => {
    const page = await open('/ui/drift', 'drift');
    const { reports } = await api<{ reports: { id: number; shareDrifted: number; report: { features: Record<string, { psi: number }> } }[] }>('/drift');
    expect(await shownValue(page, 'shareDrifted')).toBe(reports[0].shareDrifted);
    const [feature, f] = Object.entries(reports[0].report.features)[0];
    expect(await shownValue(page, `${reports[0].id}.${feature}.psi`)).toBe(f.psi);
    const charts = await chartsOf(page);
    expect(Object.keys(charts).length).toBe(Object.keys(reports[0].report.features).length);
    expectDrawn(charts, [`drift-${reports[0].id}-${feature}`]);
  });

  it('loaded nothing from outside the tier', () => {
    expect(foreign).toEqual([]);
  });

  it('writes a self-contained run report that draws the same charts from a file, offline', async () => {
    const res = await fetch(`${stack.ingest.url}/runs/${gbdt.id}/report`, { headers: stack.auth });
    expect(res.status).toBe(200);
    const file = path.join(shots, 'report.html');
    writeFileSync(file, await res.text());
    const offline = await browser.newContext({ offline: true });
    try {
      const page = await offline.newPage();
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      await page.waitForFunction(() => [...document.querySelectorAll('figure.chart')].every((f) => (f as HTMLElement).dataset.rendered === 'true' || (f as HTMLElement).dataset.error));
      await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });
      expectDrawn(await chartsOf(page), ['trial-curves', 'equity', 'drawdown', 'roc', 'calibration', 'importances']);
    } finally {
      await offline.close();
    }
  });
});
