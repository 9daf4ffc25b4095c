import { NameSchema } from '@plinth/core';
import { type FilterField, type FilterSchema, parseOrderBy as parseWithSchema } from '@plinth/core/filter';
import * as z from 'zod/mini';
import { compileFilter, matchesFilter, parseFilter, pinnedNames } from '../filter.ts';
import type { Lineage, VersionsPage } from '../registry-api.ts';
import type { RegistryEvent } from '../schemas/event.ts';
import type { ModelVersion } from '../schemas/version.ts';
import type { ModelVersionRef } from '../uri.ts';
import { type Context, readModel } from './context.ts';
import { errors } from './errors.ts';
import { getVersion, listVersions } from './read-versions.ts';
import { checkModelName, parseOptions } from './validate.ts';

const ORDER_FIELD: FilterField = { type: 'number', comparators: [] };

/** The fields versions can be ordered by, for the shared order-by parser of `@plinth/core/filter`. */
const VERSION_ORDER_SCHEMA: FilterSchema<'field'> = {
  component: errors.component,
  entities: {
    field: {
      names: [],
      label: 'orderBy field',
      fields: {
        name: { type: 'string', comparators: [] },
        version: ORDER_FIELD,
        created_at: ORDER_FIELD,
        updated_at: ORDER_FIELD,
        version_number: { ...ORDER_FIELD, key: 'version' },
        creation_timestamp: { ...ORDER_FIELD, key: 'created_at' },
        last_updated_timestamp: { ...ORDER_FIELD, key: 'updated_at' },
      },
    },
  },
  bare: 'field',
};

const SORT_VALUES = new Map<string, (version: ModelVersion) => string | number>([
  ['name', (version) => version.name],
  ['version', (version) => version.version],
  ['created_at', (version) => version.createdAt],
  ['updated_at', (version) => version.updatedAt],
]);

/** Longest filter accepted. */
const MAX_FILTER_LENGTH = 100_000;
/** Most results of one page. */
const MAX_RESULTS = 100_000;

const SearchVersionsOptionsSchema = z.strictObject({
  filter: z.optional(z.string().check(z.maxLength(MAX_FILTER_LENGTH))),
  orderBy: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(20))),
  maxResults: z.optional(z.int().check(z.gte(1), z.lte(MAX_RESULTS))),
  pageToken: z.optional(z.string().check(z.maxLength(1000))),
});

function parseOrderBy(orderBy: readonly string[]) {
  return parseWithSchema(orderBy, VERSION_ORDER_SCHEMA).map(({ key, descending }) => ({
    key: SORT_VALUES.get(key)!,
    sign: descending ? -1 : 1,
  }));
}

/** FNV-1a of the query, so a page token is only accepted for the query that made it. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

const encodeToken = (offset: number, query: string) => `${offset.toString(36)}.${fingerprint(query)}`;

function decodeToken(token: string, query: string): number {
  const match = /^([0-9a-z]{1,10})\.([0-9a-z]{1,8})$/.exec(token);
  const offset = match ? Number.parseInt(match[1]!, 36) : Number.NaN;
  if (!match || !Number.isSafeInteger(offset) || match[2] !== fingerprint(query)) {
    throw errors.invalid('searchVersions options', {
      path: 'pageToken',
      message: 'is not a nextPageToken of this search (same filter and orderBy); start again without one',
    });
  }
  return offset;
}

/** `Registry.searchVersions`: reads the candidate models' versions, filters, sorts and pages them. */
export async function searchVersions(context: Context, options?: unknown): Promise<VersionsPage> {
  const parsed = parseOptions(SearchVersionsOptionsSchema, options, 'searchVersions options');
  const clauses = parseFilter(parsed.filter ?? '');
  const compiled = compileFilter(clauses);
  const orderBy = parsed.orderBy ?? ['name ASC', 'version DESC'];
  const order = parseOrderBy(orderBy);
  const maxResults = parsed.maxResults ?? 1000;
  const query = `${parsed.filter ?? ''}\n${orderBy.join('\n')}`;
  const offset = parsed.pageToken === undefined ? 0 : decodeToken(parsed.pageToken, query);
  let names = pinnedNames(clauses)?.filter((name) => NameSchema.safeParse(name).success);
  if (!names) {
    names = await context.backend.listModels();
    if (!names) {
      throw errors.error(
        'PLINTH_UNSUPPORTED',
        `the ${context.backend.name} backend cannot list models; pin the search with name = '<model>'`,
      );
    }
  }
  const matches: ModelVersion[] = [];
  for (const name of new Set(names)) {
    if (!(await context.backend.getModel(name))) continue;
    for (const version of await listVersions(context, name))
      if (matchesFilter(version, compiled)) matches.push(version);
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
  const end = offset + maxResults;
  return {
    versions: matches.slice(offset, end),
    ...(end < matches.length ? { nextPageToken: encodeToken(end, query) } : {}),
  };
}

/**
 * Orders events: by id (time), except that events committed to the same document (a stream) keep their
 * commit order (`sequence`) in the slots that stream occupies. Ids minted after a compare-and-set can be out
 * of commit order across processes; sequences cannot.
 */
export function orderEvents(events: readonly RegistryEvent[]): RegistryEvent[] {
  const byId = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const streams = new Map<string, number[]>();
  byId.forEach((event, index) => {
    if (event.stream === undefined || event.sequence === undefined) return;
    const slots = streams.get(event.stream) ?? [];
    slots.push(index);
    streams.set(event.stream, slots);
  });
  const ordered = [...byId];
  for (const slots of streams.values()) {
    const members = slots
      .map((slot) => byId[slot]!)
      .sort((a, b) => a.sequence! - b.sequence! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    slots.forEach((slot, index) => {
      ordered[slot] = members[index]!;
    });
  }
  return ordered;
}

/** `Registry.history`: the model's events in commit order. */
export async function history(context: Context, name: unknown): Promise<RegistryEvent[]> {
  const model = checkModelName(name);
  const events = await context.backend.listEvents(model);
  if (events === undefined) {
    throw errors.error(
      'PLINTH_UNSUPPORTED',
      `the ${context.backend.name} backend cannot list events (a static export without its index, or exported with events: false)`,
    );
  }
  if (events.length === 0) await readModel(context, model);
  return orderEvents(events);
}

/** `Registry.lineage`. */
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
