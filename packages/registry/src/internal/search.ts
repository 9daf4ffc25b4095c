import { listAllKeys, PlinthError } from '@plinth/core';
import type { Lineage, SearchVersionsOptions } from '../backend.ts';
import { type FilterClause, matchesFilter, parseFilter, pinnedNames } from '../filter.ts';
import { type RegistryEvent, RegistryEventSchema } from '../schemas/event.ts';
import type { ModelVersion } from '../schemas/version.ts';
import type { ModelVersionRef } from '../uri.ts';
import { COMPONENT, type Context, modelNames, readModel } from './context.ts';
import { layout } from './layout.ts';
import { checkModelName } from './models.ts';
import { getVersion, listVersions } from './versions.ts';

const SORT_FIELDS: Record<string, (version: ModelVersion) => string | number> = {
  name: (version) => version.name,
  version: (version) => version.version,
  version_number: (version) => version.version,
  created_at: (version) => version.createdAt,
  creation_timestamp: (version) => version.createdAt,
  updated_at: (version) => version.updatedAt,
  last_updated_timestamp: (version) => version.updatedAt,
};

function parseOrderBy(orderBy: readonly string[]) {
  return orderBy.map((entry) => {
    const [field = '', direction = 'ASC', ...rest] = entry.trim().split(/\s+/);
    const key = SORT_FIELDS[field.toLowerCase()];
    const upper = direction.toUpperCase();
    if (!key || (upper !== 'ASC' && upper !== 'DESC') || rest.length > 0) {
      throw new PlinthError({
        code: 'PLINTH_VALIDATION',
        component: COMPONENT,
        message: `invalid orderBy entry "${entry}"; use "<field> [ASC|DESC]" with field one of ${Object.keys(SORT_FIELDS).join(', ')}`,
        details: { issues: [{ path: 'orderBy', message: 'unknown field or direction' }] },
      });
    }
    return { key, sign: upper === 'ASC' ? 1 : -1 };
  });
}

/** `RegistryBackend.searchVersions`: reads the candidate models' versions and filters them in memory. */
export async function searchVersions(
  context: Context,
  options: SearchVersionsOptions = {},
): Promise<ModelVersion[]> {
  const clauses: FilterClause[] = options.filter?.trim() ? parseFilter(options.filter) : [];
  const order = parseOrderBy(options.orderBy ?? ['name ASC', 'version DESC']);
  const maxResults = options.maxResults ?? 1000;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1) {
    throw new PlinthError({
      code: 'PLINTH_VALIDATION',
      component: COMPONENT,
      message: `maxResults must be a positive integer, got ${maxResults}`,
      details: { issues: [{ path: 'maxResults', message: 'must be a positive integer' }] },
    });
  }
  let names = pinnedNames(clauses);
  if (!names) {
    names = await modelNames(context);
    if (!names) {
      throw new PlinthError({
        code: 'PLINTH_UNSUPPORTED',
        component: COMPONENT,
        message: `${context.storage.name} storage cannot list models; pin the search with name = '<model>'`,
      });
    }
  }
  const matches: ModelVersion[] = [];
  for (const name of names) {
    if (!(await context.storage.stat(layout.model(name)))) continue;
    for (const version of await listVersions(context, name))
      if (matchesFilter(version, clauses)) matches.push(version);
  }
  matches.sort((a, b) => {
    for (const { key, sign } of order) {
      const left = key(a);
      const right = key(b);
      if (left < right) return -sign;
      if (left > right) return sign;
    }
    return 0;
  });
  return matches.slice(0, maxResults);
}

/** `RegistryBackend.history`: lists the model's event keys and sorts the events by UUIDv7 id. */
export async function history(context: Context, name: string): Promise<RegistryEvent[]> {
  checkModelName(name);
  const keys = await listAllKeys(context.storage, layout.eventsPrefix(name));
  if (keys.length === 0) await readModel(context, name);
  const events = await Promise.all(keys.map((key) => context.docs.get(key, RegistryEventSchema)));
  return events
    .flatMap((event) => (event ? [event.value] : []))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `RegistryBackend.lineage`. */
export async function lineage(context: Context, reference: ModelVersionRef): Promise<Lineage> {
  const version = await getVersion(context, reference);
  return {
    name: version.name,
    version: version.version,
    sha256: version.sha256,
    ...(version.runId ? { runId: version.runId } : {}),
    datasets: version.datasets.map((dataset) => ({ name: dataset.name, digest: dataset.digest })),
  };
}
