// Typed reading of DuckDB result chunks for materialization: DOUBLE columns are copied as whole vectors and
// their validity read as bit words, instead of one getter call (and one BigInt mask) per value.

/** The part of a node-api vector read here (items and validity are public fields of its typed vectors). */
interface VectorLike {
  readonly items?: unknown;
  readonly validity?: { readonly data?: BigUint64Array | null };
  getItem(index: number): unknown;
}

interface BlobVectorLike {
  getItemBytes(index: number): Uint8Array | null;
}

/** A blob's bytes, owned (node-api returns a view into the chunk for payloads of 12 bytes or fewer). */
export function blob(vector: unknown, row: number): Uint8Array | null {
  const bytes = (vector as BlobVectorLike).getItemBytes(row);
  return bytes === null || bytes.byteLength > 12 ? bytes : bytes.slice();
}

/** The validity bits of a vector as 32-bit words, or undefined when every row is valid. */
export function validityWords(vector: Pick<VectorLike, 'validity'>): Uint32Array | undefined {
  const data = vector.validity?.data;
  return data ? new Uint32Array(data.buffer, data.byteOffset, data.length * 2) : undefined;
}

/** True when some row of `vector` in `[0, rows)` is not NULL. */
function anyValid(vector: VectorLike, rows: number): boolean {
  const words = validityWords(vector);
  if (words === undefined) return rows > 0;
  const full = rows >>> 5;
  for (let w = 0; w < full; w++) if (words[w] !== 0) return true;
  const rest = rows & 31;
  return rest > 0 && (words[full]! & ((1 << rest) - 1)) !== 0;
}

/**
 * One output column built from a pair of result columns: `exact` (usually a DOUBLE) and an optional `other`
 * holding the value where `exact` is NULL (an int64 beyond 2^53, as a BIGINT). Stays a `Float64Array` while
 * every value is a non-null double; otherwise becomes an array of values (`convert` applied to each).
 */
export class PairColumn {
  private data: Float64Array;
  private valid: Uint8Array;
  private nulls = 0;
  private generic: unknown[] | undefined;
  length = 0;

  private readonly convert: (value: unknown) => unknown;

  constructor(capacity: number, convert: (value: unknown) => unknown) {
    this.convert = convert;
    this.data = new Float64Array(capacity);
    this.valid = new Uint8Array(capacity);
  }

  /** Appends the `rows` rows of a chunk's `exact` (and `other`) vectors. */
  append(exactVector: unknown, otherVector: unknown, rows: number): void {
    const exact = exactVector as VectorLike;
    const other = otherVector as VectorLike | undefined;
    const items = exact.items;
    const typed =
      this.generic === undefined &&
      items instanceof Float64Array &&
      (other === undefined || !anyValid(other, rows));
    if (!typed) {
      const out = this.toGeneric();
      for (let row = 0; row < rows; row++) {
        const value = exact.getItem(row);
        out.push(this.convert(value === null && other ? other.getItem(row) : value));
      }
      this.length += rows;
      return;
    }
    this.reserve(this.length + rows);
    const at = this.length;
    this.data.set((items as Float64Array).subarray(0, rows), at);
    const words = validityWords(exact);
    if (words === undefined) this.valid.fill(1, at, at + rows);
    else {
      const valid = this.valid;
      let nulls = 0;
      for (let row = 0; row < rows; row++) {
        const bit = (words[row >>> 5]! >>> (row & 31)) & 1;
        valid[at + row] = bit;
        nulls += 1 - bit;
      }
      this.nulls += nulls;
    }
    this.length += rows;
  }

  /** The column: a `Float64Array` when every value is a non-null double, else values with nulls. */
  finish(): ArrayLike<unknown> {
    if (this.generic !== undefined) return this.generic;
    if (this.nulls === 0) return this.data.slice(0, this.length);
    const out: unknown[] = new Array(this.length);
    for (let row = 0; row < this.length; row++) out[row] = this.valid[row] === 1 ? this.data[row] : null;
    return out;
  }

  /** True when no value is non-null (every row NULL). */
  allNull(): boolean {
    if (this.generic !== undefined) return this.generic.every((value) => value === null);
    return this.nulls === this.length;
  }

  private toGeneric(): unknown[] {
    if (this.generic === undefined) {
      const out: unknown[] = new Array(this.length);
      for (let row = 0; row < this.length; row++) out[row] = this.valid[row] === 1 ? this.data[row] : null;
      this.generic = out;
    }
    return this.generic;
  }

  private reserve(size: number): void {
    if (size <= this.data.length) return;
    const capacity = Math.max(size, this.data.length * 2);
    const data = new Float64Array(capacity);
    data.set(this.data.subarray(0, this.length));
    const valid = new Uint8Array(capacity);
    valid.set(this.valid.subarray(0, this.length));
    this.data = data;
    this.valid = valid;
  }
}
