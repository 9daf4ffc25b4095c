import { type ByteSource, iterateBytes, PlinthError, uuidv7 } from '@plinth/core';
import type { Hasher } from '../hash/sha256.ts';
import type { ArtifactInput } from '../schemas/version.ts';
import { COMPONENT, type Context } from './context.ts';
import { layout } from './layout.ts';

/** A stored artifact: its digest and size. */
export interface StoredArtifact {
  sha256: string;
  size: number;
  /** Run id taken from a `{ tracker, runId, path }` artifact. */
  runId?: string;
}

function isByteSource(value: unknown): value is ByteSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    (Symbol.asyncIterator in value || typeof (value as ReadableStream).getReader === 'function')
  );
}

async function putBytes(context: Context, bytes: Uint8Array): Promise<StoredArtifact> {
  const sha256 = await context.platform.sha256(bytes);
  const key = layout.blob(sha256);
  if (!(await context.storage.stat(key))) {
    try {
      await context.storage.put(key, bytes, { ifNotExists: true });
    } catch (error) {
      if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    }
  }
  return { sha256, size: bytes.byteLength };
}

async function* hashing(source: ByteSource, into: { size: number; hasher: Hasher }) {
  for await (const chunk of iterateBytes(source)) {
    into.hasher.update(chunk);
    into.size += chunk.byteLength;
    yield chunk;
  }
}

/** Streams into an upload key while hashing, then moves it to its content address (dedup'd). */
async function putStream(context: Context, source: ByteSource): Promise<StoredArtifact> {
  const upload = layout.upload(uuidv7(context.clock));
  const progress = { size: 0, hasher: context.platform.createHasher() };
  try {
    await context.storage.putStream(upload, hashing(source, progress), { ifNotExists: true });
    const sha256 = progress.hasher.digest();
    const key = layout.blob(sha256);
    if (!(await context.storage.stat(key))) {
      const entry = await context.storage.getStream(upload);
      if (!entry) throw new Error(`upload ${upload} vanished`);
      try {
        await context.storage.putStream(key, entry.stream, { ifNotExists: true });
      } catch (error) {
        if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
      }
    }
    return { sha256, size: progress.size };
  } finally {
    await context.storage.delete(upload).catch(() => undefined);
  }
}

/** Hashes a file, then streams it to its content address unless that blob exists; re-hashes while writing. */
async function putFile(context: Context, path: string): Promise<StoredArtifact> {
  if (!context.platform.openFile) {
    throw new PlinthError({
      code: 'PLINTH_UNSUPPORTED_RUNTIME',
      component: COMPONENT,
      message: `artifact "${path}" is a file path, which only Node can read; pass bytes or a stream in ${context.platform.name}`,
    });
  }
  const file = await context.platform.openFile(path);
  const first = context.platform.createHasher();
  for await (const chunk of iterateBytes(file.open())) first.update(chunk);
  const sha256 = first.digest();
  const key = layout.blob(sha256);
  if (await context.storage.stat(key)) return { sha256, size: file.size };
  const progress = { size: 0, hasher: context.platform.createHasher() };
  try {
    await context.storage.putStream(key, hashing(file.open(), progress), { ifNotExists: true });
  } catch (error) {
    if (!PlinthError.is(error, 'PLINTH_CONFLICT')) throw error;
    return { sha256, size: file.size };
  }
  if (progress.hasher.digest() !== sha256) {
    await context.storage.delete(key);
    throw new PlinthError({
      code: 'PLINTH_INTEGRITY',
      component: COMPONENT,
      message: `artifact file "${path}" changed while it was being registered; register it again once it is complete`,
    });
  }
  return { sha256, size: progress.size };
}

/** Stores an artifact content-addressed by SHA-256 and reports its digest and size. */
export async function storeArtifact(context: Context, artifact: ArtifactInput): Promise<StoredArtifact> {
  if (artifact instanceof Uint8Array) return putBytes(context, artifact);
  if (artifact instanceof ArrayBuffer) return putBytes(context, new Uint8Array(artifact));
  if (typeof artifact === 'string') return putFile(context, artifact);
  if (isByteSource(artifact)) return putStream(context, artifact);
  if (typeof artifact === 'object' && artifact !== null && 'tracker' in artifact) {
    const bytes = await artifact.tracker.downloadArtifact(artifact.runId, artifact.path);
    return { ...(await putBytes(context, bytes)), runId: artifact.runId };
  }
  throw new PlinthError({
    code: 'PLINTH_VALIDATION',
    component: COMPONENT,
    message:
      'artifact must be a Uint8Array, an ArrayBuffer, a ReadableStream or async iterable of bytes, a file path (Node), or { tracker, runId, path }',
    details: { issues: [{ path: 'artifact', message: 'unsupported artifact type' }] },
  });
}

function integrityError(name: string, version: number, expected: string, actual: string, key: string) {
  return new PlinthError({
    code: 'PLINTH_INTEGRITY',
    component: COMPONENT,
    message: `artifact of model "${name}" version ${version} does not match its sha256 (expected ${expected}, got ${actual}); the stored bytes at "${key}" were changed or corrupted: restore them from the source registry`,
    details: { name, version, expected, actual, key },
  });
}

function missingBlob(name: string, version: number, key: string) {
  return new PlinthError({
    code: 'PLINTH_NOT_FOUND',
    component: COMPONENT,
    message: `artifact of model "${name}" version ${version} is missing at "${key}"; restore it or export the model again`,
    details: { name, version, key },
  });
}

/** The whole artifact of a version, its SHA-256 checked. */
export async function loadVerified(
  context: Context,
  target: { name: string; version: number; sha256: string },
): Promise<Uint8Array> {
  const key = layout.blob(target.sha256);
  const entry = await context.storage.get(key);
  if (!entry) throw missingBlob(target.name, target.version, key);
  const actual = await context.platform.sha256(entry.value);
  if (actual !== target.sha256) throw integrityError(target.name, target.version, target.sha256, actual, key);
  return entry.value;
}

/** The artifact as a stream that errors with `PLINTH_INTEGRITY` at its end when the digest differs. */
export async function streamVerified(
  context: Context,
  target: { name: string; version: number; sha256: string },
): Promise<ReadableStream<Uint8Array>> {
  const key = layout.blob(target.sha256);
  const entry = await context.storage.getStream(key);
  if (!entry) throw missingBlob(target.name, target.version, key);
  const hasher = context.platform.createHasher();
  return entry.stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hasher.update(chunk);
        controller.enqueue(chunk);
      },
      flush(controller) {
        const actual = hasher.digest();
        if (actual !== target.sha256) {
          controller.error(integrityError(target.name, target.version, target.sha256, actual, key));
        }
      },
    }),
  );
}
