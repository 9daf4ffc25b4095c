import { trackingErrors } from '../errors.ts';

/** Columns of metric points: value, step and timestamp as float64 (NaN and ±Infinity kept bit for bit). */
export interface MetricColumns {
  /** The values, in logged order. */
  values: Float64Array;
  /** The step of each value. */
  steps: Float64Array;
  /** The timestamp of each value, UTC epoch milliseconds. */
  timestamps: Float64Array;
}

/** Points of one metric key written together: the unit `TrackingBackend.writeMetrics` makes durable. */
export interface MetricBatch {
  /** The metric key. */
  key: string;
  /** The points (only the first `count` of each column are written). */
  columns: MetricColumns;
  /** How many points. */
  count: number;
}

const MAGIC = 0x534d4c50; // "PLMS" little-endian
const FORMAT_VERSION = 1;
/** Header: magic u32, format u32, count u32, reserved u32 — 16 bytes keeps the columns 8-byte aligned. */
export const BATCH_HEADER_BYTES = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Encodes `count` points as one metric batch (the bytes of one `.batch` file): a 16-byte header then the
 * value, step and timestamp columns as little-endian float64.
 */
export function encodeMetricBatch(columns: MetricColumns, count: number): Uint8Array {
  const bytes = new Uint8Array(BATCH_HEADER_BYTES + count * 24);
  const header = new DataView(bytes.buffer);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, FORMAT_VERSION, true);
  header.setUint32(8, count, true);
  if (LITTLE_ENDIAN) {
    const body = new Float64Array(bytes.buffer, BATCH_HEADER_BYTES, count * 3);
    body.set(columns.values.subarray(0, count), 0);
    body.set(columns.steps.subarray(0, count), count);
    body.set(columns.timestamps.subarray(0, count), count * 2);
  } else {
    for (let i = 0; i < count; i++) {
      header.setFloat64(BATCH_HEADER_BYTES + i * 8, columns.values[i]!, true);
      header.setFloat64(BATCH_HEADER_BYTES + (count + i) * 8, columns.steps[i]!, true);
      header.setFloat64(BATCH_HEADER_BYTES + (2 * count + i) * 8, columns.timestamps[i]!, true);
    }
  }
  return bytes;
}

/**
 * Decodes one metric batch into columns (views over an aligned copy of the bytes).
 *
 * @throws {PlinthError} `PLINTH_STORAGE` when the bytes are not a batch of a known format.
 */
export function decodeMetricBatch(bytes: Uint8Array, key: string): MetricColumns {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.byteLength >= BATCH_HEADER_BYTES ? view.getUint32(8, true) : -1;
  if (
    count < 0 ||
    view.getUint32(0, true) !== MAGIC ||
    view.getUint32(4, true) !== FORMAT_VERSION ||
    bytes.byteLength !== BATCH_HEADER_BYTES + count * 24
  ) {
    throw trackingErrors.error(
      'PLINTH_STORAGE',
      `metric batch "${key}" is not a valid batch (truncated or written by another version); delete it to read the rest of the history`,
      { details: { key } },
    );
  }
  if (LITTLE_ENDIAN) {
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    const body = new Float64Array(aligned.buffer, aligned.byteOffset + BATCH_HEADER_BYTES, count * 3);
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
    columns.values[i] = view.getFloat64(BATCH_HEADER_BYTES + i * 8, true);
    columns.steps[i] = view.getFloat64(BATCH_HEADER_BYTES + (count + i) * 8, true);
    columns.timestamps[i] = view.getFloat64(BATCH_HEADER_BYTES + (2 * count + i) * 8, true);
  }
  return columns;
}

/** Concatenates decoded batches into one set of columns. */
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
