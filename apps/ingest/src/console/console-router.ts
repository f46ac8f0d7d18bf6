import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@alphapulse/db';
import { modelKind } from '@alphapulse/queue';
import { chartAssetFile, esc } from '@alphapulse/report';
import type { ObjectStore } from '@alphapulse/storage';
import { RUN_STATUSES, type RunStatus } from '@alphapulse/tracking';
import express from 'express';
import { z } from 'zod';
import { BullBoardLinks } from './bull-board-links.ts';
import { CONSOLE_PATH, consolePage } from './console-layout.ts';
import { ConsoleService } from './console-service.ts';
import { driftPage, modelsPage } from './registry-pages.ts';
import { comparePage, progressHtml, runListPage, runPage } from './run-pages.ts';

export { CONSOLE_PATH } from './console-layout.ts';

export interface ConsoleRouterOptions {
  db: Db;
  store: ObjectStore;
  /** Where Bull Board is mounted, for the links to a run's jobs. */
  bullBoardPath: string;
  championMaxAgeDays: number;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'";
const CONSOLE_JS = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets/console.js'), 'utf8');

export const consoleRunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  status: z.union([z.literal(''), z.enum(RUN_STATUSES as [string, ...string[]])]).optional(),
  modelKind: z.union([z.literal(''), modelKind.exclude(['auto'])]).optional(),
});
const runId = z.string().min(1).max(200);
export const consoleCompareQuery = z.object({
  ids: z
    .union([z.string(), z.array(z.string())], { error: 'required: two or more run ids' })
    .transform((v) => [...new Set([v].flat().flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(runId).min(2, 'at least two run ids').max(10, 'at most 10 run ids')),
});
export const consoleDriftQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(5) });

/**
 * The web console at `/ui` (mount it behind the same auth as Bull Board): runs, a run with its charts
 * and live progress, a comparison, the model registry and drift. Pages are rendered on the server from
 * the tracking repositories; charts are uPlot from node_modules, served here, so pages work offline.
 * Each page answers with `Server-Timing: render;dur=<ms>`. Bad query parameters get a 400 page naming them.
 */
export function createConsoleRouter(options: ConsoleRouterOptions): express.Router {
  const service = new ConsoleService(options.db, options.store, options.championMaxAgeDays);
  const links = new BullBoardLinks(options.bullBoardPath);
  const bullBoard = options.bullBoardPath;
  const router = express.Router();

  const send = (res: express.Response, started: number, status: number, html: string) => {
    res
      .status(status)
      .type('html')
      .set('Content-Security-Policy', CSP)
      .set('Cache-Control', 'no-store')
      .set('Server-Timing', `render;dur=${(performance.now() - started).toFixed(1)}`)
      .send(html);
  };
  const problem = (res: express.Response, started: number, status: number, title: string, lines: string[]) =>
    send(res, started, status, consolePage(title, `<ul class="warn">${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`, { bullBoard }));
  const parse = <T extends z.ZodType>(schema: T, input: unknown, res: express.Response, started: number): z.output<T> | undefined => {
    const r = schema.safeParse(input);
    if (r.success) return r.data;
    problem(res, started, 400, 'Invalid request', r.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`));
    return undefined;
  };

  router.get('/', (_req, res) => res.redirect(302, `${CONSOLE_PATH}/runs`));

  router.get('/assets/:name', (req, res) => {
    const asset = req.params.name === 'console.js' ? { type: 'text/javascript; charset=utf-8', body: CONSOLE_JS } : chartAssetFile(req.params.name);
    if (!asset) {
      res.status(404).json({ error: `no console asset ${req.params.name}` });
      return;
    }
    res.type(asset.type).set('Cache-Control', 'max-age=3600').send(asset.body);
  });

  router.get('/runs', async (req, res) => {
    const started = performance.now();
    const q = parse(consoleRunsQuery, req.query, res, started);
    if (!q) return;
    const filter = { limit: q.limit, offset: q.offset, status: (q.status || undefined) as RunStatus | undefined, modelKind: q.modelKind || undefined };
    const { rows, more } = await service.runList(filter);
    send(res, started, 200, runListPage(rows, more, filter, bullBoard));
  });

  router.get('/runs/:id', async (req, res) => {
    const started = performance.now();
    const id = parse(runId, req.params.id, res, started);
    if (!id) return;
    const page = await service.runPage(id);
    if (!page) return problem(res, started, 404, 'Run not found', [`no run ${id}`]);
    send(res, started, 200, runPage(page, links, bullBoard));
  });

  router.get('/runs/:id/progress', async (req, res) => {
    const started = performance.now();
    const id = parse(runId, req.params.id, res, started);
    if (!id) return;
    const p = await service.progress(id);
    if (!p) return problem(res, started, 404, 'Run not found', [`no run ${id}`]);
    res.set('X-Run-Status', p.status);
    send(res, started, 200, progressHtml(p.status, p.progress));
  });

  router.get('/compare', async (req, res) => {
    const started = performance.now();
    const q = parse(consoleCompareQuery, req.query, res, started);
    if (!q) return;
    const { comparison, pages } = await service.compare(q.ids);
    if (comparison.missing.length > 0) return problem(res, started, 404, 'Run not found', comparison.missing.map((m) => `no run ${m}`));
    send(res, started, 200, comparePage(comparison, pages, bullBoard));
  });

  router.get('/models', async (_req, res) => {
    const started = performance.now();
    send(res, started, 200, modelsPage(await service.models(), bullBoard));
  });

  router.get('/drift', async (req, res) => {
    const started = performance.now();
    const q = parse(consoleDriftQuery, req.query, res, started);
    if (!q) return;
    send(res, started, 200, driftPage(await service.driftReports(q.limit), bullBoard));
  });

  return router;
}
