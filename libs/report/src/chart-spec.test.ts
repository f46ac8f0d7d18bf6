import { describe, expect, it } from 'vitest';
import { chartFigure, chartPoints } from './chart-spec.ts';
import { inlineChartAssets } from './chart-assets.ts';

describe('chart figures', () => {
  it('embed the spec so that no text in it can close the script element, and count finite points', () => {
    const spec = {
      id: 'x"><script>',
      title: '</script><b>t</b>',
      kind: 'line' as const,
      x: [1, 2, 3],
      xLabel: 'x',
      yLabel: 'y',
      series: [{ label: '</script><img src=x>', values: [1, null, Number.NaN] }],
    };
    const html = chartFigure(spec);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('<b>');
    expect(html).toContain('data-chart="xscript"');
    expect(chartPoints(spec)).toBe(1);
    expect(html).toContain('data-expected-points="1"');
  });

  it('inline uPlot and the drawing script from node_modules', () => {
    const tags = inlineChartAssets();
    expect(tags).toContain('uPlot');
    expect(tags).toContain('AlphaPulseCharts');
    expect(tags).not.toMatch(/src=|href=/);
  });
});
