import type { BackendSearchRequest, RunsPage } from '../../backend.ts';
import type { Run } from '../../schemas/run.ts';
import { matchesAll, matchesClause } from '../../search/evaluate.ts';
import { type Clause, parseFilter } from '../../search/filter.ts';
import { compareTuples, type OrderKey, parseOrderBy, type SortTuple, sortTuple } from '../../search/order.ts';
import { encodePageToken } from '../../search/page-token.ts';
import { DEFAULT_ORDER, parseSearch } from '../../search/search.ts';
import type { StringColumn } from './column-codec.ts';
import { blankRun, fieldWriter, writeField } from './fields.ts';
import type { SegmentReader } from './segment.ts';

/** One experiment's runs as the index holds them: segments (oldest first) plus run documents on top. */
export interface IndexView {
  segments: readonly SegmentReader[];
  /** Runs newer than any segment row with the same id (pending changes). */
  overlay: ReadonlyMap<string, Run>;
}

const ATTRIBUTE_FIELD: Record<string, string[]> = {
  run_id: ['a:id'],
  run_name: ['a:name'],
  status: ['a:status'],
  user_id: ['a:user'],
  artifact_uri: ['a:id', 'a:artifactPrefix'],
  start_time: ['a:startTime'],
  end_time: ['a:endTime'],
};

const REQUIRED = new Set(['a:id', 'a:experimentId', 'a:name', 'a:status', 'a:lifecycle']);

/** The fields a clause or order key reads, or `undefined` when it needs the whole run. */
function fieldsOf(item: { entity: string; key: string }): string[] | undefined {
  switch (item.entity) {
    case 'metric':
      return [`mv:${item.key}`];
    case 'param':
      return [`p:${item.key}`];
    case 'tag':
      return [`t:${item.key}`];
    case 'dataset':
      return ['a:inputs'];
    case 'attribute':
      return Object.hasOwn(ATTRIBUTE_FIELD, item.key) ? ATTRIBUTE_FIELD[item.key] : undefined;
    default:
      return undefined;
  }
}

/** Fills a reusable run with the given fields of a segment row (the evaluation functions read only those). */
function filler(segment: SegmentReader, fields: readonly string[] | undefined) {
  if (!fields) return (row: number) => segment.runAt(row);
  const probe = blankRun();
  const getters = fields.map((field) => segment.getter(field));
  const writers = fields.map((field) => fieldWriter(field));
  const count = fields.length;
  return (row: number) => {
    for (let i = 0; i < count; i++) writers[i]!(probe, getters[i]!(row));
    return probe;
  };
}

/** Per row of a segment, whether it passes one clause; per distinct value when the clause reads one column. */
function clauseTest(segment: SegmentReader, clause: Clause): (row: number) => boolean {
  const fields = fieldsOf(clause);
  const column = fields?.length === 1 ? segment.column(fields[0]!) : undefined;
  if (fields?.length === 1 && !segment.hasField(fields[0]!)) {
    // No row of this segment has the field: one verdict for all.
    const probe = blankRun();
    writeField(probe, fields[0]!, undefined);
    const verdict = matchesClause(probe, clause);
    return () => verdict;
  }
  if (fields?.length === 1 && column?.kind === 'string' && column.codeCount <= column.rows / 2) {
    const probe = blankRun();
    const verdicts = new Uint8Array(column.codeCount);
    // Code 0 (missing) never occurs in a column of an attribute every run has.
    const required = REQUIRED.has(fields[0]!);
    for (let code = required ? 1 : 0; code < column.codeCount; code++) {
      writeField(probe, fields[0]!, column.entry(code));
      verdicts[code] = matchesClause(probe, clause) ? 1 : 0;
    }
    return (row) => verdicts[column.code(row)] === 1;
  }
  const fill = filler(segment, fields);
  return (row) => matchesClause(fill(row), clause);
}

interface Hit {
  tuple: SortTuple;
  run?: Run;
  segment?: SegmentReader;
  row: number;
}

/** Rows of each segment that a later segment or the overlay replaces. */
function supersededRows(views: readonly IndexView[]): Map<SegmentReader, Uint8Array> {
  const masks = new Map<SegmentReader, Uint8Array>();
  for (const view of views) {
    const newer = new Set(view.overlay.keys());
    for (let s = view.segments.length - 1; s >= 0; s--) {
      const segment = view.segments[s]!;
      const mask = new Uint8Array(segment.meta.rows);
      for (const id of newer) {
        const row = segment.rowOf(id);
        if (row >= 0) mask[row] = 1;
      }
      masks.set(segment, mask);
      if (s > 0) {
        const ids = segment.column('a:id')!;
        for (let row = 0; row < segment.meta.rows; row++)
          newer.add(ids.kind === 'string' ? ids.get(row)! : '');
      }
    }
  }
  return masks;
}

