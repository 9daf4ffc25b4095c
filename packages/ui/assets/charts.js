// Metric charts with uPlot (served by the UI itself, never from a CDN). The server already downsampled each
// series (first, min, max and last point per pixel bucket), so a 100,000-point metric arrives as ~4,000.
import { COLORS, h, num } from './dom.js';

/** Exponential moving average with TensorBoard's debiasing; weight 0 returns the values. */
export function smooth(values, weight) {
  if (!weight) return values;
  const out = new Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || !Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    last = last * weight + (1 - weight) * value;
    count++;
    out[i] = last / (1 - weight ** count);
  }
  return out;
}

/** One series' points as sorted x and y arrays for the chosen axis (`step` or `time`). */
export function seriesPoints(series, axis) {
  const steps = series.step;
  const flatSteps = steps.length > 1 && steps[0] === steps[steps.length - 1];
  const xs = axis === 'time' || flatSteps ? series.time : steps;
  const order = xs.map((_, index) => index);
  order.sort((a, b) => xs[a] - xs[b] || a - b);
  return {
    x: order.map((i) => xs[i]),
    y: order.map((i) => num(series.value[i])),
    time: axis === 'time' || flatSteps,
  };
}

/**
 * A chart of one or more series [{ label, series }]: `settings` = { axis, smoothing, log }. Returns the element;
 * the uPlot instance is created once the element is in the page and sized to it.
 */
export function metricChart(title, lines, settings) {
  const box = h('div', { class: 'chart' }, h('div', { class: 'chart-title' }, title));
  const prepared = lines.map((line) => seriesPoints(line.series, settings.axis));
  const isTime = prepared.some((points) => points.time);
  const positive = (value) => (settings.log && !(value > 0) ? null : value);
  let data;
  if (prepared.length === 1) {
    const [points] = prepared;
    data = [points.x, smooth(points.y, settings.smoothing).map(positive)];
  } else {
    const joined = window.uPlot.join(prepared.map((points) => [points.x, points.y]));
    data = [
      joined[0],
      ...joined
        .slice(1)
        .map((ys) =>
          smooth(ys, settings.smoothing).map((value) => (value === undefined ? null : positive(value))),
        ),
    ];
  }
  const options = {
    width: 420,
    height: 220,
    ms: 1,
    scales: { x: { time: isTime }, y: settings.log ? { distr: 3 } : {} },
    axes: [
      {
        stroke: '#555',
        grid: { stroke: '#eee' },
        // steps are integers: no 1.5 tick
        ...(isTime
          ? {}
          : {
              incrs: [
                1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6, 1e7, 1e8,
                1e9,
              ],
            }),
      },
      { stroke: '#555', grid: { stroke: '#eee' }, size: 60 },
    ],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    series: [
      { label: isTime ? 'time' : 'step' },
      ...lines.map((line, index) => ({
        label: line.label,
        stroke: line.color ?? COLORS[index % COLORS.length],
        width: 1.5,
        spanGaps: true,
        points: { show: false },
      })),
    ],
  };
  requestAnimationFrame(() => {
    if (!box.isConnected || !window.uPlot) return;
    options.width = Math.max(240, Math.floor(box.clientWidth - 8));
    box.append(h('div', { class: 'chart-body' }));
    box.plot = new window.uPlot(options, data, box.lastChild);
    box.dataset.ready = 'true';
  });
  return box;
}

/** The chart controls: x axis, smoothing, log scale. Calls `onChange(settings)`. */
export function chartControls(settings, onChange) {
  const axis = h(
    'select',
    {
      'aria-label': 'x axis',
      class: 'axis-select',
      onchange: () => onChange({ ...settings, axis: axis.value }),
    },
    h('option', { value: 'step' }, 'by step'),
    h('option', { value: 'time' }, 'by time'),
  );
  axis.value = settings.axis;
  const smoothing = h('input', {
    type: 'range',
    min: 0,
    max: 0.99,
    step: 0.01,
    value: settings.smoothing,
    'aria-label': 'smoothing',
    class: 'smoothing',
    onchange: () => onChange({ ...settings, smoothing: Number(smoothing.value) }),
  });
  const log = h('input', {
    type: 'checkbox',
    checked: settings.log,
    class: 'log-scale',
    onchange: () => onChange({ ...settings, log: log.checked }),
  });
  return h(
    'div',
    { class: 'controls' },
    h('label', null, 'x axis ', axis),
    h('label', null, 'smoothing ', smoothing),
    h('label', null, log, ' log scale'),
  );
}
