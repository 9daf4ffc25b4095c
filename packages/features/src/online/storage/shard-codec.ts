import type { OnlineValue } from '../port.ts';
import type { Shard, ShardColumn } from './shard.ts';

/**
 * Shard file format, version 2 (little-endian):
 *
 * ```
 * 0   "PLOS"                      magic
 * 4   u32 format version (2)
 * 8   u32 H: header length in bytes
 * 12  header: UTF-8 JSON { rows, shards, features, kinds, sections: [[offset, length], …] }
 *     padding to a multiple of 8; offsets below count from here
 *     f64[rows] event timestamps · f64[rows] created timestamps (NaN = none) · UTF-8 JSON array of keys
 *     per feature: f64 → f64[rows] values, u8[rows] presence; any → UTF-8 JSON array of tagged values
 * ```
 *
 * Sections start on 8-byte boundaries, so doubles are read in place (no copy, no parse). Version 2 is version 1's
 * bytes with keys placed in shards by the key hash of layout version 2 (key-hash.ts): a version 1 shard holds
 * keys where this store no longer looks for them, so it is refused, not read.
 */
const MAGIC = 0x534f4c50; // "PLOS" read as a little-endian u32
const FORMAT_VERSION = 2;
const PREFIX = 12;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const align8 = (n: number) => (n + 7) & ~7;

/** A value as JSON: bigints and non-finite numbers tagged as `["n", digits]` / `["f", text]`. */
function toJsonValue(value: OnlineValue): unknown {
  if (typeof value === 'bigint') return ['n', value.toString()];
  if (typeof value === 'number' && !Number.isFinite(value)) return ['f', String(value)];
  return value;
}

/** A value as stored in an `any` column's JSON (the inverse of the tagging `encodeShard` applies). */
export function fromJsonValue(value: unknown): OnlineValue {
  if (Array.isArray(value)) return value[0] === 'n' ? BigInt(value[1] as string) : Number(value[1]);
  return value as OnlineValue;
}

interface Header {
  rows: number;
  shards: number;
  features: string[];
  kinds: ('f64' | 'any')[];
  sections: [number, number][];
}

/** A shard file allocated before its values are known: numeric sections are views to fill in place. */
export interface AllocatedShard {
  readonly bytes: Uint8Array;
  readonly event: Float64Array;
  readonly created: Float64Array;
  readonly data: Float64Array[];
  readonly present: Uint8Array[];
}

/**
 * Lays out the file of a shard whose feature columns are all numeric and writes its header and keys, so the
 * caller fills timestamps and values straight into the stored bytes (no second copy of 100 MB of doubles).
 */
export function allocateShard(
  keys: readonly string[],
  features: readonly string[],
  shardCount: number,
): AllocatedShard {
  const rows = keys.length;
  const keyBytes = encoder.encode(JSON.stringify(keys));
  const sections: [number, number][] = [];
  let offset = 0;
  const reserve = (length: number) => {
    sections.push([offset, length]);
    const start = offset;
    offset = align8(offset + length);
    return start;
  };
  const eventAt = reserve(rows * 8);
  const createdAt = reserve(rows * 8);
  const keysAt = reserve(keyBytes.byteLength);
  const columnsAt = features.map(() => [reserve(rows * 8), reserve(rows)] as const);
  const header: Header = {
    rows,
    shards: shardCount,
    features: [...features],
    kinds: features.map(() => 'f64'),
    sections,
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const dataStart = align8(PREFIX + headerBytes.byteLength);
  const bytes = new Uint8Array(dataStart + offset);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, headerBytes.byteLength, true);
  bytes.set(headerBytes, PREFIX);
  bytes.set(keyBytes, dataStart + keysAt);
  const { buffer } = bytes;
  return {
    bytes,
    event: new Float64Array(buffer, dataStart + eventAt, rows),
    created: new Float64Array(buffer, dataStart + createdAt, rows),
    data: columnsAt.map(([at]) => new Float64Array(buffer, dataStart + at, rows)),
    present: columnsAt.map(([, at]) => new Uint8Array(buffer, dataStart + at, rows)),
  };
}

