import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The chart assets a page needs: uPlot (from its npm package), its stylesheet, and our drawing script. */
export interface ChartAssets {
  uplotJs: string;
  uplotCss: string;
  clientJs: string;
}

let cached: ChartAssets | undefined;

/** Reads the assets once, from node_modules and this package: nothing comes from a CDN. */
export function chartAssets(): ChartAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const here = path.dirname(fileURLToPath(import.meta.url));
  cached = {
    uplotJs: readFileSync(path.join(dist, 'uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(path.join(dist, 'uPlot.min.css'), 'utf8'),
    clientJs: readFileSync(path.join(here, '../assets/charts-client.js'), 'utf8'),
  };
  return cached;
}

const scriptSafe = (js: string) => js.replace(/<\/(script)/gi, '<\\/$1');

/** The assets inlined into one page (the run report in the object store opens from a file). */
export function inlineChartAssets(): string {
  const a = chartAssets();
  return `<style>${a.uplotCss}</style><script>${scriptSafe(a.uplotJs)}</script><script>${scriptSafe(a.clientJs)}</script>`;
}

/** File names under which a server serves the assets (see `chartAssetFile`). */
export const CHART_ASSET_FILES = {
  'uPlot.iife.min.js': { type: 'text/javascript; charset=utf-8', pick: (a: ChartAssets) => a.uplotJs },
  'uPlot.min.css': { type: 'text/css; charset=utf-8', pick: (a: ChartAssets) => a.uplotCss },
  'charts.js': { type: 'text/javascript; charset=utf-8', pick: (a: ChartAssets) => a.clientJs },
} as const;

/** One asset by file name, with its content type, or undefined for any other name. */
export function chartAssetFile(name: string): { type: string; body: string } | undefined {
  const entry = (CHART_ASSET_FILES as Record<string, { type: string; pick(a: ChartAssets): string }>)[name];
  return entry ? { type: entry.type, body: entry.pick(chartAssets()) } : undefined;
}

/** Tags that load the assets from a server at `base` (e.g. `/ui/assets`). */
export function linkedChartAssets(base: string): string {
  return `<link rel="stylesheet" href="${base}/uPlot.min.css"><script src="${base}/uPlot.iife.min.js"></script><script defer src="${base}/charts.js"></script>`;
}
