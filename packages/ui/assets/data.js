// Where the pages get their data: the live JSON API (createUiHandler), or the prerendered files of a static
// export (exportStaticUi), in which case filters, sorting and paging run here.
import { compareRuns, matchFilter, parseFilter } from './filter.js';

const root = document.documentElement;
export const isStatic = root.dataset.mode === 'static';
export const canWrite = !isStatic && root.dataset.write === 'true';

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `request failed (${response.status})`);
  return body;
}

const query = (pairs) => {
  const params = new URLSearchParams();
  for (const [key, value] of pairs)
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  return params.toString();
};

const cache = new Map();
const cached = (url) => {
  if (!cache.has(url))
    cache.set(
      url,
      getJson(url).catch((error) => {
        cache.delete(url);
        throw error;
      }),
    );
  return cache.get(url);
};

/** POST a write action (write mode only); the custom header is what the handler's CSRF check wants. */
export async function post(action, body) {
  const response = await fetch(`api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-plinth-ui': '1' },
    body: JSON.stringify(body),
  });
  const result = await response.json().catch(() => null);
  if (!response.ok) throw new Error(result?.error?.message ?? `request failed (${response.status})`);
  return result;
}

export const config = () => cached(isStatic ? 'data/config.json' : 'api/config');
export const experiments = () => (isStatic ? cached('data/experiments.json') : getJson('api/experiments'));

/** A page of runs: { runs, nextPageToken, keys }. */
export async function runs({ experiment, filter, orderBy, pageSize, pageToken, view }) {
  if (!isStatic) {
    return getJson(
      `api/runs?${query([
        ['experiment', experiment],
        ['filter', filter],
        ...(orderBy ?? []).map((key) => ['orderBy', key]),
        ['pageSize', pageSize],
        ['pageToken', pageToken],
        ['view', view],
      ])}`,
    );
  }
  const all = (await cached(`data/runs/${encodeURIComponent(experiment)}.json`)).runs;
  const clauses = filter ? parseFilter(filter) : [];
  const wanted = view ?? 'active';
  const matching = all.filter(
    (run) => (wanted === 'all' || run.lifecycle === wanted) && matchFilter(run, clauses),
  );
  matching.sort(compareRuns(orderBy?.length ? orderBy : ['attributes.start_time DESC']));
  const start = Number(pageToken ?? 0);
  const page = matching.slice(start, start + pageSize);
  const keys = { params: new Set(), metrics: new Set(), tags: new Set() };
  for (const run of page)
    for (const field of ['params', 'metrics', 'tags'])
      for (const key of Object.keys(run[field])) keys[field].add(key);
  return {
    runs: page,
    ...(start + pageSize < matching.length ? { nextPageToken: String(start + pageSize) } : {}),
    keys: { params: [...keys.params].sort(), metrics: [...keys.metrics].sort(), tags: [...keys.tags].sort() },
  };
}

export const run = (id) =>
  isStatic ? cached(`data/run/${encodeURIComponent(id)}.json`) : getJson(`api/run?${query([['id', id]])}`);
export const metrics = (id, points = 1000) =>
  isStatic
    ? cached(`data/metrics/${encodeURIComponent(id)}.json`)
    : getJson(
        `api/metrics?${query([
          ['run', id],
          ['points', points],
        ])}`,
      );

/** Preview of the artifact at `index` in the run's list. */
export const preview = (runId, artifact, index) =>
  isStatic
    ? cached(`data/preview/${encodeURIComponent(runId)}/${index}.json`)
    : getJson(
        `api/artifact/preview?${query([
          ['run', runId],
          ['path', artifact.path],
        ])}`,
      );

/** URL of an artifact's bytes (for images and downloads). */
export function rawUrl(runId, artifact, index) {
  if (!isStatic)
    return `api/artifact/raw?${query([
      ['run', runId],
      ['path', artifact.path],
    ])}`;
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(artifact.path)?.[1]?.toLowerCase();
  const safe =
    !extension || ['svg', 'svgz', 'html', 'htm', 'xhtml', 'xml', 'js', 'mjs'].includes(extension)
      ? 'bin'
      : extension;
  return `data/raw/${encodeURIComponent(runId)}/${index}.${safe}`;
}

export const models = () => (isStatic ? cached('data/models.json') : getJson('api/models'));

async function modelIndex(name) {
  const index = (await models()).models.findIndex((model) => model.name === name);
  if (index < 0) throw new Error(`model "${name}" is not in this export`);
  return index;
}
export const model = async (name) =>
  isStatic
    ? cached(`data/model/${await modelIndex(name)}.json`)
    : getJson(`api/model?${query([['name', name]])}`);
export const version = async (name, number) =>
  isStatic
    ? cached(`data/version/${await modelIndex(name)}/${Number(number)}.json`)
    : getJson(
        `api/version?${query([
          ['name', name],
          ['version', number],
        ])}`,
      );

export const drift = () => (isStatic ? cached('data/drift.json') : getJson('api/drift'));
export const driftReportUrl = (index) =>
  isStatic ? `data/drift/${Number(index)}.html` : `api/drift/report?index=${Number(index)}`;
