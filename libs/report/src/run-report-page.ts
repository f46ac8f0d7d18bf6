import { inlineChartAssets } from './chart-assets.ts';
import { esc, PAGE_CSS } from './html.ts';
import { type RunView, renderRunSections } from './run-view.ts';

/**
 * The run report as one self-contained HTML page: the same sections and charts as the console's run
 * page, with uPlot and the drawing script inlined, so it opens from a file with the network off.
 */
export function renderRunReportPage(v: RunView): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AlphaPulse run ${esc(v.runId)}</title>
<style>${PAGE_CSS}</style>${inlineChartAssets()}</head><body>
<h1>Run <code>${esc(v.runId)}</code></h1>
${renderRunSections(v)}
</body></html>`;
}
