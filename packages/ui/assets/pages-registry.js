// The registry: models, versions, aliases, stages, audit history, the model card and lineage back to the run.
import * as data from './data.js';
import { errorBox, formatNumber, formatTime, h, keyValues, link, mount, section, table } from './dom.js';

const noRegistry = () =>
  mount(h('h1', null, 'Models'), h('p', { class: 'muted' }, 'This UI was started without a model registry.'));

export async function modelsPage() {
  if (!(await data.config()).registry) return noRegistry();
  const { models } = await data.models();
  mount(
    h('h1', null, 'Models'),
    models.length
      ? table(
          ['model', 'description', 'aliases', 'versions', 'latest', 'updated'],
          models.map((model) => [
            link(model.name, 'models', model.name),
            model.description,
            Object.keys(model.aliases)
              .sort()
              .map((alias) => h('span', { class: 'chip alias' }, `@${alias} → v${model.aliases[alias]}`)),
            String(model.versionCount),
            model.latest ? `v${model.latest.version} (${model.latest.semver}, ${model.latest.stage})` : '—',
            formatTime(model.updatedAt),
          ]),
          { id: 'models' },
        )
      : h('p', { class: 'muted' }, 'No models registered yet.'),
  );
}

/** The form that moves an alias (write mode): alias, version and a reason for the audit trail. */
function aliasForm(name, aliases, versions, selected, refresh) {
  if (!data.canWrite) return null;
  const aliasInput = h('input', {
    id: 'alias-name',
    list: 'alias-names',
    placeholder: 'champion',
    'aria-label': 'alias',
    required: true,
  });
  const versionSelect = h(
    'select',
    { id: 'alias-version', 'aria-label': 'version' },
    versions.map((version) => h('option', { value: version }, `v${version}`)),
  );
  if (selected) versionSelect.value = String(selected);
  const reason = h('input', {
    id: 'alias-reason',
    placeholder: 'why (recorded in the audit trail)',
    'aria-label': 'reason',
    required: true,
    class: 'wide',
  });
  const status = h('span', { role: 'status', id: 'alias-status' });
  return section(
    'Move an alias',
    h(
      'datalist',
      { id: 'alias-names' },
      Object.keys(aliases).map((alias) => h('option', { value: alias })),
    ),
    h(
      'form',
      {
        class: 'inline',
        id: 'alias-form',
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await data.post('alias', {
              name,
              alias: aliasInput.value,
              version: Number(versionSelect.value),
              reason: reason.value,
            });
            await refresh();
          } catch (error) {
            status.replaceChildren(errorBox(error));
          }
        },
      },
      aliasInput,
      versionSelect,
      reason,
      h('button', { type: 'submit', id: 'alias-submit' }, 'Move alias'),
      status,
    ),
  );
}

function historyTable(history) {
  return table(
    ['time', 'event', 'actor', 'version', 'alias', 'from → to', 'reason'],
    history.map((event) => [
      formatTime(event.at),
      event.type,
      event.actor,
      event.version === undefined ? '' : `v${event.version}`,
      event.alias ?? '',
      event.from === undefined && event.to === undefined ? '' : `${event.from ?? '—'} → ${event.to ?? '—'}`,
      event.reason ?? '',
    ]),
    { id: 'history' },
  );
}

export async function modelPage(name) {
  if (!(await data.config()).registry) return noRegistry();
  const { model, versions, history } = await data.model(name);
  mount(
    h('p', { class: 'crumbs' }, link('Models', 'models'), ' / '),
    h('h1', null, model.name),
    model.description ? h('p', { class: 'description' }, model.description) : null,
    section(
      'Aliases',
      Object.keys(model.aliases).length
        ? table(
            ['alias', 'version'],
            Object.keys(model.aliases)
              .sort()
              .map((alias) => [
                `@${alias}`,
                link(`v${model.aliases[alias]}`, 'models', model.name, model.aliases[alias]),
              ]),
            { id: 'aliases' },
          )
        : h('p', { class: 'muted' }, 'none'),
    ),
    aliasForm(
      model.name,
      model.aliases,
      versions.map((version) => version.version),
      undefined,
      () => modelPage(name),
    ),
    section(
      'Versions',
      table(
        ['version', 'semver', 'stage', 'aliases', 'created', 'by', 'run', 'metrics'],
        versions.map((version) => [
          link(`v${version.version}`, 'models', model.name, version.version),
          version.semver,
          h('span', { class: `stage stage-${version.stage}` }, version.stage),
          version.aliases.map((alias) => h('span', { class: 'chip alias' }, `@${alias}`)),
          formatTime(version.createdAt),
          version.createdBy,
          version.runId ? link(version.runId.slice(0, 8), 'runs', version.runId) : '',
          Object.keys(version.metrics)
            .sort()
            .map((key) => h('span', { class: 'chip' }, `${key}=${formatNumber(version.metrics[key])}`)),
        ]),
        { id: 'versions' },
      ),
    ),
    section('Tags', keyValues(model.tags)),
    section('Audit history', historyTable(history)),
  );
}

