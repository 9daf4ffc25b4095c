import type { StorageAdapter } from '@plinth/core';
import { trackingErrors } from '../../errors.ts';
import type { Run } from '../../schemas/run.ts';
import { type Column, decodeColumn, encodeNumbers, encodeStrings } from './column-codec.ts';
import { blankRun, fieldsOfRun, isNumberField, NUMBER_ATTRIBUTES, valueOfRun, writeField } from './fields.ts';

/** A segment as the manifest lists it: its id, row count, and where each field's column is. */
export interface SegmentMeta {
  id: string;
  rows: number;
  /** Number of pack files (`<segment dir>/<n>.pack`). */
  packs: number;
  /** `[field, pack, position in the pack]`, one per column. */
  fields: Array<[string, number, number]>;
}

/** Attribute fields every run is materialized with (missing ones fall back to their defaults). */
const ATTRIBUTE_FIELDS = [
  'a:id',
  'a:experimentId',
  'a:name',
  'a:status',
  'a:lifecycle',
  ...NUMBER_ATTRIBUTES.map((key) => `a:${key}`),
  'a:user',
  'a:parentRunId',
  'a:artifactPrefix',
  'a:inputs',
  'a:extra',
];

/** Packs are filled up to about this many bytes; a column larger than that gets a pack of its own. */
const PACK_BYTES = 1 << 20;

/** A pack: several column files in one storage value (`u32 count`, `u32 sizes…`, 8-aligned bodies). */
function encodePack(columns: readonly Uint8Array[]): Uint8Array {
  const head = (4 + 4 * columns.length + 7) & ~7;
  let size = head;
  for (const column of columns) size += (column.length + 7) & ~7;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, columns.length, true);
  let offset = head;
  columns.forEach((column, i) => {
    view.setUint32(4 + 4 * i, column.length, true);
    out.set(column, offset);
    offset += (column.length + 7) & ~7;
  });
  return out;
}

function decodePack(bytes: Uint8Array): Uint8Array[] {
  const data = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const count = view.getUint32(0, true);
  let offset = (4 + 4 * count + 7) & ~7;
  const columns: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const size = view.getUint32(4 + 4 * i, true);
    if (offset + size > data.length) throw new Error('pack is truncated');
    columns.push(data.subarray(offset, offset + size));
    offset += (size + 7) & ~7;
  }
  return columns;
}

/** Where a row of a new segment comes from: a run document, or a row of an existing segment. */
export type RowSource = Run | { segment: SegmentReader; row: number };

/**
 * Encodes rows (already in run-id order) into pack files: one column per field any row has, packed
 * into values of about 1 MiB, so a query reads little more than the columns it names.
 */
export function buildSegment(
  id: string,
  sources: readonly RowSource[],
): { meta: SegmentMeta; packs: Uint8Array[] } {
  const fields = new Set<string>();
  for (const source of sources) {
    if ('segment' in source) for (const field of source.segment.fieldNames()) fields.add(field);
    else for (const field of fieldsOfRun(source)) fields.add(field);
  }
  const ordered = [...fields].sort();
  const packs: Uint8Array[][] = [[]];
  let packSize = 0;
  const placed: Array<[string, number, number]> = [];
  for (const field of ordered) {
    const column = encodeField(field, sources);
    if (packSize > 0 && packSize + column.length > PACK_BYTES) {
      packs.push([]);
      packSize = 0;
    }
    const pack = packs[packs.length - 1]!;
    placed.push([field, packs.length - 1, pack.length]);
    pack.push(column);
    packSize += column.length;
  }
  return {
    meta: { id, rows: sources.length, packs: packs.length, fields: placed },
    packs: packs.map(encodePack),
  };
}

function encodeField(field: string, sources: readonly RowSource[]): Uint8Array {
  const rows = sources.length;
  if (isNumberField(field)) {
    const values = new Float64Array(rows);
    const present = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      const source = sources[row]!;
      const value =
        'segment' in source ? source.segment.valueAt(field, source.row) : valueOfRun(source, field);
      if (value !== undefined) {
        values[row] = value as number;
        present[row] = 1;
      }
    }
    return encodeNumbers(values, (row) => present[row] === 1);
  }
  const values = new Array<string | undefined>(rows);
  for (let row = 0; row < rows; row++) {
    const source = sources[row]!;
    values[row] = (
      'segment' in source ? source.segment.valueAt(field, source.row) : valueOfRun(source, field)
    ) as string | undefined;
  }
  return encodeStrings(values);
}

