import { errorBodySchema, errorResponses, jsonResponse, security } from '@alphapulse/http';
import { z } from 'zod';
import { CONSOLE_PATH, consoleCompareQuery, consoleDriftQuery, consoleRunsQuery } from '../../console/console-router.ts';

type Registry = { registerPath(route: Record<string, unknown>): void };

const page = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const badQuery = page('A page naming the invalid query parameters');
const runParams = z.object({ id: z.string().min(1).max(200).meta({ description: 'A run id' }) });

/**
 * The web console's pages (HTML, rendered on the server from the tracking API's data), behind bearer or
 * basic auth like Bull Board. Documented so the contract lists every route the tier serves.
 */
export function registerConsolePaths(r: Registry): void {
  const common = { tags: ['console'], security: security.bearerOrBasic };
  const get = (
    operationId: string,
    suffix: string,
    summary: string,
    request: Record<string, unknown>,
    responses: Record<string, unknown>,
  ) =>
    r.registerPath({
      method: 'get',
      path: `${CONSOLE_PATH}${suffix}`,
      operationId,
      summary,
      ...common,
      ...(Object.keys(request).length ? { request } : {}),
      responses: { 401: errorResponses.unauthorized, ...responses },
    });
  get('consoleHome', '', 'The console: redirects to the runs page', {}, { 302: { description: 'To the runs page' } });
  get(
    'consoleAsset',
    '/assets/{name}',
    'A console asset (its script, uPlot), served from the package',
    { params: z.object({ name: z.string() }) },
    {
      200: {
        description: 'The asset',
        content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } },
      },
      404: jsonResponse('No such asset', errorBodySchema),
    },
  );
  get(
    'consoleRuns',
    '/runs',
    'Runs, paged and filtered by status and model kind',
    { query: consoleRunsQuery },
    { 200: page('The runs page'), 400: badQuery },
  );
  get(
    'consoleRun',
    '/runs/{id}',
    'A run: its charts, per-symbol metrics, promotion decision and jobs',
    { params: runParams },
    {
      200: page('The run page'),
      404: page('No such run'),
    },
  );
  get(
    'consoleRunProgress',
    '/runs/{id}/progress',
    "A run's live study progress (an HTML fragment the run page polls)",
    { params: runParams },
    {
      200: page('The progress fragment; X-Run-Status carries the run status'),
      404: page('No such run'),
    },
  );
  get(
    'consoleCompare',
    '/compare',
    'Two or more runs side by side, curves overlaid',
    { query: consoleCompareQuery },
    {
      200: page('The comparison'),
      400: badQuery,
      404: page('A run was not found'),
    },
  );
  get(
    'consoleModels',
    '/models',
    'The registry: versions, aliases, alias history, staleness, latest predictions',
    {},
    { 200: page('The models page') },
  );
  get(
    'consoleDrift',
    '/drift',
    'Drift reports per feature with reference-vs-current histograms',
    { query: consoleDriftQuery },
    {
      200: page('The drift page'),
      400: badQuery,
    },
  );
}
