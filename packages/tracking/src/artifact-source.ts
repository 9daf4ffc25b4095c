import { type ByteSource, textToBytes } from '@plinth/core';
import { iterateBytes } from '@plinth/core/adapter';
import { trackingErrors } from './errors.ts';

/**
 * Artifact content: a `string` (written as UTF-8 text), bytes (`Uint8Array`, `ArrayBuffer`), or a stream of
 * `Uint8Array` chunks (`ReadableStream`, or any `AsyncIterable` such as a Node `Readable`).
 */
export type ArtifactContent =
  | string
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** A local file to store as an artifact (Node only; `PLINTH_UNSUPPORTED_RUNTIME` in browsers). */
export interface LocalFile {
  /** Path of the file, absolute or relative to the working directory. */
  path: string;
}

/** What `logArtifact` accepts: content, or `{ path }` naming a local file. A bare string is content, never a path. */
export type ArtifactSource = ArtifactContent | LocalFile;

const ACCEPTED =
  'a string, Uint8Array, ArrayBuffer, ReadableStream<Uint8Array>, AsyncIterable<Uint8Array>, or { path } for a local file';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return typeof value;
}

/** Passes a stream's chunks through, failing with `PLINTH_VALIDATION` on the first chunk that is not bytes. */
async function* checkedChunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  for await (const chunk of iterateBytes(source) as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array)) {
      throw trackingErrors.invalid('artifact content', {
        path: '',
        message: `a stream chunk is ${describe(chunk)}; streams must yield Uint8Array chunks (encode text with TextEncoder)`,
      });
    }
    yield chunk;
  }
}

function isLocalFile(value: object): value is LocalFile {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'path' && typeof (value as LocalFile).path === 'string';
}

/**
 * The bytes or checked stream to store for an artifact argument.
 * @throws {PlinthError} `PLINTH_VALIDATION` for anything else.
 */
export async function artifactBody(
  source: unknown,
  openLocalFile: (path: string) => Promise<ByteSource>,
): Promise<Uint8Array | ByteSource> {
  if (typeof source === 'string') return textToBytes(source);
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source === 'object' && source !== null) {
    if (typeof (source as ReadableStream).getReader === 'function' || Symbol.asyncIterator in source) {
      return checkedChunks(source as ByteSource);
    }
    if (isLocalFile(source)) {
      if (source.path.length === 0 || source.path.length > 4096 || source.path.includes('\0')) {
        throw trackingErrors.invalid('artifact source', {
          path: 'path',
          message: 'must be a file path of 1 to 4096 characters without NUL',
        });
      }
      return checkedChunks(await openLocalFile(source.path));
    }
  }
  throw trackingErrors.invalid('artifact content', {
    path: '',
    message: `must be ${ACCEPTED}; received ${describe(source)}`,
  });
}
