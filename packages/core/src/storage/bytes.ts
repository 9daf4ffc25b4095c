import { PlinthError } from '../errors/plinth-error.ts';
import type { ByteSource, StorageValue } from './port.ts';

const encoder = new TextEncoder();
// ignoreBOM: text that starts with U+FEFF keeps it (the default decoder would drop it).
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes of a storage value: strings are UTF-8 encoded; byte arrays are returned as they are. */
export function toBytes(value: StorageValue): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : value;
}

/** Decodes UTF-8 bytes exactly (a leading U+FEFF is kept), throwing a `TypeError` on invalid sequences. */
export function bytesToText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Encodes a string as UTF-8. */
export function textToBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A chunk that is not bytes: `PLINTH_VALIDATION`, so a write from the stream stores nothing. */
function badChunk(chunk: unknown): PlinthError<'PLINTH_VALIDATION'> {
  const kind = chunk === null ? 'null' : Array.isArray(chunk) ? 'array' : typeof chunk;
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: 'core',
    message: `a byte stream chunk is ${kind}, not a Uint8Array; yield Uint8Array chunks (encode text with TextEncoder); nothing was written`,
    details: { issues: [{ path: 'source', message: `stream chunk is ${kind}` }] },
  });
}

function checkedChunk(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk) && Object.prototype.toString.call(chunk) === '[object Uint8Array]') {
    return chunk as Uint8Array;
  }
  throw badChunk(chunk);
}

/**
 * Iterates the chunks of a web stream or async iterable, as they come (see `iterateCheckedBytes`).
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` when the source is neither.
 */
export async function* iterateBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (typeof source !== 'object' || source === null) throw badSource(source);
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    yield* source as AsyncIterable<Uint8Array>;
    return;
  }
  if (typeof (source as ReadableStream<Uint8Array>).getReader !== 'function') throw badSource(source);
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * {@link iterateBytes}, failing on the first chunk that is not a `Uint8Array`: what adapters write from.
 *
 * @throws {PlinthError} `PLINTH_VALIDATION` for a bad source or chunk.
 */
export async function* iterateCheckedBytes(source: ByteSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of iterateBytes(source)) yield checkedChunk(chunk);
}

function badSource(source: unknown): PlinthError<'PLINTH_VALIDATION'> {
  return new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: 'core',
    message: `a byte source must be a ReadableStream or an async iterable of Uint8Array chunks, received ${
      source === null ? 'null' : typeof source
    }`,
    details: { issues: [{ path: 'source', message: 'must be a ReadableStream or an async iterable' }] },
  });
}

/** Reads a whole byte source into one array (one copy of the data). */
export async function collectBytes(source: ByteSource): Promise<Uint8Array> {
  const { chunks, size } = await collectChunks(source);
  return concatBytes(chunks, size);
}

/** Reads a whole byte source into its chunks, unjoined, and their total size. */
export async function collectChunks(source: ByteSource): Promise<{ chunks: Uint8Array[]; size: number }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of iterateCheckedBytes(source)) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  return { chunks, size };
}

/** Concatenates chunks into one array. */
export function concatBytes(chunks: readonly Uint8Array[], size?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = size ?? chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A web stream over `bytes`, in chunks of `chunkSize` (views, not copies). */
export function bytesToStream(bytes: Uint8Array, chunkSize = 1 << 20): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      const end = Math.min(offset + chunkSize, bytes.byteLength);
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
}

/** True when two byte arrays hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
