// Compare 2 to 10 runs: overlaid charts, a table of params and metrics (only what differs, by default), and a
// parallel-coordinates plot of the differing params against a chosen metric.
import { chartControls, metricChart } from './charts.js';
import * as data from './data.js';
import { COLORS, formatNumber, h, link, mount, num, section, svg } from './dom.js';

const settings = { axis: 'step', smoothing: 0, log: false };

function differs(values) {
  return values.some((value) => value === undefined) || new Set(values.map(String)).size > 1;
}

function valuesTable(runs, onlyDifferences) {
  const rows = [];
  const add = (kind, key, values, format) => {
    if (onlyDifferences && !differs(values)) return;
    rows.push(
      h(
        'tr',
        { 'data-key': `${kind}:${key}` },
        h('th', null, h('span', { class: 'kind' }, kind), key),
        values.map((value) => h('td', null, value === undefined ? '—' : format(value))),
      ),
    );
  };
  const keys = (field) => [...new Set(runs.flatMap((run) => Object.keys(run[field])))].sort();
  for (const key of keys('params'))
    add(
      'param',
      key,
      runs.map((run) => (Object.hasOwn(run.params, key) ? run.params[key] : undefined)),
      String,
    );
  for (const key of keys('latest'))
    add(
      'metric',
      key,
      runs.map((run) => (Object.hasOwn(run.latest, key) ? run.latest[key].value : undefined)),
      formatNumber,
    );
  return h(
    'table',
    { class: 'grid compare', id: 'compare-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, ''),
        runs.map((run, index) =>
          h('th', null, h('span', { class: 'swatch', 'data-color': index }), run.name),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      rows.length
        ? rows
        : h('tr', null, h('td', { colspan: runs.length + 1, class: 'muted' }, 'No differences.')),
    ),
  );
}

/** Parallel coordinates: one vertical axis per differing param, the metric last; one line per run. */
export function parallelCoordinates(runs, metric) {
  const paramKeys = [...new Set(runs.flatMap((run) => Object.keys(run.params)))]
    .sort()
    .filter((key) =>
      differs(runs.map((run) => (Object.hasOwn(run.params, key) ? run.params[key] : undefined))),
    );
  const axes = paramKeys.map((key) => ({
    label: key,
    values: runs.map((run) => (Object.hasOwn(run.params, key) ? run.params[key] : undefined)),
  }));
  if (metric)
    axes.push({
      label: metric,
      metric: true,
      values: runs.map((run) =>
        Object.hasOwn(run.latest, metric) ? num(run.latest[metric].value) : undefined,
      ),
    });
  if (axes.length < 2) return h('p', { class: 'muted' }, 'Needs at least one differing param and a metric.');
  const width = 160 * axes.length + 40;
  const height = 320;
  const top = 30;
  const bottom = height - 40;
  for (const axis of axes) {
    const present = axis.values.filter((value) => value !== undefined);
    const numeric = present.every((value) => value !== '' && Number.isFinite(Number(value)));
    if (numeric) {
      const numbers = present.map(Number);
      const min = Math.min(...numbers);
      const max = Math.max(...numbers);
      axis.position = (value) =>
        value === undefined
          ? undefined
          : max === min
            ? (top + bottom) / 2
            : bottom - ((Number(value) - min) / (max - min)) * (bottom - top);
      axis.ticks =
        max === min
          ? [[min, (top + bottom) / 2]]
          : [
              [max, top],
              [min, bottom],
            ];
    } else {
      const categories = [...new Set(present.map(String))].sort();
      const step = categories.length > 1 ? (bottom - top) / (categories.length - 1) : 0;
      axis.position = (value) =>
        value === undefined
          ? undefined
          : categories.length > 1
            ? top + categories.indexOf(String(value)) * step
            : (top + bottom) / 2;
      axis.ticks = categories.map((category, index) => [
        category,
        categories.length > 1 ? top + index * step : (top + bottom) / 2,
      ]);
    }
  }
  const x = (index) => 40 + index * 160;
  const lines = runs.map((run, runIndex) => {
    const points = axes
      .map((axis, index) => [x(index), axis.position(axis.values[runIndex])])
      .filter(([, y]) => y !== undefined);
    return svg(
      'polyline',
      {
        points: points.map(([px, py]) => `${px},${py}`).join(' '),
        class: 'pc-line',
        stroke: COLORS[runIndex % COLORS.length],
        'stroke-width': 2,
        fill: 'none',
      },
      svg('title', {}, run.name),
    );
  });
  const axisElements = axes.map((axis, index) =>
    svg(
      'g',
      { class: axis.metric ? 'pc-axis metric' : 'pc-axis' },
      svg('line', { x1: x(index), x2: x(index), y1: top, y2: bottom, stroke: '#888' }),
      svg('text', { x: x(index), y: top - 12, 'text-anchor': 'middle', class: 'pc-label' }, axis.label),
      axis.ticks.map(([value, y]) =>
        svg(
          'text',
          { x: x(index) + 6, y: y + 4, class: 'pc-tick' },
          typeof value === 'number' ? formatNumber(value) : String(value),
        ),
      ),
    ),
  );
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      class: 'parallel',
      id: 'parallel-coordinates',
      role: 'img',
    },
    ...lines,
    ...axisElements,
  );
}

