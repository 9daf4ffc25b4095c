import { type BigIntStats, statSync } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { PlinthError } from '../../errors/plinth-error.ts';
import { errorCode, ioError } from './io-error.ts';

/** Chunk size of streamed reads (1 MiB: at 256 KiB a streamed 50 MiB load + sha256 cost 1.2× a plain read, at 1 MiB 0.92×). */
export const STREAM_CHUNK_BYTES = 1024 * 1024;

function isAbsent(error: unknown): boolean {
  return errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';
}

/** Bigint stats of a value file, or `undefined` when it does not exist. */
export async function statFile(file: string, component: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(file, { bigint: true });
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw ioError(component, 'stat', file, error);
  }
}

/** {@link statFile}, synchronously (a metadata system call; no thread-pool trip). */
export function statFileSync(file: string, component: string): BigIntStats | undefined {
  try {
    return statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw ioError(component, 'stat', file, error);
  }
}

/** An open handle on a value file with its stats, or `undefined` when it does not exist. */
export async function openFile(
  file: string,
  component: string,
): Promise<{ handle: FileHandle; stats: BigIntStats } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw ioError(component, 'open', file, error);
  }
  try {
    return { handle, stats: await handle.stat({ bigint: true }) };
  } catch (error) {
    await handle.close().catch(() => {});
    throw ioError(component, 'stat', file, error);
  }
}

/** Reads a whole value file through its handle into a fresh array, then closes the handle. */
export async function readAll(handle: FileHandle, size: number, file: string, component: string) {
  // Not zero-filled (every byte is overwritten by the read) and not pooled (the caller owns the buffer).
  const bytes = new Uint8Array(Buffer.allocUnsafeSlow(size).buffer, 0, size);
  try {
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === size ? bytes : bytes.subarray(0, offset);
  } catch (error) {
    throw ioError(component, 'read', file, error);
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * A web stream over an open value file, read in 1 MiB chunks; closes the handle at the end, on
 * cancel, on error and when `signal` fires.
 */
export function fileStream(
  handle: FileHandle,
  file: string,
  component: string,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  let position = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', onAbort);
    await handle.close().catch(() => {});
  };
  let onAbort = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort = () => {
        controller.error(
          new PlinthError({
            code: 'PLINTH_ABORTED',
            component,
            message: 'read aborted by its AbortSignal',
            cause: signal?.reason,
          }),
        );
        void close();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const chunk = new Uint8Array(STREAM_CHUNK_BYTES);
        const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, position);
        if (bytesRead === 0) {
          await close();
          controller.close();
          return;
        }
        position += bytesRead;
        controller.enqueue(bytesRead === chunk.byteLength ? chunk : chunk.subarray(0, bytesRead));
      } catch (error) {
        await close();
        controller.error(ioError(component, 'read', file, error));
      }
    },
    async cancel() {
      await close();
    },
  });
}
