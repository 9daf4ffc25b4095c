// The run page: attributes, params, tags, metric charts, system metrics, dataset inputs, artifact previews,
// and (in write mode) rename, tag, delete and restore.
import { chartControls, metricChart } from './charts.js';
import * as data from './data.js';
import {
  errorBox,
  formatDuration,
  formatNumber,
  formatTime,
  h,
  keyValues,
  link,
  mount,
  replace,
  section,
  table,
} from './dom.js';

const settings = { axis: 'step', smoothing: 0, log: false };

function writeActions(run, refresh) {
  if (!data.canWrite) return null;
  const status = h('span', { class: 'write-status', role: 'status' });
  const act = async (action, body) => {
    try {
      await data.post(action, body);
      await refresh();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  };
  const name = h('input', { id: 'rename-input', value: run.name, 'aria-label': 'new run name' });
  const tagKey = h('input', { id: 'tag-key', placeholder: 'tag', 'aria-label': 'tag key' });
  const tagValue = h('input', { id: 'tag-value', placeholder: 'value', 'aria-label': 'tag value' });
  return h(
    'div',
    { class: 'write-actions' },
    h(
      'form',
      {
        class: 'inline',
        onsubmit: (event) => {
          event.preventDefault();
          act('run/rename', { id: run.id, name: name.value });
        },
      },
      name,
      h('button', { type: 'submit', id: 'rename' }, 'Rename'),
    ),
    h(
      'form',
      {
        class: 'inline',
        onsubmit: (event) => {
          event.preventDefault();
          act('run/tags', { id: run.id, tags: { [tagKey.value]: tagValue.value } });
        },
      },
      tagKey,
      tagValue,
      h('button', { type: 'submit', id: 'add-tag' }, 'Set tag'),
    ),
    run.lifecycle === 'deleted'
      ? h(
          'button',
          { type: 'button', id: 'restore-run', onclick: () => act('run/restore', { id: run.id }) },
          'Restore run',
        )
      : h(
          'button',
          {
            type: 'button',
            id: 'delete-run',
            class: 'danger',
            onclick: () => act('run/delete', { id: run.id }),
          },
          'Delete run',
        ),
    status,
  );
}

function artifactsSection(runId, artifacts) {
  if (!artifacts.length) return section('Artifacts', h('p', { class: 'muted' }, 'none'));
  const view = h('div', { class: 'artifact-view', id: 'artifact-view' });
  const open = async (artifact, index) => {
    replace(view, h('h3', null, artifact.path), h('p', { class: 'muted' }, 'Loading…'));
    const heading = h(
      'h3',
      null,
      artifact.path,
      ' ',
      h('a', { href: data.rawUrl(runId, artifact, index), download: '', class: 'download' }, 'download'),
    );
    try {
      if (artifact.kind === 'image') {
        replace(
          view,
          heading,
          h('img', { src: data.rawUrl(runId, artifact, index), alt: artifact.path, class: 'preview-image' }),
        );
        return;
      }
      if (artifact.kind === 'binary') {
        replace(
          view,
          heading,
          h('p', { class: 'muted' }, `${artifact.size} bytes; no preview for this type`),
        );
        return;
      }
      const preview = await data.preview(runId, artifact, index);
      const note = preview.truncated ? h('p', { class: 'muted' }, 'showing the head of the file') : null;
      if (artifact.kind === 'svg') {
        // an SVG is drawn as an image from a data: URL: scripts inside it never run
        const image = h('img', { alt: artifact.path, class: 'preview-image' });
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.text ?? '')}`;
        replace(view, heading, image, note);
      } else if (preview.rows) {
        const [header = [], ...rows] = preview.rows;
        replace(view, heading, table(header, rows, { class: 'grid csv' }), note);
      } else {
        replace(view, heading, h('pre', { class: 'preview-text' }, preview.text ?? ''), note);
      }
    } catch (error) {
      replace(view, heading, errorBox(error));
    }
  };
  const list = h(
    'ul',
    { class: 'artifacts', id: 'artifacts' },
    artifacts.map((artifact, index) =>
      h(
        'li',
        null,
        h(
          'button',
          { type: 'button', class: 'link', 'data-path': artifact.path, onclick: () => open(artifact, index) },
          artifact.path,
        ),
        h('span', { class: 'muted' }, ` ${artifact.kind} · ${artifact.size} B`),
      ),
    ),
  );
  return section('Artifacts', h('div', { class: 'artifact-grid' }, list, view));
}

function chartsSection(title, id, series) {
  const body = h('div');
  const render = () => {
    const grid = h(
      'div',
      { class: 'charts', id },
      series.map((one) => {
        const note =
          one.kept < one.count ? ` (${one.count.toLocaleString('en')} points, ${one.kept} drawn)` : '';
        return metricChart(`${one.key}${note}`, [{ label: one.key, series: one }], settings);
      }),
    );
    body.replaceChildren(
      chartControls(settings, (next) => {
        Object.assign(settings, next);
        render();
      }),
      grid,
    );
  };
  if (series.length) render();
  else body.append(h('p', { class: 'muted' }, 'none'));
  return section(title, body);
}

export async function runPage(id) {
  const refresh = () => runPage(id);
  const [{ run, experiment, artifacts }, metrics] = await Promise.all([data.run(id), data.metrics(id)]);
  const userSeries = metrics.series.filter((series) => !series.key.startsWith('system/'));
  const systemSeries = metrics.series.filter((series) => series.key.startsWith('system/'));
  const latestRows = Object.keys(run.latest)
    .sort()
    .map((key) => [
      key,
      formatNumber(run.latest[key].value),
      String(run.latest[key].step),
      formatTime(run.latest[key].timestamp),
    ]);
  mount(
    h(
      'p',
      { class: 'crumbs' },
      link('Experiments', ''),
      ' / ',
      link(experiment.name, 'experiments', experiment.id),
      ' / ',
    ),
    h(
      'h1',
      { id: 'run-name' },
      run.name,
      run.lifecycle === 'deleted' ? h('span', { class: 'chip deleted' }, 'deleted') : null,
    ),
    writeActions(run, refresh),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'status'),
      h('dd', null, h('span', { class: `status status-${run.status}` }, run.status)),
      h('dt', null, 'run id'),
      h('dd', null, h('code', null, run.id)),
      h('dt', null, 'started'),
      h('dd', null, formatTime(run.startTime)),
      h('dt', null, 'duration'),
      h('dd', null, formatDuration((run.endTime ?? Number.NaN) - run.startTime) || '—'),
      run.user ? [h('dt', null, 'user'), h('dd', null, run.user)] : null,
      run.parentRunId
        ? [h('dt', null, 'parent'), h('dd', null, link(run.parentRunId, 'runs', run.parentRunId))]
        : null,
    ),
    h(
      'div',
      { class: 'two' },
      section('Params', keyValues(run.params)),
      section(
        'Latest metrics',
        latestRows.length
          ? table(['metric', 'value', 'step', 'time'], latestRows, { id: 'latest-metrics' })
          : h('p', { class: 'muted' }, 'none'),
      ),
    ),
    chartsSection('Metric charts', 'metric-charts', userSeries),
    systemSeries.length ? chartsSection('System metrics', 'system-charts', systemSeries) : null,
    section('Tags', keyValues(run.tags)),
    section(
      'Dataset inputs',
      run.inputs.length
        ? table(
            ['dataset', 'digest', 'context', 'source', 'rows'],
            run.inputs.map((input) => [
              input.dataset.name,
              h('code', null, input.dataset.digest ?? ''),
              input.context ?? '',
              input.dataset.source === undefined
                ? ''
                : typeof input.dataset.source === 'string'
                  ? input.dataset.source
                  : JSON.stringify(input.dataset.source),
              input.dataset.rows ?? input.dataset.numRows ?? '',
            ]),
            { id: 'inputs' },
          )
        : h('p', { class: 'muted' }, 'none'),
    ),
    artifactsSection(run.id, artifacts),
  );
}
