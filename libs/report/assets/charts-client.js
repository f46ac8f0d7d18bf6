/*
 * AlphaPulse charts: draws every <figure class="chart"> from the JSON spec inside it with uPlot
 * (loaded before this script). Served by the console and inlined into the run report; no network.
 * After drawing, each figure carries data-rendered="true" and data-points (finite points drawn).
 */
(() => {
  const finite = (v) => typeof v === 'number' && Number.isFinite(v);

  function options(spec, width) {
    const bars = spec.kind === 'bars';
    const series = [{ label: spec.xLabel }];
    spec.series.forEach((s) => {
      series.push({
        label: s.label,
        stroke: s.colour,
        width: bars ? 1 : 1.5,
        dash: s.dash ? [6, 4] : undefined,
        fill: bars ? `${s.colour}cc` : undefined,
        paths: bars ? uPlot.paths.bars({ size: [0.8 / Math.max(1, spec.series.length), 64], align: 0 }) : undefined,
        points: { show: !bars && spec.x.length <= 2 },
        spanGaps: false,
      });
    });
    const xAxis = { label: spec.xLabel };
    const scales = { x: { time: Boolean(spec.time) }, y: {} };
    if (bars) {
      const n = spec.x.length;
      scales.x.range = () => [-0.5, n - 0.5];
      xAxis.splits = () => spec.x;
      xAxis.values = (_u, splits) => splits.map((v) => (spec.categories ? (spec.categories[v] ?? '') : String(v)));
      xAxis.rotate = n > 8 ? -45 : 0;
      xAxis.size = n > 8 ? 90 : 40;
    } else if (spec.xRange) {
      scales.x.range = () => spec.xRange;
    }
    if (spec.yRange) scales.y.range = () => spec.yRange;
    return {
      width,
      height: spec.height || 260,
      scales,
      series,
      axes: [xAxis, { label: spec.yLabel, size: 60 }],
      legend: { show: true, live: false },
      cursor: { drag: { x: true, y: false } },
    };
  }

  function draw(figure) {
    const holder = figure.querySelector('.plot');
    const json = figure.querySelector('script[type="application/json"]');
    if (!holder || !json || figure.dataset.rendered === 'true') return;
    const spec = JSON.parse(json.textContent);
    const data = [spec.x, ...spec.series.map((s) => s.values.map((v) => (finite(v) ? v : null)))];
    const width = Math.max(280, (figure.clientWidth || 520) - 16);
    holder.textContent = '';
    const plot = new uPlot(options(spec, width), data, holder);
    figure.__plot = plot;
    figure.dataset.points = String(data.slice(1).reduce((n, s) => n + s.filter(finite).length, 0));
    figure.dataset.rendered = 'true';
  }

  function renderAll(root) {
    (root || document).querySelectorAll('figure.chart').forEach((figure) => {
      try {
        draw(figure);
      } catch (err) {
        figure.dataset.error = String(err?.message ?? err);
      }
    });
  }

  window.AlphaPulseCharts = { renderAll };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => renderAll());
  else renderAll();
})();