/** Every field a search reads from the segments before it pages (all fields when one needs the whole run). */
export function searchFields(request: BackendSearchRequest): string[] | undefined {
  const clauses = parseFilter(request.filter);
  const keys = parseOrderBy(request.orderBy.length > 0 ? request.orderBy : DEFAULT_ORDER);
  const fields = new Set(['a:id', 'a:startTime', 'a:lifecycle']);
  for (const item of [...clauses, ...keys]) {
    const needed = fieldsOf(item);
    if (!needed) return undefined;
    for (const field of needed) fields.add(field);
  }
  return [...fields];
}

/**
 * Filters, orders and pages runs held in columnar segments plus overlay run documents, with the same
 * results as `searchInMemory` over the same runs: each clause and sort key is evaluated by the functions
 * of `src/search` on runs filled with just the fields it reads (once per distinct value for a column of
 * few distinct values). Segment columns named by {@link searchFields} must be loaded; the page's runs are
 * materialized by `materialize`.
 */
export async function searchViews(
  views: readonly IndexView[],
  request: BackendSearchRequest,
): Promise<RunsPage> {
  const { clauses, keys, query, after } = parseSearch(request);
  const wanted = searchFields(request);
  await Promise.all(
    views.flatMap((view) =>
      view.segments.map((segment) => (wanted ? segment.load(wanted) : segment.loadAll())),
    ),
  );
  const masks = supersededRows(views);
  const hits: Hit[] = [];
  const keep = (lifecycle: string) =>
    request.viewType === 'all' || (request.viewType === 'active') === (lifecycle === 'active');
  for (const view of views) {
    for (const run of view.overlay.values()) {
      if (!keep(run.lifecycle) || !matchesAll(run, clauses)) continue;
      const tuple = sortTuple(run, keys);
      if (after && compareTuples(tuple, after, keys) <= 0) continue;
      hits.push({ tuple, run, row: 0 });
    }
    for (const segment of view.segments) {
      const mask = masks.get(segment)!;
      const lifecycles = segment.column('a:lifecycle');
      let visible: Uint8Array | undefined;
      if (lifecycles?.kind === 'string' && request.viewType !== 'all') {
        visible = new Uint8Array(lifecycles.codeCount);
        for (let code = 1; code < lifecycles.codeCount; code++)
          visible[code] = keep(lifecycles.entry(code)!) ? 1 : 0;
      }
      const tests = clauses.map((clause) => clauseTest(segment, clause));
      const orderFields = new Set(['a:id', 'a:startTime']);
      let whole = false;
      for (const key of keys) {
        const needed = fieldsOf(key);
        if (needed) for (const field of needed) orderFields.add(field);
        else whole = true;
      }
      const fill = filler(segment, whole ? undefined : [...orderFields]);
      rows: for (let row = 0; row < segment.meta.rows; row++) {
        if (mask[row] === 1) continue;
        if (visible && visible[(lifecycles as StringColumn).code(row)] !== 1) continue;
        for (const test of tests) if (!test(row)) continue rows;
        const tuple = sortTuple(fill(row), keys);
        if (after && compareTuples(tuple, after, keys) <= 0) continue;
        hits.push({ tuple, segment, row });
      }
    }
  }
  const page = topHits(hits, request.maxResults, keys);
  const segments = new Set(page.flatMap((hit) => (hit.segment ? [hit.segment] : [])));
  await Promise.all([...segments].map((segment) => segment.loadAll()));
  const runs = page.map((hit) => hit.run ?? hit.segment!.runAt(hit.row));
  const last = page[page.length - 1];
  return hits.length > request.maxResults && last
    ? { runs, nextPageToken: encodePageToken(query, last.tuple) }
    : { runs };
}

/** The first `limit` hits in order: a bounded heap when few of many are wanted, else a full sort. */
function topHits(hits: Hit[], limit: number, keys: readonly OrderKey[]): Hit[] {
  const compare = (a: Hit, b: Hit) => compareTuples(a.tuple, b.tuple, keys);
  if (hits.length <= limit * 4) return hits.sort(compare).slice(0, limit);
  // A max-heap of the best `limit` hits seen so far.
  const heap: Hit[] = [];
  const up = (index: number) => {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (compare(heap[index]!, heap[parent]!) <= 0) return;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  };
  const down = (index: number) => {
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let largest = index;
      if (left < heap.length && compare(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && compare(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === index) return;
      [heap[index], heap[largest]] = [heap[largest]!, heap[index]!];
      index = largest;
    }
  };
  for (const hit of hits) {
    if (heap.length < limit) {
      heap.push(hit);
      up(heap.length - 1);
    } else if (compare(hit, heap[0]!) < 0) {
      heap[0] = hit;
      down(0);
    }
  }
  return heap.sort(compare);
}