/** A model card's Markdown (as renderModelCard writes it: headings, paragraphs, lists, tables) as DOM, text only. */
export function markdownToDom(markdown) {
  const box = h('div', { class: 'model-card', id: 'model-card' });
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) box.append(h(`h${heading[1].length + 1}`, null, heading[2]));
    else if (line.startsWith('- ')) {
      const list = h('ul');
      for (; i < lines.length && lines[i].startsWith('- '); i++)
        list.append(h('li', null, lines[i].slice(2)));
      i--;
      box.append(list);
    } else if (line.startsWith('|')) {
      const rows = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++)
        rows.push(
          lines[i]
            .slice(1, -1)
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim().replace(/\\\|/g, '|')),
        );
      i--;
      const [header, , ...body] = rows;
      box.append(table(header, body));
    } else if (line.trim()) box.append(h('p', null, line));
  }
  return box;
}

export async function versionPage(name, number) {
  if (!(await data.config()).registry) return noRegistry();
  const detail = await data.version(name, number);
  const { version, lineage } = detail;
  const signatureRows = (side) =>
    (version.signature?.[side] ?? []).map((tensor) => [
      side.slice(0, -1),
      tensor.name,
      tensor.dtype,
      JSON.stringify(tensor.shape ?? []),
    ]);
  const refresh = () => versionPage(name, number);
  mount(
    h('p', { class: 'crumbs' }, link('Models', 'models'), ' / ', link(name, 'models', name), ' / '),
    h(
      'h1',
      { id: 'version-title' },
      `${name} v${version.version}`,
      h('span', { class: `stage stage-${version.stage}` }, version.stage),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'semver'),
      h('dd', null, version.semver),
      h('dt', null, 'aliases'),
      h(
        'dd',
        { id: 'version-aliases' },
        version.aliases.length
          ? version.aliases.map((alias) => h('span', { class: 'chip alias' }, `@${alias}`))
          : '—',
      ),
      h('dt', null, 'sha256'),
      h('dd', null, h('code', null, version.sha256)),
      h('dt', null, 'size'),
      h('dd', null, `${version.size} bytes`),
      h('dt', null, 'format'),
      h('dd', null, version.format),
      h('dt', null, 'created'),
      h('dd', null, `${formatTime(version.createdAt)} by ${version.createdBy}`),
    ),
    version.description ? h('p', { class: 'description' }, version.description) : null,
    aliasForm(name, detail.modelAliases, [version.version], version.version, refresh),
    section(
      'Lineage',
      h(
        'dl',
        { class: 'facts', id: 'lineage' },
        h('dt', null, 'run'),
        h(
          'dd',
          null,
          lineage.runId
            ? detail.run
              ? link(detail.run.name, 'runs', detail.run.id)
              : h('span', null, h('code', null, lineage.runId), ' (not in this tracker)')
            : '—',
        ),
        h('dt', null, 'datasets'),
        h(
          'dd',
          null,
          lineage.datasets.length
            ? lineage.datasets.map((dataset) =>
                h('div', null, dataset.name, ' ', h('code', null, dataset.digest)),
              )
            : '—',
        ),
      ),
    ),
    section('Model card', detail.card ? markdownToDom(detail.card) : h('p', { class: 'muted' }, 'No card.')),
    h(
      'div',
      { class: 'two' },
      section(
        'Metrics',
        keyValues(
          Object.fromEntries(
            Object.keys(version.metrics).map((key) => [key, formatNumber(version.metrics[key])]),
          ),
        ),
      ),
      section('Params', keyValues(version.params)),
    ),
    section(
      'Signature',
      version.signature
        ? table(['', 'name', 'dtype', 'shape'], [...signatureRows('inputs'), ...signatureRows('outputs')])
        : h('p', { class: 'muted' }, 'none'),
    ),
    section('Tags', keyValues(version.tags)),
  );
}
