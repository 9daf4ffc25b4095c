import { trackingError } from '../errors.ts';

/** Columns of metric points: value, step and timestamp as float64 (NaN and ±Infinity kept bit for bit). */
export interface MetricColumns {
  values: Float64Array;
  steps: Float64Array;
  timestamps: Float64Array;
}

const MAGIC = 0x534d4c50; // "PLMS" little-endian
const FORMAT_VERSION = 1;
/** Header: magic u32, format u32, count u32, reserved u32 — 16 bytes keeps the columns 8-byte aligned. */
export const SEGMENT_HEADER_BYTES = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes `count` points as one segment: a 16-byte header then the value, step and timestamp columns
 * as little-endian float64.
 */
export function encodeSegment(columns: MetricColumns, count: number): Uint8Array {
  const bytes = new Uint8Array(SEGMENT_HEADER_BYTES + count * 24);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, FORMAT_VERSION, true);
  header.setUint32(8, count, true);
  if (LITTLE_ENDIAN) {
    const body = new Float64Array(bytes.buffer, SEGMENT_HEADER_BYTES, count * 3);
    body.set(columns.values.subarray(0, count), 0);
    body.set(columns.steps.subarray(0, count), count);
    body.set(columns.timestamps.subarray(0, count), count * 2);
  } else {
    for (let i = 0; i < count; i++) {
      header.setFloat64(SEGMENT_HEADER_BYTES + i * 8, columns.values[i]!, true);
      header.setFloat64(SEGMENT_HEADER_BYTES + (count + i) * 8, columns.steps[i]!, true);
      header.setFloat64(SEGMENT_HEADER_BYTES + (2 * count + i) * 8, columns.timestamps[i]!, true);
    }
  }
  return bytes;
}

/**
 * Decodes one segment into columns (views over an aligned copy of the bytes).
 *
 * @throws {PlinthError} `PLINTH_STORAGE` when the bytes are not a segment of a known format.
 */
export function decodeSegment(bytes: Uint8Array, key: string): MetricColumns {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength >= SEGMENT_HEADER_BYTES ? view.getUint32(8, true) : -1;
  if (
    count < 0 ||
    view.getUint32(0, true) !== MAGIC ||
    view.getUint32(4, true) !== FORMAT_VERSION ||
    bytes.byteLength !== SEGMENT_HEADER_BYTES + count * 24
  ) {
    throw trackingError(
      'PLINTH_STORAGE',
      `metric segment "${key}" is not a valid segment (truncated or written by another version); delete it to read the rest of the history`,
      { key },
    );
  }
  if (LITTLE_ENDIAN) {
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    const body = new Float64Array(aligned.buffer, aligned.byteOffset + SEGMENT_HEADER_BYTES, count * 3);
    return {
      values: body.subarray(0, count),
      steps: body.subarray(count, count * 2),
      timestamps: body.subarray(count * 2, count * 3),
    };
  }
  const columns = {
    values: new Float64Array(count),
    steps: new Float64Array(count),
    timestamps: new Float64Array(count),
  };
  for (let i = 0; i < count; i++) {
    columns.values[i] = view.getFloat64(SEGMENT_HEADER_BYTES + i * 8, true);
    columns.steps[i] = view.getFloat64(SEGMENT_HEADER_BYTES + (count + i) * 8, true);
    columns.timestamps[i] = view.getFloat64(SEGMENT_HEADER_BYTES + (2 * count + i) * 8, true);
  }
  return columns;
}

/** Concatenates decoded segments into one set of columns. */
export function concatColumns(parts: readonly MetricColumns[]): MetricColumns {
  const total = parts.reduce((sum, part) => sum + part.values.length, 0);
  const out = {
    values: new Float64Array(total),
    steps: new Float64Array(total),
    timestamps: new Float64Array(total),
  };
  let offset = 0;
  for (const part of parts) {
    out.values.set(part.values, offset);
    out.steps.set(part.steps, offset);
    out.timestamps.set(part.timestamps, offset);
    offset += part.values.length;
  }
  return out;
}