export async function comparePage(params) {
  const ids = (params.get('runs') ?? '').split(',').filter(Boolean).slice(0, 10);
  if (ids.length < 2) {
    mount(
      h('h1', null, 'Compare runs'),
      h('p', { class: 'error' }, 'Pick 2 to 10 runs in a runs table to compare them.'),
    );
    return;
  }
  const loaded = await Promise.all(
    ids.map(async (id) => {
      const [detail, metrics] = await Promise.all([data.run(id), data.metrics(id)]);
      return { ...detail.run, series: metrics.series };
    }),
  );
  const metricKeys = [...new Set(loaded.flatMap((run) => run.series.map((series) => series.key)))].sort();
  const userKeys = metricKeys.filter((key) => !key.startsWith('system/'));
  const onlyDifferences = h('input', { type: 'checkbox', checked: true, id: 'only-differences' });
  const tableBox = h('div', { class: 'table-box' }, valuesTable(loaded, true));
  onlyDifferences.addEventListener('change', () =>
    tableBox.replaceChildren(valuesTable(loaded, onlyDifferences.checked)),
  );

  const latestKeys = [...new Set(loaded.flatMap((run) => Object.keys(run.latest)))].sort();
  const metricSelect = h(
    'select',
    { id: 'pc-metric', 'aria-label': 'metric' },
    latestKeys.map((key) => h('option', { value: key }, key)),
  );
  const preferred = latestKeys.find(
    (key) => !key.startsWith('system/') && differs(loaded.map((run) => run.latest[key]?.value)),
  );
  if (preferred) metricSelect.value = preferred;
  const plotBox = h('div', { class: 'plot-box' }, parallelCoordinates(loaded, metricSelect.value));
  metricSelect.addEventListener('change', () =>
    plotBox.replaceChildren(parallelCoordinates(loaded, metricSelect.value)),
  );

  const chartsBody = h('div');
  const renderCharts = () => {
    chartsBody.replaceChildren(
      chartControls(settings, (next) => {
        Object.assign(settings, next);
        renderCharts();
      }),
      h(
        'div',
        { class: 'charts', id: 'compare-charts' },
        userKeys.map((key) =>
          metricChart(
            key,
            loaded.flatMap((run, index) => {
              const series = run.series.find((one) => one.key === key);
              return series ? [{ label: run.name, series, color: COLORS[index % COLORS.length] }] : [];
            }),
            settings,
          ),
        ),
      ),
    );
  };
  renderCharts();

  mount(
    h('h1', null, `Compare ${loaded.length} runs`),
    h(
      'ul',
      { class: 'legend', id: 'compare-runs' },
      loaded.map((run, index) =>
        h('li', null, h('span', { class: 'swatch', 'data-color': index }), link(run.name, 'runs', run.id)),
      ),
    ),
    section('Params and metrics', h('label', null, onlyDifferences, ' only what differs'), tableBox),
    section('Parallel coordinates', h('label', null, 'metric ', metricSelect), plotBox),
    section('Charts', chartsBody),
  );
}
