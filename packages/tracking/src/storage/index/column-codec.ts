/**
 * Column files of the search index: one file per field of a segment, binary, read without parsing.
 *
 * Layout: `PLC1`, a little-endian u32 header length, the header (JSON), then sections each starting at a
 * multiple of 8 bytes so typed arrays view them in place. Kinds:
 * - `dict` (strings with few distinct values): codes (u8/u16/u32, 0 = missing) and a dictionary;
 * - `text` (mostly distinct strings): presence bitmap and one string per row;
 * - `f64` (numbers): presence bitmap and Float64 values (NaN, ±Infinity and -0 kept);
 * - `int` (integers in a range under 2^32): presence bitmap and offsets from `base` in 0, 1, 2 or 4 bytes.
 *
 * Strings are stored as one UTF-8 blob with UTF-16 offsets, so a column decodes with one `TextDecoder`
 * call and each value is a substring; a blob with lone surrogates is stored as a JSON string instead.
 */
const MAGIC = [0x50, 0x4c, 0x43, 0x31];

interface Header {
  kind: 'dict' | 'text' | 'f64' | 'int';
  rows: number;
  sections: number[];
  /** dict: number of entries; the code width in bytes. int: width in bytes (0 = every value is `base`). */
  width?: number;
  entries?: number;
  base?: number;
  /** The string blob is a JSON string (it holds lone surrogates), not UTF-8 text. */
  json?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const pad8 = (length: number) => (length + 7) & ~7;

function assemble(header: Omit<Header, 'sections'>, sections: Uint8Array[]): Uint8Array {
  const headerBytes = encoder.encode(JSON.stringify({ ...header, sections: sections.map((s) => s.length) }));
  let size = pad8(8 + headerBytes.length);
  for (const section of sections) size += pad8(section.length);
  const out = new Uint8Array(size);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let offset = pad8(8 + headerBytes.length);
  for (const section of sections) {
    out.set(section, offset);
    offset += pad8(section.length);
  }
  return out;
}

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

function presenceOf(rows: number, has: (row: number) => boolean): Uint8Array {
  const bits = new Uint8Array((rows + 7) >> 3);
  let all = true;
  for (let row = 0; row < rows; row++) {
    if (has(row)) bits[row >> 3]! |= 1 << (row & 7);
    else all = false;
  }
  return all ? new Uint8Array(0) : bits;
}

function stringBlob(values: readonly string[]): { offsets: Uint32Array; blob: Uint8Array; json: boolean } {
  const offsets = new Uint32Array(values.length + 1);
  let at = 0;
  let wellFormed = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    at += value.length;
    offsets[i + 1] = at;
    if (wellFormed && !value.isWellFormed()) wellFormed = false;
  }
  const joined = values.join('');
  return {
    offsets,
    blob: encoder.encode(wellFormed ? joined : JSON.stringify(joined)),
    json: !wellFormed,
  };
}

/** Encodes a string column; `undefined` is a missing value. */
export function encodeStrings(values: ReadonlyArray<string | undefined>): Uint8Array {
  const rows = values.length;
  const codes = new Map<string, number>();
  const entries: string[] = [];
  for (const value of values) {
    if (value === undefined || codes.has(value)) continue;
    codes.set(value, entries.length + 1);
    entries.push(value);
    if (entries.length > rows / 2 && entries.length > 16) break;
  }
  if (entries.length > rows / 2 && entries.length > 16) {
    const present = presenceOf(rows, (row) => values[row] !== undefined);
    const { offsets, blob, json } = stringBlob(values.map((value) => value ?? ''));
    return assemble({ kind: 'text', rows, ...(json ? { json } : {}) }, [present, bytesOf(offsets), blob]);
  }
  const width = entries.length < 0xff ? 1 : entries.length < 0xffff ? 2 : 4;
  const array =
    width === 1 ? new Uint8Array(rows) : width === 2 ? new Uint16Array(rows) : new Uint32Array(rows);
  for (let row = 0; row < rows; row++) {
    const value = values[row];
    array[row] = value === undefined ? 0 : codes.get(value)!;
  }
  const { offsets, blob, json } = stringBlob(entries);
  return assemble({ kind: 'dict', rows, width, entries: entries.length, ...(json ? { json } : {}) }, [
    bytesOf(array),
    bytesOf(offsets),
    blob,
  ]);
}

/** Encodes a number column; rows whose `present` bit is clear are missing. */
export function encodeNumbers(values: Float64Array, present: (row: number) => boolean): Uint8Array {
  const rows = values.length;
  const presence = presenceOf(rows, present);
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let row = 0; row < rows && integers; row++) {
    if (!present(row)) continue;
    const value = values[row]!;
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) integers = false;
    else {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (integers && max - min < 2 ** 32) {
    const base = min === Infinity ? 0 : min;
    const range = max - min;
    const width = !(range > 0) ? 0 : range < 0x100 ? 1 : range < 0x10000 ? 2 : 4;
    const array =
      width === 1 ? new Uint8Array(rows) : width === 2 ? new Uint16Array(rows) : new Uint32Array(rows);
    if (width > 0) for (let row = 0; row < rows; row++) if (present(row)) array[row] = values[row]! - base;
    return assemble({ kind: 'int', rows, base, width }, [
      presence,
      width === 0 ? new Uint8Array(0) : bytesOf(array),
    ]);
  }
  const copy = new Float64Array(rows);
  for (let row = 0; row < rows; row++) if (present(row)) copy[row] = values[row]!;
  return assemble({ kind: 'f64', rows }, [presence, bytesOf(copy)]);
}

