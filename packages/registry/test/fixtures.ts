import { createHash } from 'node:crypto';
import { type ManualClock, manualClock, type Signature, type StorageAdapter } from '@plinth/core';
import { memoryStorage } from '@plinth/core/memory';
import { createRegistry, type Registry } from '@plinth/registry';

/** A registry over fresh memory storage with a clock that moves 1 ms per read. */
export function freshRegistry(actor = 'tester'): {
  registry: Registry;
  storage: StorageAdapter;
  clock: ManualClock;
} {
  const storage = memoryStorage();
  const clock = manualClock(Date.UTC(2026, 0, 1), 1);
  return { registry: createRegistry({ storage, clock, actor }), storage, clock };
}

/** SHA-256 by node:crypto, independent of the registry's hashing. */
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Distinct deterministic bytes. */
export const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The example signature of the issue. */
export const signature: Signature = {
  inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 32] }],
  outputs: [{ name: 'score', dtype: 'float32', shape: [-1, 1] }],
};

/** Catches the error a promise rejects with. */
export async function caught(
  promise: Promise<unknown> | (() => unknown),
): Promise<Error & { code?: string }> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
