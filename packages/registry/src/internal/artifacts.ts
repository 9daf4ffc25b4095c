import { type ByteSource, PlinthError, textToBytes, uuidv7 } from '@plinth/core';
import type { BlobKey } from '../backend.ts';
import type { ArtifactDownloader } from '../schemas/version.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';
import type { Hasher } from './platform.ts';
import { sha256Key } from './read-artifacts.ts';

/** A stored artifact: its digest and size. */
export interface StoredArtifact {
  sha256: string;
  size: number;
  /** Run id taken from a `{ tracker, runId, path }` artifact. */
  runId?: string;
}

/** An artifact argument after validation. */
export type CheckedArtifact =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'stream'; source: ByteSource }
  | { kind: 'file'; path: string }
  | { kind: 'tracker'; tracker: ArtifactDownloader; runId: string; path: string };

const ARTIFACT_FORMS =
  'a string (UTF-8 content), a Uint8Array or ArrayBuffer, a ReadableStream or async iterable of Uint8Array, { path } of a local file (Node), or { tracker, runId, path }';

const invalidArtifact = (message: string) =>
  errors.invalid('registerVersion options', { path: 'artifact', message });

const isShortString = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max && !value.includes('\0');

/** Validates an artifact argument before anything is written. */
export function checkArtifact(context: Context, artifact: unknown): CheckedArtifact {
  if (typeof artifact === 'string') return { kind: 'bytes', bytes: textToBytes(artifact) };
  if (artifact instanceof Uint8Array) return { kind: 'bytes', bytes: artifact };
  if (artifact instanceof ArrayBuffer) return { kind: 'bytes', bytes: new Uint8Array(artifact) };
  if (typeof artifact !== 'object' || artifact === null)
    throw invalidArtifact(`is required: pass ${ARTIFACT_FORMS}`);
  if (Symbol.asyncIterator in artifact || typeof (artifact as ReadableStream).getReader === 'function')
    return { kind: 'stream', source: artifact as ByteSource };
  const fields = artifact as Record<string, unknown>;
  const keys = Object.keys(fields).sort().join(',');
  if (keys === 'path') {
    if (!isShortString(fields.path, 4096)) throw invalidArtifact('path must be a non-empty file path');
    if (!context.platform.openFile) {
      throw errors.error(
        'PLINTH_UNSUPPORTED_RUNTIME',
        `artifact { path: "${fields.path}" } is a local file, which only Node can read; pass the content (bytes, a string or a stream) in ${context.platform.name}`,
      );
    }
    return { kind: 'file', path: fields.path };
  }
  if (keys === 'path,runId,tracker') {
    const tracker = fields.tracker as ArtifactDownloader | null;
    if (typeof tracker !== 'object' || tracker === null || typeof tracker.downloadArtifact !== 'function')
      throw invalidArtifact('tracker must have a downloadArtifact(runId, path) method');
    if (!isShortString(fields.runId, 256)) throw invalidArtifact('runId must be a non-empty string');
    if (!isShortString(fields.path, 4096)) throw invalidArtifact('path must be a non-empty artifact path');
    return { kind: 'tracker', tracker, runId: fields.runId, path: fields.path };
  }
  throw invalidArtifact(`must be ${ARTIFACT_FORMS}`);
}

async function putBytes(context: Context, bytes: Uint8Array): Promise<StoredArtifact> {
  const sha256 = await context.platform.sha256(bytes);
  const key = sha256Key(sha256);
  if (!(await context.backend.statBlob(key))) {
    try {
      await context.backend.putBlob(key, bytes, { ifNotExists: true });
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    }
  }
  return { sha256, size: bytes.byteLength };
}

async function* chunksOf(source: ByteSource): AsyncGenerator<unknown> {
  if (typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<unknown>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else yield* source as AsyncIterable<unknown>;
}

/** Yields the chunks of a source while hashing them; a chunk that is not bytes fails with `PLINTH_VALIDATION`. */
async function* hashing(source: ByteSource, into: { size: number; hasher: Hasher; failure?: unknown }) {
  for await (const chunk of chunksOf(source)) {
    if (!(chunk instanceof Uint8Array)) {
      into.failure = errors.invalid('registerVersion options', {
        path: 'artifact',
        message: `the stream yielded ${chunk === null ? 'null' : typeof chunk}, not a Uint8Array; nothing was stored`,
      });
      throw into.failure;
    }
    into.hasher.update(chunk);
    into.size += chunk.byteLength;
    yield chunk;
  }
}

/** Streams into an upload blob while hashing, then copies it to its content address (deduplicated). */
async function putStream(context: Context, source: ByteSource): Promise<StoredArtifact> {
  const upload: BlobKey = `uploads/${uuidv7(context.clock)}`;
  const progress: { size: number; hasher: Hasher; failure?: unknown } = {
    size: 0,
    hasher: await context.platform.createHasher(),
  };
  try {
    try {
      await context.backend.putBlob(upload, hashing(source, progress), { ifNotExists: true });
    } catch (error) {
      throw progress.failure ?? error;
    }
    const sha256 = progress.hasher.digest();
    const key = sha256Key(sha256);
    if (!(await context.backend.statBlob(key))) {
      const entry = await context.backend.getBlobStream(upload);
      if (!entry)
        throw errors.error(
          'PLINTH_STORAGE',
          `upload ${upload} vanished before it was stored; register again`,
        );
      try {
        await context.backend.putBlob(key, entry.stream, { ifNotExists: true });
      } catch (error) {
        if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
      }
    }
    return { sha256, size: progress.size };
  } finally {
    await context.backend.deleteBlob(upload).catch(() => undefined);
  }
}

/** Hashes a file, then streams it to its content address unless that blob exists; re-hashes while writing. */
async function putFile(context: Context, path: string): Promise<StoredArtifact> {
  const file = await context.platform.openFile!(path);
  const first = await context.platform.createHasher();
  for await (const chunk of file.open() as AsyncIterable<Uint8Array>) first.update(chunk);
  const sha256 = first.digest();
  const key = sha256Key(sha256);
  if (await context.backend.statBlob(key)) return { sha256, size: file.size };
  const progress = { size: 0, hasher: await context.platform.createHasher() };
  try {
    await context.backend.putBlob(key, hashing(file.open(), progress), { ifNotExists: true });
  } catch (error) {
    if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    return { sha256, size: file.size };
  }
  if (progress.hasher.digest() !== sha256) {
    await context.backend.deleteBlob(key);
    throw errors.error(
      'PLINTH_INTEGRITY',
      `artifact file "${path}" changed while it was being registered; register it again once it is complete`,
    );
  }
  return { sha256, size: progress.size };
}

/** Stores a checked artifact content-addressed by SHA-256 and reports its digest and size. */
export async function storeArtifact(context: Context, artifact: CheckedArtifact): Promise<StoredArtifact> {
  switch (artifact.kind) {
    case 'bytes':
      return putBytes(context, artifact.bytes);
    case 'stream':
      return putStream(context, artifact.source);
    case 'file':
      return putFile(context, artifact.path);
    case 'tracker': {
      const bytes: unknown = await artifact.tracker.downloadArtifact(artifact.runId, artifact.path);
      if (!(bytes instanceof Uint8Array))
        throw invalidArtifact(`tracker.downloadArtifact() returned ${typeof bytes}, not a Uint8Array`);
      return { ...(await putBytes(context, bytes)), runId: artifact.runId };
    }
  }
}