/** A decoded string column. `code` is 0 for a missing value; `entry(code)` is the string of a code. */
export interface StringColumn {
  readonly kind: 'string';
  readonly rows: number;
  /** Number of distinct codes, including 0 (missing). */
  readonly codeCount: number;
  code(row: number): number;
  entry(code: number): string | undefined;
  get(row: number): string | undefined;
}

/** A decoded number column. */
export interface NumberColumn {
  readonly kind: 'number';
  readonly rows: number;
  has(row: number): boolean;
  /** The value of a present row (0 for a missing one). */
  value(row: number): number;
}

/** A decoded column of either kind. */
export type Column = StringColumn | NumberColumn;

function parseHeader(bytes: Uint8Array): { header: Header; sections: Uint8Array[] } {
  let data = bytes;
  // Typed arrays need aligned views: copy when the buffer is not 8-aligned.
  if (data.byteOffset % 8 !== 0) data = data.slice();
  if (data.length < 8 || MAGIC.some((byte, i) => data[i] !== byte)) throw new Error('not a column file');
  const length = new DataView(data.buffer, data.byteOffset, 8).getUint32(4, true);
  const header = JSON.parse(decoder.decode(data.subarray(8, 8 + length))) as Header;
  const sections: Uint8Array[] = [];
  let offset = pad8(8 + length);
  for (const size of header.sections) {
    if (offset + size > data.length) throw new Error('column file is truncated');
    sections.push(data.subarray(offset, offset + size));
    offset += pad8(size);
  }
  return { header, sections };
}

function view<T>(bytes: Uint8Array, width: number): T {
  const count = bytes.byteLength / (width || 1);
  if (width === 1) return new Uint8Array(bytes.buffer, bytes.byteOffset, count) as T;
  if (width === 2) return new Uint16Array(bytes.buffer, bytes.byteOffset, count) as T;
  if (width === 4) return new Uint32Array(bytes.buffer, bytes.byteOffset, count) as T;
  return new Float64Array(bytes.buffer, bytes.byteOffset, count) as T;
}

function strings(offsetsBytes: Uint8Array, blob: Uint8Array, json: boolean) {
  const offsets = view<Uint32Array>(offsetsBytes, 4);
  let text: string | undefined;
  return (index: number): string => {
    text ??= json ? (JSON.parse(decoder.decode(blob)) as string) : decoder.decode(blob);
    return text.slice(offsets[index]!, offsets[index + 1]!);
  };
}

const hasBit = (bits: Uint8Array) =>
  bits.length === 0 ? () => true : (row: number) => (bits[row >> 3]! & (1 << (row & 7))) !== 0;

/**
 * Decodes a column file made by {@link encodeStrings} or {@link encodeNumbers}; values are decoded on access.
 * @throws {Error} when the bytes are not a column file (the caller turns it into `PLINTH_STORAGE`).
 */
export function decodeColumn(bytes: Uint8Array): Column {
  const { header, sections } = parseHeader(bytes);
  const rows = header.rows;
  if (header.kind === 'dict') {
    const codes = view<Uint8Array | Uint16Array | Uint32Array>(sections[0]!, header.width!);
    const at = strings(sections[1]!, sections[2]!, header.json === true);
    const cache: Array<string | undefined> = [];
    const entry = (code: number) => {
      if (code === 0) return undefined;
      let value = cache[code];
      if (value === undefined) cache[code] = value = at(code - 1);
      return value;
    };
    return {
      kind: 'string',
      rows,
      codeCount: header.entries! + 1,
      code: (row) => codes[row]!,
      entry,
      get: (row) => entry(codes[row]!),
    };
  }
  if (header.kind === 'text') {
    const has = hasBit(sections[0]!);
    const at = strings(sections[1]!, sections[2]!, header.json === true);
    // Each row is its own code (row + 1), so per-code work is per-row work.
    const get = (row: number) => (has(row) ? at(row) : undefined);
    return {
      kind: 'string',
      rows,
      codeCount: rows + 1,
      code: (row) => (has(row) ? row + 1 : 0),
      entry: (code) => (code === 0 ? undefined : at(code - 1)),
      get,
    };
  }
  const has = hasBit(sections[0]!);
  if (header.kind === 'f64') {
    const values = view<Float64Array>(sections[1]!, 8);
    return { kind: 'number', rows, has, value: (row) => values[row]! };
  }
  const base = header.base!;
  if (header.width === 0) return { kind: 'number', rows, has, value: (row) => (has(row) ? base : 0) };
  const values = view<Uint8Array | Uint16Array | Uint32Array>(sections[1]!, header.width!);
  return { kind: 'number', rows, has, value: (row) => (has(row) ? base + values[row]! : 0) };
}
