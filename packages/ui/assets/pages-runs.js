// The experiments list and the runs table (column chooser, sort, filter, paging, virtual scrolling).
import * as data from './data.js';
import { errorBox, formatDuration, formatNumber, formatTime, h, link, mount, section, table } from './dom.js';

export async function experimentsPage() {
  const { experiments } = await data.experiments();
  const rows = experiments
    .filter((experiment) => experiment.lifecycle !== 'deleted')
    .map((experiment) => [
      link(experiment.name, 'experiments', experiment.id),
      formatTime(experiment.createdAt),
      Object.keys(experiment.tags).map((key) =>
        h('span', { class: 'chip' }, `${key}=${experiment.tags[key]}`),
      ),
    ]);
  mount(
    h('h1', null, 'Experiments'),
    rows.length
      ? table(['experiment', 'created', 'tags'], rows, { id: 'experiments' })
      : h('p', { class: 'muted' }, 'No experiments yet.'),
  );
}

const ATTRIBUTE_COLUMNS = {
  name: { label: 'run', sort: 'attributes.run_name', cell: (run) => link(run.name, 'runs', run.id) },
  status: {
    label: 'status',
    sort: 'attributes.status',
    cell: (run) => h('span', { class: `status status-${run.status}` }, run.status),
  },
  start: { label: 'started', sort: 'attributes.start_time', cell: (run) => formatTime(run.startTime) },
  duration: { label: 'duration', cell: (run) => formatDuration((run.endTime ?? Number.NaN) - run.startTime) },
  user: { label: 'user', sort: 'attributes.user_id', cell: (run) => run.user ?? '' },
};
const quoteKey = (key) => `\`${key}\``;

/** A column id's header, sort key and cell renderer. */
function column(id) {
  const colon = id.indexOf(':');
  const kind = id.slice(0, colon);
  const key = id.slice(colon + 1);
  if (kind === 'attr') return ATTRIBUTE_COLUMNS[key] ? { id, ...ATTRIBUTE_COLUMNS[key] } : undefined;
  const field = { metric: 'metrics', param: 'params', tag: 'tags' }[kind];
  if (!field) return undefined;
  return {
    id,
    label: key,
    kind,
    sort: `${field}.${quoteKey(key)}`,
    cell: (run) => {
      if (!Object.hasOwn(run[field], key)) return '';
      return kind === 'metric' ? formatNumber(run[field][key]) : run[field][key];
    },
  };
}

const ROW_HEIGHT = 30;
const SYSTEM_TAG = /^(mlflow\.|plinth\.)/;