/** Encodes a shard into the bytes stored under its key. */
export function encodeShard(shard: Omit<Shard, 'size' | 'index'>): Uint8Array {
  const rows = shard.keys.length;
  const doubles = (array: Float64Array) => new Uint8Array(array.buffer, array.byteOffset, rows * 8);
  const parts = [doubles(shard.event), doubles(shard.created), encoder.encode(JSON.stringify(shard.keys))];
  const kinds: ('f64' | 'any')[] = [];
  for (const column of shard.columns) {
    kinds.push(column.kind);
    if (column.kind === 'f64') parts.push(doubles(column.data), column.present.subarray(0, rows));
    else parts.push(encoder.encode(JSON.stringify(column.values.map(toJsonValue))));
  }
  return assembleShard(rows, shard.shardCount, shard.features, kinds, parts);
}

/**
 * The bytes of a shard from its sections, already encoded: event and created timestamps (f64), the keys (UTF-8
 * JSON array), then per feature its f64 values and presence bytes (`f64`) or its UTF-8 JSON array (`any`).
 */
export function assembleShard(
  rows: number,
  shardCount: number,
  features: readonly string[],
  kinds: readonly ('f64' | 'any')[],
  parts: readonly Uint8Array[],
): Uint8Array {
  const sections: [number, number][] = [];
  let offset = 0;
  for (const part of parts) {
    sections.push([offset, part.byteLength]);
    offset = align8(offset + part.byteLength);
  }
  const header: Header = { rows, shards: shardCount, features: [...features], kinds: [...kinds], sections };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const dataStart = align8(PREFIX + headerBytes.byteLength);
  const out = new Uint8Array(dataStart + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, PREFIX);
  for (let i = 0; i < parts.length; i++) out.set(parts[i]!, dataStart + sections[i]![0]);
  return out;
}

/**
 * Decodes stored shard bytes. Doubles are viewed in place (the bytes are copied once when not 8-aligned).
 * @throws {Error} when the bytes are not a shard (the caller wraps it in `PLINTH_STORAGE`).
 */
export function decodeShard(stored: Uint8Array): Shard {
  const bytes = stored.byteOffset % 8 === 0 ? stored : stored.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < PREFIX || view.getUint32(0, true) !== MAGIC) throw new Error('not an online shard');
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) {
    throw new Error(
      `shard format version ${version}, this version of Plinth reads version ${FORMAT_VERSION}`,
    );
  }
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as Header;
  const dataStart = bytes.byteOffset + align8(PREFIX + headerLength);
  const { rows } = header;
  let next = 0;
  const section = () => {
    const [offset, length] = header.sections[next++]!;
    if (dataStart + offset + length > bytes.byteOffset + bytes.byteLength) throw new Error('truncated shard');
    return { start: dataStart + offset, length };
  };
  const doubles = () => new Float64Array(bytes.buffer, section().start, rows);
  const text = () => {
    const { start, length } = section();
    return decoder.decode(new Uint8Array(bytes.buffer, start, length));
  };
  const event = doubles();
  const created = doubles();
  const keys = JSON.parse(text()) as string[];
  const columns: ShardColumn[] = header.kinds.map((kind) => {
    if (kind === 'f64') {
      const data = doubles();
      return { kind, data, present: new Uint8Array(bytes.buffer, section().start, rows) };
    }
    return { kind, values: (JSON.parse(text()) as unknown[]).map(fromJsonValue) };
  });
  if (keys.length !== rows || columns.length !== header.features.length)
    throw new Error('inconsistent shard');
  return {
    keys,
    event,
    created,
    features: header.features,
    columns,
    shardCount: header.shards,
    size: stored.byteLength,
  };
}