/** A segment of an experiment's index, its columns loaded on demand and kept (segments never change). */
export interface SegmentReader {
  readonly meta: SegmentMeta;
  fieldNames(): string[];
  hasField(field: string): boolean;
  /** Loads the packs holding these fields (absent fields are skipped). */
  load(fields: Iterable<string>): Promise<void>;
  /** Loads every column. */
  loadAll(): Promise<void>;
  /** A loaded column, or `undefined` when the segment has no such field. */
  column(field: string): Column | undefined;
  /** The value of a loaded field at a row. */
  valueAt(field: string, row: number): string | number | undefined;
  /** A reader of a loaded field's values by row (`undefined` for every row when the segment lacks it). */
  getter(field: string): (row: number) => string | number | undefined;
  /** The row of a run id (rows are in id order), or -1. Needs `a:id` loaded. */
  rowOf(id: string): number;
  /** The whole run at a row. Needs every column loaded. */
  runAt(row: number): Run;
}

/** Opens a segment stored under `directory` (`<directory><n>.pack`). */
export function segmentReader(storage: StorageAdapter, directory: string, meta: SegmentMeta): SegmentReader {
  const where = new Map<string, [number, number]>();
  for (const [field, pack, position] of meta.fields) where.set(field, [pack, position]);
  const packs = new Map<number, Promise<Uint8Array[]>>();
  const columns = new Map<string, Column>();

  const loadPack = (pack: number) => {
    let pending = packs.get(pack);
    if (!pending) {
      const key = `${directory}${pack}.pack`;
      pending = storage.get(key).then((entry) => {
        if (!entry) {
          throw trackingErrors.error('PLINTH_NOT_FOUND', `search index pack "${key}" is gone; search again`, {
            details: { key, indexPackMissing: true },
          });
        }
        try {
          return decodePack(entry.value);
        } catch (cause) {
          throw trackingErrors.error(
            'PLINTH_STORAGE',
            `search index pack "${key}" is damaged; delete the experiment's index/ folder to rebuild it`,
            { details: { key }, cause },
          );
        }
      });
      pending.catch(() => packs.delete(pack));
      packs.set(pack, pending);
    }
    return pending;
  };

  async function load(fields: Iterable<string>): Promise<void> {
    const wanted = new Map<string, [number, number]>();
    for (const field of fields) {
      const place = where.get(field);
      if (place && !columns.has(field)) wanted.set(field, place);
    }
    await Promise.all(
      [...new Set([...wanted.values()].map(([pack]) => pack))].map(async (pack) => {
        const bodies = await loadPack(pack);
        for (const [field, [p, position]] of where) {
          if (p !== pack || columns.has(field)) continue;
          try {
            columns.set(field, decodeColumn(bodies[position]!));
          } catch (cause) {
            throw trackingErrors.error(
              'PLINTH_STORAGE',
              `search index column "${field}" of segment ${meta.id} is damaged; delete the experiment's index/ folder to rebuild it`,
              { cause },
            );
          }
        }
      }),
    );
  }

  const valueAt = (field: string, row: number): string | number | undefined => {
    const column = columns.get(field);
    if (!column) return undefined;
    if (column.kind === 'string') return column.get(row);
    return column.has(row) ? column.value(row) : undefined;
  };
  const getter = (field: string): ((row: number) => string | number | undefined) => {
    const column = columns.get(field);
    if (!column) return () => undefined;
    if (column.kind === 'string') return column.get;
    return (row) => (column.has(row) ? column.value(row) : undefined);
  };

  return {
    meta,
    fieldNames: () => [...where.keys()],
    hasField: (field) => where.has(field),
    load,
    loadAll: () => load(where.keys()),
    column: (field) => columns.get(field),
    valueAt,
    getter,
    rowOf(id) {
      const ids = columns.get('a:id') as Extract<Column, { kind: 'string' }>;
      let low = 0;
      let high = meta.rows - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const value = ids.get(mid)!;
        if (value === id) return mid;
        if (value < id) low = mid + 1;
        else high = mid - 1;
      }
      return -1;
    },
    runAt(row) {
      const run = blankRun();
      for (const field of ATTRIBUTE_FIELDS) writeField(run, field, valueAt(field, row));
      for (const field of where.keys()) {
        if (field.startsWith('a:')) continue;
        const value = valueAt(field, row);
        if (value !== undefined) writeField(run, field, value);
      }
      return run;
    },
  };
}
