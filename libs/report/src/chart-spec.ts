/** One series of a chart: its label and one value per x (null for a gap). */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  colour?: string;
  dash?: boolean;
}

/**
 * A chart the page's script draws with uPlot. `x` is shared by every series; `time: true` reads x
 * as seconds since the epoch; `kind: 'bars'` draws bars over categorical x (`categories` label them).
 */
export interface ChartSpec {
  id: string;
  title: string;
  kind: 'line' | 'bars';
  x: number[];
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  time?: boolean;
  categories?: string[];
  height?: number;
  /** Fixed ranges (ROC and reliability are on the unit square). */
  xRange?: [number, number];
  yRange?: [number, number];
}

/** Colours of series in order (colour-blind-safe Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

/** The colour of the i-th series. */
export const colourAt = (i: number): string => PALETTE[i % PALETTE.length];

/** Points with a finite value across the chart's series (what a rendered chart must show). */
export function chartPoints(spec: ChartSpec): number {
  return spec.series.reduce((n, s) => n + s.values.filter((v) => typeof v === 'number' && Number.isFinite(v)).length, 0);
}

/**
 * The chart's placeholder: a figure with its spec as JSON (`<` escaped, so no text in it can close
 * the script element). The page's chart script draws every such figure.
 */
export function chartFigure(spec: ChartSpec): string {
  const json = JSON.stringify(spec).replace(/</g, '\\u003c');
  const title = spec.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<figure class="chart" data-chart="${spec.id.replace(/[^A-Za-z0-9_-]/g, '')}" data-expected-points="${chartPoints(spec)}"><figcaption>${title}</figcaption><div class="plot"></div><script type="application/json">${json}</script></figure>`;
}
