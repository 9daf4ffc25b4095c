// Reads the strings of a VARCHAR or BLOB result vector a run at a time. node-api's `getItemBytes` copies each
// string over 12 bytes with one native call and a new ArrayBuffer: a million records cost seconds, 65,536 bucket
// texts ~100 ms of calls and more of garbage collection. A vector's strings are `duckdb_string_t`s (length u32,
// prefix, pointer u64) whose bytes DuckDB writes one after another into the vector's string heap; where the next
// string starts exactly where the last one ended, the run is copied with one call of the bindings'
// `get_data_from_pointer` (the call `getItemBytes` makes). Only bytes of the strings themselves are ever read:
// a run is extended string by string, only while each starts where the last ended.
import { createRequire } from 'node:module';
import { blob, validityWords } from './columns.ts';

type GetDataFromPointer = (buffer: ArrayBuffer, pointerOffset: number, byteCount: number) => Uint8Array;

interface StringVectorLike {
  readonly dataView?: unknown;
  readonly validity?: { readonly data?: BigUint64Array | null };
  getItemBytes?(index: number): Uint8Array | null;
  getItem(index: number): unknown;
}

let getData: GetDataFromPointer | null | undefined;

/**
 * The bindings' `get_data_from_pointer`, from the `@duckdb/node-bindings` that `@duckdb/node-api` itself loads
 * (the same module instance, no second copy of DuckDB), or null when it cannot be found.
 */
function dataFromPointer(): GetDataFromPointer | null {
  if (getData !== undefined) return getData;
  try {
    const api = createRequire(import.meta.url).resolve('@duckdb/node-api');
    const bindings = createRequire(api)('@duckdb/node-bindings') as { get_data_from_pointer?: unknown };
    getData =
      typeof bindings.get_data_from_pointer === 'function'
        ? (bindings.get_data_from_pointer as GetDataFromPointer)
        : null;
  } catch {
    getData = null;
  }
  return getData;
}

/**
 * The strings of a vector's rows: row `i` is `runs[run[i]].subarray(start[i], end[i])`; rows of one run lie back
 * to back in it, in row order. Every run is owned by the caller.
 */
export interface StringColumn {
  readonly runs: Uint8Array[];
  readonly run: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

const INLINE = 12;
const STRING_T = 16;
const encoder = new TextEncoder();

/**
 * Reads rows `[0, rows)` of a VARCHAR or BLOB vector with no NULLs (a NULL is an error). `fallback` forces the
 * string-by-string read (tests compare both).
 */
export function readStrings(vector: unknown, rows: number, fallback = false): StringColumn {
  const typed = vector as StringVectorLike;
  const view = typed.dataView;
  const get = fallback ? null : dataFromPointer();
  const words = validityWords(typed);
  const valid = (row: number) => words === undefined || ((words[row >>> 5]! >>> (row & 31)) & 1) === 1;
  const column: StringColumn = {
    runs: [],
    run: new Int32Array(rows),
    start: new Int32Array(rows),
    end: new Int32Array(rows),
  };
  const single = (row: number) => {
    column.run[row] = column.runs.length;
    const bytes = itemBytes(typed, row);
    column.runs.push(bytes);
    column.end[row] = bytes.byteLength;
  };
  if (
    get === null ||
    !(view instanceof DataView) ||
    view.byteOffset % 4 !== 0 ||
    view.byteLength < rows * STRING_T
  ) {
    for (let row = 0; row < rows; row++) single(row);
    return column;
  }
  // a string_t as 32-bit words: length, prefix, pointer low, pointer high (little-endian, as DuckDB runs here)
  const words32 = new Uint32Array(view.buffer, view.byteOffset, rows * 4);
  const pointer = new Uint32Array(2);
  const address = (row: number) => words32[row * 4 + 3]! * 0x1_0000_0000 + words32[row * 4 + 2]!;
  let row = 0;
  while (row < rows) {
    const first = words32[row * 4]!;
    if (first <= INLINE || !valid(row)) {
      single(row);
      row++;
      continue;
    }
    const base = address(row);
    const index = column.runs.length;
    let size = first;
    column.run[row] = index;
    column.end[row] = first;
    let next = row + 1;
    while (next < rows) {
      const length = words32[next * 4]!;
      if (length <= INLINE || !valid(next) || address(next) !== base + size) break;
      column.run[next] = index;
      column.start[next] = size;
      size += length;
      column.end[next] = size;
      next++;
    }
    pointer[0] = words32[row * 4 + 2]!;
    pointer[1] = words32[row * 4 + 3]!;
    column.runs.push(get(pointer.buffer as ArrayBuffer, 0, size));
    row = next;
  }
  return column;
}

/** A row's bytes, owned: a BLOB's as `blob` reads them, a VARCHAR's encoded (node-api reads it as a string). */
function itemBytes(vector: StringVectorLike, row: number): Uint8Array {
  const bytes =
    typeof vector.getItemBytes === 'function' ? blob(vector, row) : textBytes(vector.getItem(row));
  if (bytes === null) throw new Error(`row ${row} is NULL`);
  return bytes;
}

function textBytes(text: unknown): Uint8Array | null {
  return typeof text === 'string' ? encoder.encode(text) : null;
}