export async function runsPage(experimentId, params) {
  const { experiments } = await data.experiments();
  const experiment = experiments.find((candidate) => candidate.id === experimentId);
  const state = {
    filter: params.get('filter') ?? '',
    order: params.get('order') ?? 'attributes.start_time DESC',
    view: params.get('view') ?? 'active',
    pageSize: Number(params.get('size') ?? 100),
    tokens: [undefined],
    page: 0,
    selected: new Set(),
    known: { metric: new Set(), param: new Set(), tag: new Set() },
  };
  const storageKey = `plinth.columns.${experimentId}`;
  let columns = null;
  try {
    columns = JSON.parse(localStorage.getItem(storageKey) ?? 'null');
  } catch {
    columns = null;
  }
  const saveColumns = () => {
    try {
      localStorage.setItem(storageKey, JSON.stringify(columns));
    } catch {
      /* private mode: the choice lasts for this page */
    }
  };

  const filterInput = h('input', {
    id: 'filter',
    type: 'search',
    value: state.filter,
    spellcheck: 'false',
    placeholder: "metrics.acc > 0.9 and params.model = 'mlp'",
    'aria-label': 'filter',
  });
  const sizeSelect = h(
    'select',
    { id: 'page-size', 'aria-label': 'page size' },
    [100, 500, 1000, 5000].map((size) => h('option', { value: size }, `${size} per page`)),
  );
  sizeSelect.value = String(state.pageSize);
  const viewSelect = h(
    'select',
    { id: 'view', 'aria-label': 'runs shown' },
    h('option', { value: 'active' }, 'active runs'),
    h('option', { value: 'deleted' }, 'deleted runs'),
    h('option', { value: 'all' }, 'all runs'),
  );
  viewSelect.value = state.view;
  const message = h('div', { id: 'runs-message' });
  const compareButton = h('button', { id: 'compare', type: 'button', disabled: true }, 'Compare');
  const chooser = h('div', { id: 'column-chooser', class: 'chooser', hidden: true });
  const chooserButton = h(
    'button',
    {
      id: 'columns-button',
      type: 'button',
      onclick: () => {
        chooser.hidden = !chooser.hidden;
        renderChooser();
      },
    },
    'Columns',
  );
  const pager = h('div', { class: 'pager' });
  const scroller = h('div', { class: 'table-scroll', id: 'runs-scroll' });
  let current = { runs: [] };

  const updateHash = () => {
    const query = new URLSearchParams();
    if (state.filter) query.set('filter', state.filter);
    if (state.order !== 'attributes.start_time DESC') query.set('order', state.order);
    if (state.view !== 'active') query.set('view', state.view);
    if (state.pageSize !== 100) query.set('size', String(state.pageSize));
    const hash = `#/experiments/${encodeURIComponent(experimentId)}${query.size ? `?${query}` : ''}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  };

  const defaultColumns = (keys) => [
    'attr:name',
    'attr:status',
    'attr:start',
    'attr:duration',
    ...keys.metrics
      .filter((key) => !key.startsWith('system/'))
      .slice(0, 8)
      .map((key) => `metric:${key}`),
    ...keys.params.slice(0, 8).map((key) => `param:${key}`),
  ];

  const renderChooser = () => {
    if (chooser.hidden) return;
    const available = [
      ...Object.keys(ATTRIBUTE_COLUMNS).map((key) => `attr:${key}`),
      ...[...state.known.metric].sort().map((key) => `metric:${key}`),
      ...[...state.known.param].sort().map((key) => `param:${key}`),
      ...[...state.known.tag].sort().map((key) => `tag:${key}`),
    ];
    const move = (id, by) => {
      const index = columns.indexOf(id);
      const target = index + by;
      if (index < 0 || target < 0 || target >= columns.length) return;
      columns.splice(index, 1);
      columns.splice(target, 0, id);
      saveColumns();
      renderTable();
      renderChooser();
    };
    chooser.replaceChildren(
      h('h3', null, 'Shown (in order)'),
      h(
        'ol',
        { class: 'shown-columns' },
        columns.map((id) =>
          h(
            'li',
            { 'data-column': id },
            h('span', { class: 'column-name' }, id.replace(':', ' · ')),
            h(
              'button',
              { type: 'button', class: 'up', 'aria-label': `move ${id} left`, onclick: () => move(id, -1) },
              '↑',
            ),
            h(
              'button',
              { type: 'button', class: 'down', 'aria-label': `move ${id} right`, onclick: () => move(id, 1) },
              '↓',
            ),
          ),
        ),
      ),
      h('h3', null, 'Available'),
      h(
        'div',
        { class: 'available-columns' },
        available.map((id) =>
          h(
            'label',
            { class: SYSTEM_TAG.test(id.slice(4)) ? 'system' : '' },
            h('input', {
              type: 'checkbox',
              'data-column': id,
              checked: columns.includes(id),
              onchange: (event) => {
                if (event.target.checked) columns.push(id);
                else columns = columns.filter((shown) => shown !== id);
                saveColumns();
                renderTable();
                renderChooser();
              },
            }),
            ` ${id.replace(':', ' · ')}`,
          ),
        ),
      ),
    );
  };

  const renderTable = () => {
    const shown = columns.map(column).filter(Boolean);
    const [orderKey, orderDirection] = (() => {
      const match = /^(.*?)\s+(ASC|DESC)$/i.exec(state.order);
      return match ? [match[1], match[2].toUpperCase()] : [state.order, 'ASC'];
    })();
    const header = h(
      'tr',
      null,
      h('th', { class: 'select' }, ''),
      shown.map((col) => {
        const active = col.sort === orderKey;
        const th = h(
          'th',
          {
            'data-column': col.id,
            class: [
              col.kind ?? 'attr',
              col.sort ? 'sortable' : '',
              active ? `sorted ${orderDirection.toLowerCase()}` : '',
            ].join(' '),
            title: col.sort ? 'sort' : '',
          },
          col.kind ? h('span', { class: 'kind' }, col.kind) : null,
          col.label,
          active ? (orderDirection === 'DESC' ? ' ▼' : ' ▲') : '',
        );
        if (col.sort) {
          th.addEventListener('click', () => {
            state.order = `${col.sort} ${active && orderDirection === 'DESC' ? 'ASC' : 'DESC'}`;
            reload();
          });
        }
        return th;
      }),
    );
    const runs = current.runs;
    const tbody = h('tbody');
    const tableElement = h(
      'table',
      { class: 'grid runs', id: 'runs-table' },
      h('thead', null, header),
      tbody,
    );
    const draw = () => {
      const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - 20);
      const last = Math.min(runs.length, first + Math.ceil((scroller.clientHeight || 600) / ROW_HEIGHT) + 40);
      const rows = [h('tr', { class: 'spacer', style: undefined }, h('td', { colspan: shown.length + 1 }))];
      rows[0].firstChild.style.height = `${first * ROW_HEIGHT}px`;
      for (let index = first; index < last; index++) {
        const run = runs[index];
        const box = h('input', {
          type: 'checkbox',
          'aria-label': 'select run',
          checked: state.selected.has(run.id),
          onchange: (event) => {
            if (event.target.checked) state.selected.add(run.id);
            else state.selected.delete(run.id);
            updateCompare();
          },
        });
        rows.push(
          h(
            'tr',
            { 'data-run': run.id, class: run.lifecycle === 'deleted' ? 'deleted' : '' },
            h('td', { class: 'select' }, box),
            shown.map((col) => h('td', null, col.cell(run))),
          ),
        );
      }
      const bottom = h('tr', { class: 'spacer' }, h('td', { colspan: shown.length + 1 }));
      bottom.firstChild.style.height = `${(runs.length - last) * ROW_HEIGHT}px`;
      rows.push(bottom);
      tbody.replaceChildren(...rows);
    };
    scroller.onscroll = () => requestAnimationFrame(draw);
    scroller.replaceChildren(tableElement);
    draw();
  };

  const updateCompare = () => {
    const count = state.selected.size;
    compareButton.disabled = count < 2 || count > 10;
    compareButton.textContent = `Compare${count ? ` (${count})` : ''}`;
  };
  compareButton.addEventListener('click', () => {
    location.hash = `#/compare?runs=${[...state.selected].map(encodeURIComponent).join(',')}`;
  });

  const renderPager = () => {
    const previous = h(
      'button',
      {
        type: 'button',
        id: 'previous-page',
        disabled: state.page === 0,
        onclick: () => {
          state.page--;
          load();
        },
      },
      '← previous',
    );
    const next = h(
      'button',
      {
        type: 'button',
        id: 'next-page',
        disabled: !current.nextPageToken,
        onclick: () => {
          state.tokens[state.page + 1] = current.nextPageToken;
          state.page++;
          load();
        },
      },
      'next →',
    );
    pager.replaceChildren(
      previous,
      h('span', { class: 'muted' }, ` page ${state.page + 1} · ${current.runs.length} runs `),
      next,
    );
  };

  const load = async () => {
    message.replaceChildren(h('span', { class: 'muted' }, 'Loading…'));
    try {
      current = await data.runs({
        experiment: experimentId,
        filter: state.filter,
        orderBy: [state.order],
        pageSize: state.pageSize,
        pageToken: state.tokens[state.page],
        view: state.view,
      });
    } catch (error) {
      current = { runs: [] };
      message.replaceChildren(errorBox(error));
      renderTable();
      renderPager();
      return;
    }
    for (const key of current.keys.metrics) state.known.metric.add(key);
    for (const key of current.keys.params) state.known.param.add(key);
    for (const key of current.keys.tags) state.known.tag.add(key);
    if (!columns) columns = defaultColumns(current.keys);
    message.replaceChildren();
    scroller.scrollTop = 0;
    renderTable();
    renderPager();
    renderChooser();
    document.getElementById('main').dataset.loaded = String(Date.now());
  };
  const reload = () => {
    state.tokens = [undefined];
    state.page = 0;
    updateHash();
    load();
  };

  filterInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      state.filter = filterInput.value.trim();
      reload();
    }
  });
  sizeSelect.addEventListener('change', () => {
    state.pageSize = Number(sizeSelect.value);
    reload();
  });
  viewSelect.addEventListener('change', () => {
    state.view = viewSelect.value;
    reload();
  });

  mount(
    h('p', { class: 'crumbs' }, link('Experiments', ''), ' / '),
    h('h1', null, experiment ? experiment.name : experimentId),
    h('div', { class: 'toolbar' }, filterInput, viewSelect, sizeSelect, chooserButton, compareButton),
    h(
      'p',
      { class: 'hint muted' },
      "Filter with the search grammar: metrics.acc > 0.9 and params.model = 'mlp' and tags.team LIKE 'ri%' and status = 'FINISHED'. Click a header to sort.",
    ),
    message,
    chooser,
    scroller,
    pager,
  );
  updateCompare();
  await load();
}

export { section };
