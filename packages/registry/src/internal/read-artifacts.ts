// Reading an artifact with its SHA-256 checked: what a read-only page needs (storing one is in artifacts.ts).
import type { BlobKey } from '../backend.ts';
import type { Context } from './context.ts';
import { errors } from './errors.ts';

/** The blob key of a digest. */
export const sha256Key = (sha256: string): BlobKey => `sha256/${sha256}`;

function integrityError(name: string, version: number, expected: string, actual: string, key: string) {
  return errors.error(
    'PLINTH_INTEGRITY',
    `artifact of model "${name}" version ${version} does not match its sha256 (expected ${expected}, got ${actual}); the stored bytes at "${key}" were changed or corrupted: restore them from the source registry`,
    { details: { name, version, expected, actual, key } },
  );
}

function missingBlob(name: string, version: number, key: string) {
  return errors.error(
    'PLINTH_NOT_FOUND',
    `artifact of model "${name}" version ${version} is missing at "${key}"; restore it or export the model again`,
    { details: { name, version, key } },
  );
}

/** The whole artifact of a version, its SHA-256 checked. */
export async function loadVerified(
  context: Context,
  target: { name: string; version: number; sha256: string },
): Promise<Uint8Array> {
  const key = sha256Key(target.sha256);
  const bytes = await context.backend.getBlob(key);
  if (!bytes) throw missingBlob(target.name, target.version, `blobs/${key}`);
  const actual = await context.platform.sha256(bytes);
  if (actual !== target.sha256)
    throw integrityError(target.name, target.version, target.sha256, actual, `blobs/${key}`);
  return bytes;
}

/** The artifact as a stream that errors with `PLINTH_INTEGRITY` at its end when the digest differs. */
export async function streamVerified(
  context: Context,
  target: { name: string; version: number; sha256: string },
): Promise<ReadableStream<Uint8Array>> {
  const key = sha256Key(target.sha256);
  const hasher = await context.platform.createHasher();
  const entry = await context.backend.getBlobStream(key);
  if (!entry) throw missingBlob(target.name, target.version, `blobs/${key}`);
  return entry.stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hasher.update(chunk);
        controller.enqueue(chunk);
      },
      flush(controller) {
        const actual = hasher.digest();
        if (actual !== target.sha256) {
          controller.error(
            integrityError(target.name, target.version, target.sha256, actual, `blobs/${key}`),
          );
        }
      },
    }),
  );
}
